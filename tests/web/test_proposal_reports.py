"""A proposal's revision as the Secretary-General's report in the web app and the API:
clean by default, annotated on request, with its own file name; members only; an
issued proposal rendered as issued; downloads take no turn."""

from __future__ import annotations

import io

import pdfplumber
from sqlalchemy import Engine

from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role
from rbb.web.admission import LONG_READS

from .conftest import add_user, login, make_client


def _proposal(engine: Engine) -> int:
    """The seed UNMIK:2025/26 budget copied as proposal 1 (revision 1)."""
    add_user(engine, "ana", Role.EDITOR)
    add_user(engine, "omar", Role.APPROVER)
    add_user(engine, "vera", Role.VIEWER)
    return ProposalService(engine).new_copied("UNMIK:2025/26", by="ana").id


def test_each_format_clean_and_annotated(seeded_sqlite: Engine) -> None:
    pid = _proposal(seeded_sqlite)
    vera = make_client(seeded_sqlite)
    login(vera, "vera")  # a viewer reads proposals
    overview = vera.get(f"/proposals/{pid}")
    assert f'href="/proposals/{pid}/report.pdf?revision=1"' in overview.text
    assert f'href="/proposals/{pid}/report.docx?revision=1&amp;annotate=1"' in overview.text
    assert f'href="/proposals/{pid}/workbook.xlsx?revision=1"' in overview.text
    assert 'enctype="multipart/form-data"' not in overview.text  # a viewer uploads nothing

    md = vera.get(f"/proposals/{pid}/report.md")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.headers["content-disposition"] == (
        f'attachment; filename="unmik-budget-2025-26-proposal-{pid}-r1.md"')
    assert "Draft (not issued)" in md.text and "Check finding" not in md.text
    assert "Findings of the checks" not in md.text
    marked = vera.get(f"/proposals/{pid}/report.md?revision=1&annotate=1")
    assert marked.headers["content-disposition"] == (
        f'attachment; filename="unmik-budget-2025-26-proposal-{pid}-r1-annotated.md"')
    assert "## Annex. Findings of the checks" in marked.text

    html = vera.get(f"/proposals/{pid}/report.html")
    assert html.headers["content-disposition"].startswith("inline;")
    assert "sandbox" in html.headers["content-security-policy"]
    assert "num flagged" not in html.text
    assert "num flagged" in vera.get(f"/proposals/{pid}/report.html?annotate=1").text
    docx = vera.get(f"/proposals/{pid}/report.docx")
    assert docx.content.startswith(b"PK") and docx.headers["content-disposition"].endswith(
        f'proposal-{pid}-r1.docx"')
    pdf = vera.get(f"/api/v1/proposals/{pid}/revisions/1/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.content)) as read:
        text = "\n".join(page.extract_text() or "" for page in read.pages)
    assert "International staff" in text and "Findings of the checks" not in text
    annotated = vera.get(f"/api/v1/proposals/{pid}/revisions/1/report.pdf?annotate=true")
    assert annotated.headers["content-disposition"].endswith('-r1-annotated.pdf"')


def test_what_is_not_there_and_who_may_not_see_it(seeded_sqlite: Engine) -> None:
    pid = _proposal(seeded_sqlite)
    anonymous = make_client(seeded_sqlite)
    for url in (f"/proposals/{pid}/report.md", f"/api/v1/proposals/{pid}/revisions/1/report.md",
                f"/proposals/{pid}/workbook.xlsx", f"/api/v1/proposals/{pid}/workbook"):
        response = anonymous.get(url, follow_redirects=False)
        assert response.status_code in (401, 303), url  # the page sends to the login
        assert "content-disposition" not in response.headers
    vera = make_client(seeded_sqlite)
    login(vera, "vera")
    assert vera.get(f"/proposals/{pid}/report.exe").status_code == 404
    assert vera.get(f"/proposals/{pid}/report.md?revision=7").status_code == 404
    assert vera.get(f"/api/v1/proposals/{pid}/revisions/2/report.md").status_code == 404
    assert vera.get("/proposals/99/report.md").status_code == 404
    assert vera.get(f"/proposals/{pid}/report.EXE..").status_code in (404, 422)


def test_an_issued_proposal_is_rendered_as_issued(seeded: Engine) -> None:
    """On SQLite and PostgreSQL: the issued revision is the report as issued."""
    seeded_sqlite = seeded
    pid = _proposal(seeded_sqlite)
    service = ProposalService(seeded_sqlite)
    from rbb.model.proposals import ProposalAction
    service.act(pid, ProposalAction.SUBMIT, by="ana")
    service.act(pid, ProposalAction.APPROVE, by="omar")
    service.act(pid, ProposalAction.ISSUE, by="omar")
    vera = make_client(seeded_sqlite)
    login(vera, "vera")
    md = vera.get(f"/proposals/{pid}/report.md")
    assert "Report of the Secretary-General" in md.text and "Draft" not in md.text.split(
        "\n## ", 1)[0]
    assert "Findings of the checks" not in md.text
    assert "Findings of the checks" in vera.get(f"/proposals/{pid}/report.md?annotate=1").text


def test_reports_and_workbooks_take_no_turn() -> None:
    for path in ("/proposals/{proposal_id}/report.{format}",
                 "/proposals/{proposal_id}/revisions/{number}/report.{format}",
                 "/proposals/{proposal_id}/workbook.xlsx", "/proposals/{proposal_id}/workbook"):
        assert LONG_READS.fullmatch(path), path
    assert not LONG_READS.fullmatch("/proposals/{proposal_id}")
    assert not LONG_READS.fullmatch("/proposals/{proposal_id}/compare")


def test_routes_are_in_the_app(client_routes: None = None) -> None:
    from rbb.web.endpoints import RESOURCES, proposal_reports, proposals_view
    # After the proposals' own routes, so /proposals/{id} is not read as a report.
    assert RESOURCES.index(proposal_reports) > RESOURCES.index(proposals_view)
