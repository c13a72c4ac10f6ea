"""The SQL statements of an uncached request, counted (issue 12): on PostgreSQL each
costs about 0.15 ms of the client's processor time and a round trip, which is what a
page costs beyond what it shows. A page reads a document's summary with the parts it
shows in one statement, and the document's stored findings with its mission's state in
one; anything it asks twice is asked once. Counts are deterministic: no timing here.

Counted where the statements are sent: every cursor execution of the store's engine and
of the engine its reads go through (``statements.reading``: on PostgreSQL a second pool
in autocommit, which a listener on the store's engine alone never sees)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event

from rbb.engine import run_checks, sort_findings
from rbb.model import Document, DocumentKey, DocumentKind, Finding, Period
from rbb.services.document_service import DocumentService
from rbb.storage import DocumentStore, canonical_json, create_database_engine
from rbb.storage.statements import reading
from tests.conftest import store_url
from tests.legislative_documents import fictonia_documents

from .conftest import make_client

FINANCIAL = "/missions/UNMIK/2025-26/budget/financial"
COMPONENT = "/missions/UNMIK/2025-26/budget/frameworks/substantive"
OVERVIEW = "/missions/UNMIK/2025-26"
TABLE_JSON = "/api/v1/documents/UNMIK/2025-26/budget/financial-tables/financial_resources"
BUDGET = DocumentKey(mission="UNMIK", period=Period.parse("2025/26"), kind=DocumentKind.BUDGET)


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The statements sent to the store while the block runs (requests run in other
    threads of the test client: a list's append is atomic)."""
    sent: list[str] = []

    def note(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    with reading(engine) as connection:
        reader = connection.engine
    engines = {id(engine): engine, id(reader): reader}.values()
    for each in engines:
        event.listen(each, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        for each in engines:
            event.remove(each, "before_cursor_execute", note)


def _sent_by(client: Any, engine: Engine, path: str) -> list[str]:
    with statements(engine) as sent:
        response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return sent


@pytest.mark.parametrize(("path", "expected"), [
    # the summary with the money tables and variance explanations; the findings with
    # the mission's state (rows with findings are marked)
    (FINANCIAL, 2),
    # the summary with the components; the findings with the mission's state
    (COMPONENT, 2),
    # the summary with the one part served as stored
    (TABLE_JSON, 1),
    ("/healthz", 0),
])
def test_an_uncached_request_sends_few_statements(seeded: Engine, path: str,
                                                  expected: int) -> None:
    client = make_client(seeded, cache=False)
    client.get(path)  # statements built and connections opened once per process
    sent = _sent_by(client, seeded, path)
    assert len(sent) == expected, sent
    assert _sent_by(client, seeded, path) == sent, "the same statements every time"


def _stored_again_by_another_process(engine: Engine, **changes: Any) -> None:
    """``rbb load`` of the budget in another process: stored, then its mission's
    findings brought up to date, through an engine of its own (the app is not told)."""
    other = create_database_engine(store_url(engine))
    try:
        service = DocumentService(other)
        document = service.store.load("UNMIK", "2025/26", "budget")
        service.save(document.model_copy(update=changes))
    finally:
        other.dispose()


def test_the_first_request_after_another_process_stored_the_same_document(
        seeded: Engine) -> None:
    # cache_seconds 0: the store's version is asked on each request
    client = make_client(seeded, cache_seconds=0.0)
    client.get(FINANCIAL)
    _stored_again_by_another_process(seeded)
    sent = _sent_by(client, seeded, FINANCIAL)
    # the store's version; the findings with the summary and the mission's state, which
    # say the kept page still shows what it would show now
    assert len(sent) == 2, sent
    assert len(_sent_by(client, seeded, FINANCIAL)) == 1, "then only the version"


def test_the_first_request_after_another_process_changed_the_document(
        seeded: Engine) -> None:
    client = make_client(seeded, cache_seconds=0.0)
    client.get(FINANCIAL)
    _stored_again_by_another_process(seeded, title="A budget retitled elsewhere")
    with statements(seeded) as sent:
        page = client.get(FINANCIAL)
    assert "A budget retitled elsewhere" in page.text
    # the version; the findings with the summary and the state (the summary differs:
    # the page is rendered again); the parts the page shows
    assert len(sent) == 3, [s[:80] for s in sent]


def test_findings_read_with_the_summary_are_those_of_rbb_check(seeded: Engine) -> None:
    """What the one statement reads is what a check of the documents computes, and a
    change by another writer that left the findings stale is seen (and the findings
    brought up to date) by the next read."""
    client = make_client(seeded, cache=False)
    library = client.app.state.rbb.library  # type: ignore[attr-defined]
    store = DocumentStore(seeded)
    budget = store.load("UNMIK", "2025/26", "budget")
    performance = store.load("UNMIK", "2021/22", "performance")
    found = [s.finding for s in library.snapshot().findings_of(BUDGET)]
    assert found == _checked([budget, performance], budget)
    # Another writer stores the performance report relabelled as the report of 2023/24
    # and checks nothing: its expenditure now disagrees with the 2023/24 column the
    # budget prints, a finding across the two reports that the next read must show.
    moved = Document.model_validate_json(canonical_json(performance).replace(
        "2021/22", "2023/24").replace("2021_22", "2023_24"))
    store.save(moved)
    after = [s.finding for s in library.snapshot().findings_of(BUDGET)]
    assert after == _checked([budget, performance, moved], budget)
    assert any(f.code == "cross.amount" for f in after) and after != found


def _checked(documents: list[Document], document: Document) -> list[Finding]:
    """What ``rbb check`` finds on ``document`` checked with ``documents``."""
    return [f for f in sort_findings(run_checks(documents)) if f.document == str(document.key)]


def test_a_document_first_read_in_a_kept_snapshot(seeded: Engine) -> None:
    """The cache on and the store unchanged (the spread load over every document): the
    performance report's page after the budget's, in the same snapshot, reads its
    summary with its parts and its findings; the mission's state is known already."""
    client = make_client(seeded, cache_seconds=3600.0)
    client.get(FINANCIAL)
    sent = _sent_by(client, seeded, "/missions/UNMIK/2021-22/performance/financial")
    assert len(sent) == 2, sent
    assert _sent_by(client, seeded, "/missions/UNMIK/2021-22/performance/financial") == []


def test_the_home_page_names_its_missions_from_one_read(seeded: Engine) -> None:
    client = make_client(seeded, cache=False)
    client.get("/")
    with_one_mission = len(_sent_by(client, seeded, "/"))
    DocumentStore(seeded).save_all(
        [(document, (), text) for document, text in fictonia_documents()])
    client.get("/")
    assert len(_sent_by(client, seeded, "/")) == with_one_mission


def test_a_period_overview_reads_its_mission_alone(seeded: Engine) -> None:
    client = make_client(seeded, cache=False)
    client.get(OVERVIEW)
    sent = _sent_by(client, seeded, OVERVIEW)
    register = [s for s in sent if "FROM missions" in s]
    assert register, sent  # the mission's name is read...
    assert all("missions.code =" in s for s in register), register  # ...of it alone
    assert _sent_by(client, seeded, OVERVIEW) == sent, "the same statements every time"
