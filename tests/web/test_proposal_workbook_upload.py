"""An edited proposal workbook in the web app and the API: uploaded, read as a dry run
showing the cells edited and the comparison with the newest revision, then saved
exactly as shown; a bad cell refused by its address with nothing stored; a viewer
uploads nothing; the save of a review made stale by another revision refused."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from rbb.services.proposal_service import ProposalService
from rbb.services.proposal_workbook import COSTS, VACANCY, VARIANCES, main_table
from rbb.storage.accounts import Role
from rbb.web.endpoints import proposal_workbooks
from rbb.web.workbook_uploads import WorkbookUploads

from .conftest import add_user, csrf_token, login, make_client, store_state

PROPOSED = "Cost estimates (2025/26)"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkbookUploads:
    kept = WorkbookUploads(tmp_path / "kept", max_kept=3)
    monkeypatch.setattr(proposal_workbooks, "staged_uploads", kept)
    return kept


def _proposal(engine: Engine) -> int:
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def edited(data: bytes, sheet: str, row_key: str, heading: str, value: Any
           ) -> tuple[bytes, str]:
    """The workbook with the cell of row ``row_key`` under ``heading`` set; its address."""
    book = load_workbook(io.BytesIO(data))
    found = book[sheet]
    column = [c.value for c in found[1]].index(heading) + 1
    row = next(r for r in range(2, found.max_row + 1) if found.cell(r, 1).value == row_key)
    cell = found.cell(row, column)
    cell.value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), f"{sheet}!{cell.coordinate}"


def _upload(client: TestClient, pid: int, data: bytes) -> Any:
    token = csrf_token(client, f"/proposals/{pid}")
    return client.post(f"/proposals/{pid}/workbook", data={"csrf_token": token},
                       files={"file": ("edited.xlsx", data, XLSX)}, follow_redirects=False)


def test_upload_review_and_save(seeded: Engine, own_folder: WorkbookUploads) -> None:
    pid = _proposal(seeded)
    ana = make_client(seeded)
    login(ana, "ana")
    overview = ana.get(f"/proposals/{pid}")
    assert f'action="/proposals/{pid}/workbook"' in overview.text
    exported = ana.get(f"/proposals/{pid}/workbook.xlsx?revision=1")
    assert exported.status_code == 200 and exported.headers["content-type"] == XLSX
    assert exported.headers["content-disposition"] == (
        f'attachment; filename="proposal-{pid}-r1.xlsx"')
    # International staff, 2025/26 proposed: 23 790.6 in the seed, 22 000.125 edited.
    data, cell = edited(exported.content, COSTS, "international_staff", PROPOSED,
                        Decimal("22000.125"))
    text = "Lower vacancy rate, new posts & <b>markup</b> kept as text."
    data, where = edited(data, VARIANCES, "international_staff 1", "Explanation", text)
    data, _ = edited(data, VACANCY, "international_staff 2025/26 proposed",
                     "Rate (per cent)", Decimal("10.5"))
    before = store_state(seeded)
    review = _upload(ana, pid, data)
    assert review.status_code == 200, review.text
    # The rate in the comparison too (8.8 in the seed: +1.7); the parts it leaves alone
    # are not shown.
    assert re.search(r'<th scope="row">international_staff</th><td>2025/26</td><td>proposed'
                     r'</td><td class="num">8.8</td><td class="num">10.5</td>'
                     r'<td class="num">\+1.7</td>', review.text)
    assert "Post actions" not in review.text and "Follow-up of requests" not in review.text
    assert f"<code>{cell}</code>" in review.text and f"<code>{where}</code>" in review.text
    assert "<td>23790.6</td><td>22000.125</td>" in review.text
    # the comparison, as the tables print it: 22 000.125 − 23 790.6 = −1 790.475
    assert re.search(r'"num">23\W790\.6</td><td class="num">22\W000\.125</td>', review.text)
    assert "&lt;b&gt;markup&lt;/b&gt;" in review.text and "<b>markup</b>" not in review.text
    assert "Compared with revision 1, the newest" in review.text
    assert store_state(seeded) == before  # a dry run stores nothing
    action = re.search(r'action="(/proposals/\d+/workbook/[A-Za-z0-9_-]+)"', review.text)
    assert action is not None
    saved = ana.post(action.group(1), data={"csrf_token": csrf_token(ana, f"/proposals/{pid}"),
                                           "comment": "from Excel"}, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/proposals/{pid}?saved=2"
    document = ProposalService(seeded).document(pid, 2)
    table = main_table(document)
    assert table is not None
    row = next(r for r in table.rows if r.line == "international_staff")
    assert row.values["cost_estimates_2025_26"] == Decimal("22000.125")
    assert ProposalService(seeded).history(pid)[-1].comment == "from Excel"  # type: ignore[union-attr]
    # The token is spent: saving again stores nothing.
    again = ana.post(action.group(1), data={"csrf_token": csrf_token(ana, f"/proposals/{pid}")})
    assert again.status_code == 404
    assert ProposalService(seeded).store.proposal(pid).head == 2


def test_a_bad_cell_is_refused_by_its_address(seeded_sqlite: Engine) -> None:
    pid = _proposal(seeded_sqlite)
    ana = make_client(seeded_sqlite)
    login(ana, "ana")
    exported = ana.get(f"/proposals/{pid}/workbook.xlsx").content
    data, cell = edited(exported, COSTS, "international_staff", PROPOSED, "lots")
    before = store_state(seeded_sqlite)
    refused = _upload(ana, pid, data)
    assert refused.status_code == 422
    assert f"{cell}: found" in refused.text and "expected" in refused.text
    assert "Save as a new revision" not in refused.text
    api = ana.post(f"/api/v1/proposals/{pid}/workbook", content=data,
                   headers={"content-type": XLSX, "x-csrf-token": csrf_token(ana, "/proposals")})
    assert api.status_code == 422 and api.headers["content-type"].startswith(
        "application/problem+json")
    assert api.json()["cell"] == cell and "found text 'lots'" in api.json()["detail"]
    assert store_state(seeded_sqlite) == before
    junk = _upload(ana, pid, b"not a workbook at all")
    assert junk.status_code == 422 and "not an Excel workbook" in junk.text


def test_a_viewer_uploads_nothing(seeded_sqlite: Engine) -> None:
    pid = _proposal(seeded_sqlite)
    vera = make_client(seeded_sqlite)
    login(vera, "vera")
    exported = vera.get(f"/proposals/{pid}/workbook.xlsx").content
    data, _ = edited(exported, COSTS, "international_staff", PROPOSED, Decimal("1"))
    before = store_state(seeded_sqlite)
    assert _upload(vera, pid, data).status_code == 403
    api = vera.post(f"/api/v1/proposals/{pid}/workbook", content=data,
                    headers={"content-type": XLSX,
                             "x-csrf-token": csrf_token(vera, "/proposals")})
    assert api.status_code == 403
    assert store_state(seeded_sqlite) == before


def test_a_review_made_stale_is_not_saved(seeded_sqlite: Engine) -> None:
    """Another revision lands between the review and the save: the save is refused and
    the review shown again against the new head, nothing stored."""
    pid = _proposal(seeded_sqlite)
    ana = make_client(seeded_sqlite)
    login(ana, "ana")
    data, _ = edited(ana.get(f"/proposals/{pid}/workbook.xlsx").content, COSTS,
                     "international_staff", PROPOSED, Decimal("22000"))
    review = _upload(ana, pid, data)
    action = re.search(r'action="(/proposals/\d+/workbook/[A-Za-z0-9_-]+)"', review.text)
    assert action is not None
    service = ProposalService(seeded_sqlite)
    document = service.document(pid, 1)
    service.save(pid, document.model_copy(update={"title": document.title + " (retitled)"}),
                 based_on=1, by="ana")
    stale = ana.post(action.group(1), data={"csrf_token": csrf_token(ana, "/proposals")})
    assert stale.status_code == 409
    assert "revision 2 was saved after the review" in stale.text
    assert "Compared with revision 2, the newest" in stale.text
    assert service.store.proposal(pid).head == 2


def test_the_api_dry_run_then_save(seeded_sqlite: Engine) -> None:
    pid = _proposal(seeded_sqlite)
    ana = make_client(seeded_sqlite)
    login(ana, "ana")
    exported = ana.get(f"/api/v1/proposals/{pid}/workbook")
    assert exported.status_code == 200 and exported.content.startswith(b"PK")
    data, cell = edited(exported.content, COSTS, "international_staff", PROPOSED,
                        Decimal("22000.5"))
    headers = {"x-csrf-token": csrf_token(ana, "/proposals")}
    dry = ana.post(f"/api/v1/proposals/{pid}/workbook?dry_run=true",
                   files={"file": ("w.xlsx", data, XLSX)}, headers=headers)
    assert dry.status_code == 200
    body = dry.json()
    assert body["saved"] is None and body["edits"] == [
        {"cell": cell, "old": "23790.6", "new": "22000.5"}]
    figure = next(f for f in body["diff"]["figures"] if f["line"] == "international_staff"
                  and f["column"] == "cost_estimates_2025_26")
    assert (figure["old"], figure["new"], figure["change"]) == ("23790.6", "22000.5", "-1790.1")
    assert ProposalService(seeded_sqlite).store.proposal(pid).head == 1
    stale = ana.post(f"/api/v1/proposals/{pid}/workbook", content=data,
                     headers={**headers, "content-type": XLSX, "if-match": '"7"'})
    assert stale.status_code == 409
    saved = ana.post(f"/api/v1/proposals/{pid}/workbook?comment=excel", content=data,
                     headers={**headers, "content-type": XLSX, "if-match": '"1"'})
    assert saved.status_code == 201 and saved.headers["etag"] == '"2"'
    assert saved.json()["revision"]["number"] == 2
    assert saved.headers["location"].endswith(f"/proposals/{pid}/revisions/2")


def test_uploads_kept_are_bounded(tmp_path: Path) -> None:
    kept = WorkbookUploads(tmp_path / "k", max_kept=3)
    tokens = [kept.keep(b"x", user_id=1, proposal=1, name="w.xlsx").token for _ in range(5)]
    assert len(list((tmp_path / "k").glob("*.xlsx"))) == 3
    assert kept.staged(tokens[-1], user_id=1, proposal=1).path.read_bytes() == b"x"
    for token, user, proposal in ((tokens[0], 1, 1), (tokens[-1], 2, 1), (tokens[-1], 1, 2),
                                  ("../../etc/passwd", 1, 1)):
        with pytest.raises(Exception, match="no longer kept"):
            kept.staged(token, user_id=user, proposal=proposal)
    old = WorkbookUploads(tmp_path / "k", max_age=-1)
    with pytest.raises(Exception, match="no longer kept"):
        old.staged(tokens[-1], user_id=1, proposal=1)


def test_a_folder_others_can_write_is_never_used(tmp_path: Path) -> None:
    """A folder planted in the shared temporary folder, open to every account, would let
    another account read or swap an upload between its review and its save."""
    planted = tmp_path / "planted"
    planted.mkdir()
    planted.chmod(0o777)
    with pytest.raises(PermissionError, match="not a private folder"):
        WorkbookUploads(planted).keep(b"x", user_id=1, proposal=1, name="w.xlsx")
    assert list(planted.iterdir()) == []


def test_the_api_refuses_what_is_not_a_workbook(seeded_sqlite: Engine) -> None:
    pid = _proposal(seeded_sqlite)
    ana = make_client(seeded_sqlite)
    login(ana, "ana")
    headers = {"content-type": XLSX, "x-csrf-token": csrf_token(ana, "/proposals")}
    junk = ana.post(f"/api/v1/proposals/{pid}/workbook", content=b"PK not really",
                    headers=headers)
    assert junk.status_code == 400 and "not an Excel workbook" in junk.json()["detail"]
    assert "cell" not in junk.json()
    empty = ana.post(f"/api/v1/proposals/{pid}/workbook", content=b"", headers=headers)
    assert empty.status_code == 400 and "the body is empty" in empty.json()["detail"]
    assert ana.post("/api/v1/proposals/99/workbook", content=b"x",
                    headers=headers).status_code == 404
