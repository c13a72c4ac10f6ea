"""Pages kept with what they read: served again while it is unchanged, built again as
soon as a document, its findings or its mission's documents change — whoever changed
the store."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model import Document
from rbb.services.account_service import Role
from rbb.services.document_service import DocumentService
from rbb.services.mission_register_service import MissionRegisterService
from rbb.storage import DocumentStore
from rbb.web.page_cache import Reading, page_key
from tests.storage.test_document_store import budget_2025_26

from .conftest import add_user, login, make_client

FINANCIAL = "/missions/UNMIK/2025-26/budget/financial"


def _other_mission(document: Document, code: str) -> Document:
    return document.model_copy(update={"mission": document.mission.model_copy(
        update={"code": code, "name": f"United Nations Test Mission {code}"})})


def _kept(client: TestClient) -> int:
    return len(client.app.state.rbb.library.pages)  # type: ignore[attr-defined]


def _served_from_cache(client: TestClient, path: str) -> bool:
    """Whether a request for the page now would be answered from the cache."""
    library = client.app.state.rbb.library  # type: ignore[attr-defined]
    return library.pages.find(library.snapshot(), page_key("testserver", path, "", "")) \
        is not None


def test_a_page_is_kept_and_served_again_while_what_it_read_is_unchanged(
        sqlite_engine: Engine) -> None:
    store = DocumentStore(sqlite_engine)
    store.save(budget_2025_26())
    client = make_client(sqlite_engine)
    first = client.get(FINANCIAL)
    assert first.status_code == 200 and _served_from_cache(client, FINANCIAL)
    again = client.get(FINANCIAL)
    assert again.content == first.content
    assert again.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-security-policy" in again.headers, "security headers on a kept page"
    # Another process stores a report of another mission: the page stays kept.
    DocumentService(sqlite_engine).save(_other_mission(budget_2025_26(), "TESTB"))
    assert _served_from_cache(client, FINANCIAL)
    assert client.get(FINANCIAL).content == first.content


def test_a_changed_document_is_shown_at_once(sqlite_engine: Engine) -> None:
    DocumentStore(sqlite_engine).save(budget_2025_26())
    client = make_client(sqlite_engine)
    assert "89.4" in client.get(FINANCIAL).text
    # Another writer stores the report with Medical at 89.5: the kept page no longer
    # matches the store.
    DocumentStore(sqlite_engine).save(budget_2025_26(medical="89.5"))
    assert not _served_from_cache(client, FINANCIAL)
    changed = client.get(FINANCIAL).text
    assert "89.5" in changed and "89.4" not in changed


def test_the_same_report_stored_again_keeps_its_pages(sqlite_engine: Engine) -> None:
    """``rbb load`` of a report whose content is unchanged: the page's document and
    findings are the same, so the page stays kept."""
    DocumentStore(sqlite_engine).save(budget_2025_26())
    client = make_client(sqlite_engine)
    first = client.get(FINANCIAL)
    DocumentService(sqlite_engine).save(budget_2025_26())
    assert _served_from_cache(client, FINANCIAL)
    assert client.get(FINANCIAL).content == first.content


def test_pages_of_signed_in_users_are_not_kept(sqlite_engine: Engine) -> None:
    DocumentStore(sqlite_engine).save(budget_2025_26())
    add_user(sqlite_engine, "ana", Role.EDITOR)
    client = make_client(sqlite_engine)
    assert login(client, "ana").status_code == 303
    page = client.get(FINANCIAL)
    assert page.status_code == 200 and "ana" in page.text
    assert _kept(client) == 0


def test_a_page_that_read_nothing_through_the_snapshot_depends_on_the_store(
        sqlite_engine: Engine) -> None:
    """A plugin's page may read the store its own way: kept, it is served again only
    while the store is unchanged."""
    client = make_client(sqlite_engine)
    library = client.app.state.rbb.library  # type: ignore[attr-defined]
    read = Reading(snapshot=library.snapshot())
    library.pages.keep("a plugin's page", b"<p>drivers</p>", read)
    assert library.pages.find(library.snapshot(), "a plugin's page") == b"<p>drivers</p>"
    DocumentService(sqlite_engine).save(budget_2025_26())
    library.invalidate()
    assert library.pages.find(library.snapshot(), "a plugin's page") is None


def test_a_mission_renamed_in_the_register_renames_its_kept_overview(
        sqlite_engine: Engine) -> None:
    """The overview names its mission from the register entry alone: an admin's edit of
    the entry (the version of the store changes, the documents do not) shows at once."""
    DocumentStore(sqlite_engine).save(budget_2025_26())
    client = make_client(sqlite_engine)
    overview = "/missions/UNMIK/2025-26"
    assert client.get(overview).status_code == 200 and _served_from_cache(client, overview)
    MissionRegisterService(sqlite_engine).edit("UNMIK", {"name": "A renamed test mission"},
                                               by="admin")
    assert not _served_from_cache(client, overview)
    assert "A renamed test mission" in client.get(overview).text
