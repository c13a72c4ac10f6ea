"""A budget proposal's revision rendered as the Secretary-General's report
(docs/preparation.md, "The report for submission").

Clean by default: what is sent to the Advisory Committee carries no check finding. The
annotated copy (a reviewer's) marks the figures the checks question, notes them under
their tables and lists them in an annex, as ``rbb report`` does for a published report.
The issued revision of an issued proposal is the report as issued: no longer marked
draft. The mission's stored reports are the context (earlier periods' figures)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rbb.model.base import generated_file_name
from rbb.model.errors import NotFoundError
from rbb.model.proposals import ProposalState

if TYPE_CHECKING:
    from rbb.model import Document
    from rbb.reports import ReportFormat

    from .proposal_service import ProposalService

ANNOTATED = "-annotated"


@dataclass(frozen=True, slots=True)
class ProposalReport:
    proposal: int
    revision: int
    annotated: bool
    issued: bool
    """The revision is the one the proposal was issued as (rendered as not a draft)."""
    filename: str
    """``unmik-budget-2026-27-proposal-3-r2.pdf`` (``...-r2-annotated.pdf``)."""
    media_type: str
    data: bytes


def report_file_name(document: Document, proposal_id: int, revision: int,
                     fmt: ReportFormat, *, annotated: bool) -> str:
    from rbb.reports import report_key

    stem = f"{report_key(document)}-proposal-{proposal_id}-r{revision}"
    return generated_file_name(f"{stem}{ANNOTATED if annotated else ''}{fmt.extension}")


def issued_revision(service: ProposalService, proposal_id: int) -> int | None:
    """The revision an issued proposal was issued as (None while it is not issued)."""
    from rbb.model.proposals import ProposalAction, Transition

    proposal = service.store.proposal(proposal_id)
    if proposal.state is not ProposalState.ISSUED:
        return None
    issues = [r for r in service.history(proposal_id)
              if isinstance(r, Transition) and r.action is ProposalAction.ISSUE]
    return issues[-1].revision if issues else proposal.head


def context_documents(service: ProposalService, document: Document) -> list[Document]:
    """The mission's stored reports other than one of the same identity."""
    from rbb.storage.repository import DocumentStore

    store = DocumentStore(service.engine)
    return [store.load_by_id(s.id) for s in store.summaries(mission=document.mission.code)
            if (s.period, s.kind) != (document.period, document.kind)]


def proposal_report(service: ProposalService, proposal_id: int, fmt: ReportFormat, *,
                    revision: int | None = None, annotate: bool = False) -> ProposalReport:
    """Revision ``revision`` (the head by default) as a report in ``fmt``."""
    from rbb.engine.checks import run_checks
    from rbb.reports import build_report, render_report

    proposal = service.store.proposal(proposal_id)
    number = proposal.head if revision is None else revision
    if not 1 <= number <= proposal.head:
        raise NotFoundError(f"proposal {proposal_id} has no revision {number}")
    document = service.document(proposal_id, number)
    issued = issued_revision(service, proposal_id) == number
    if issued and document.draft:
        document = document.model_copy(update={"draft": False})
    others = context_documents(service, document)
    findings = run_checks([document, *others]) if annotate else []
    report = build_report(document, context_documents=others, findings=findings,
                          annotate=annotate)
    return ProposalReport(
        proposal=proposal_id, revision=number, annotated=annotate, issued=issued,
        filename=report_file_name(document, proposal_id, number, fmt, annotated=annotate),
        media_type=fmt.media_type, data=render_report(report, fmt))
