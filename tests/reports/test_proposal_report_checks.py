"""The report regenerated from a budget proposal passes ``rbb check``: the UNMIK budget
2025/26 copied as a proposal, and a 2026/27 proposal drafted from it by its drivers
(``ProposalService.new_drafted``), each rendered clean in every format.

What holds: every format renders; the clean report carries no finding annotation; the
document of each revision has no error finding (two warnings, ``staffing.civilian-cost``,
come from the seed itself); the PDF reads back through the importers to the very
document (its attached data), which passes ``rbb check`` alike.

What does not (recorded, not hidden): read from its *text* alone (a PDF without the
attached data), the regenerated report comes back with import errors and error findings;
and rbb's own Markdown is not read back at all (the text importer finds the identity
and no table, with no diagnostic). The strict ``xfail`` tests below say so and fail
the day it holds."""

from __future__ import annotations

import collections
import io
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from rbb.engine.checks import run_checks
from rbb.importers import import_bytes, import_text
from rbb.model import Document, Period, Severity
from rbb.reports import ReportFormat
from rbb.services.proposal_reports import ProposalReport, proposal_report
from rbb.services.proposal_service import ProposalService
from rbb.storage import create_database_engine, upgrade
from tests.services.test_proposal_service import seeded_proposals

FORMATS = (ReportFormat.HTML, ReportFormat.MARKDOWN, ReportFormat.DOCX, ReportFormat.PDF)
CASES = ("copied", "drafted")
ANNOTATIONS = ("Findings of the checks", "Check finding", "num flagged", "annex-findings",
               "FDE2CF")


@pytest.fixture(scope="module")
def proposals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ProposalService,
                                                                              int]]:
    folder: Path = tmp_path_factory.mktemp("proposal-reports")
    engine = create_database_engine(f"sqlite:///{folder / 'rbb.sqlite'}")
    upgrade(engine)
    service = seeded_proposals(engine)
    copied = service.new_copied("UNMIK:2025/26", by="ed").id
    drafted = service.new_drafted("UNMIK:2025/26", Period.parse("2026/27"), by="ed").id
    return {"copied": (service, copied), "drafted": (service, drafted)}


@cache
def _render(service: ProposalService, pid: int, fmt: ReportFormat) -> ProposalReport:
    return proposal_report(service, pid, fmt)


def _errors(document: Document) -> list[str]:
    return [f"{f.code}: {f.message}" for f in run_checks([document])
            if f.severity is Severity.ERROR]


def _visible(data: bytes, fmt: ReportFormat) -> str:
    if fmt is ReportFormat.PDF:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if fmt is ReportFormat.DOCX:
        import zipfile
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("word/document.xml").decode("utf-8")
    return data.decode("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_the_revision_has_no_error_finding(
        proposals: dict[str, tuple[ProposalService, int]], case: str) -> None:
    service, pid = proposals[case]
    document = service.document(pid, 1)
    assert document.period.label == {"copied": "2025/26", "drafted": "2026/27"}[case]
    assert _errors(document) == []
    codes = collections.Counter(f.code for f in run_checks([document]))
    assert codes == {"staffing.civilian-cost": 2}  # warnings the seed carries


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
@pytest.mark.parametrize("case", CASES)
def test_every_format_renders_clean(proposals: dict[str, tuple[ProposalService, int]],
                                    case: str, fmt: ReportFormat) -> None:
    service, pid = proposals[case]
    done = _render(service, pid, fmt)
    assert done.filename.endswith(f"-proposal-{pid}-r1{fmt.extension}") and not done.annotated
    text = _visible(done.data, fmt)
    for mark in ANNOTATIONS:
        assert mark not in text, (case, fmt.name, mark)
    assert "International staff" in text
    period = {"copied": "2025/26", "drafted": "2026/27"}[case]
    assert f"1 July {period[:4]}" in text or period in text


@pytest.mark.parametrize("case", CASES)
def test_the_pdf_reads_back_to_the_document_which_passes_the_checks(
        proposals: dict[str, tuple[ProposalService, int]], case: str) -> None:
    service, pid = proposals[case]
    document = service.document(pid, 1)
    result = import_bytes(_render(service, pid, ReportFormat.PDF).data, name="proposal.pdf")
    assert result.ok(strict=True) and result.document is not None
    assert [d.code for d in result.diagnostics] == ["embedded-data"]
    assert result.document.model_copy(update={"source": document.source}) == document
    assert _errors(result.document) == []


def _text_only_pdf(service: ProposalService, pid: int) -> bytes:
    """The report's PDF without its attached data: what a reader gets from the text."""
    from weasyprint import HTML

    html = _render(service, pid, ReportFormat.HTML).data.decode("utf-8")
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@pytest.mark.xfail(strict=True, reason=(
    "read from its text alone, the regenerated report does not import cleanly: copied, "
    "import errors missing-column, table-without-rows, unknown-class and check errors "
    "staffing.office-sum (2), tables.programmatic-total; drafted 2026/27, import errors "
    "bad-number (8), table-without-rows, missing-column and check error prose.parts-total"))
@pytest.mark.parametrize("case", CASES)
def test_the_pdf_text_alone_reads_back_without_error(
        proposals: dict[str, tuple[ProposalService, int]], case: str) -> None:
    service, pid = proposals[case]
    result = import_bytes(_text_only_pdf(service, pid), name="proposal.pdf")
    assert result.document is not None
    assert (result.document.mission.code, result.document.period) == (
        "UNMIK", service.document(pid, 1).period)
    assert not result.errors, [d.code for d in result.errors]
    assert _errors(result.document) == []


@pytest.mark.xfail(strict=True, reason=(
    "rbb's Markdown report is not read back: the text importer finds the identity and "
    "no money table, and says nothing about it"))
def test_the_markdown_reads_back_with_its_tables(
        proposals: dict[str, tuple[ProposalService, int]]) -> None:
    service, pid = proposals["drafted"]
    text = _render(service, pid, ReportFormat.MARKDOWN).data.decode("utf-8")
    result = import_text(text, name="proposal.md")
    assert result.document is not None
    assert result.document.period == Period.parse("2026/27")
    assert len(result.document.financial_tables) == len(
        service.document(pid, 1).financial_tables)
