"""A proposal's revision as the Secretary-General's report (docs/preparation.md, "The
report for submission"): the downloads of the overview page and the API.

Clean unless ``annotate=1`` (the reviewer's copy with the check findings). Proposals are
never public: members only. A report rendered as PDF takes seconds: the endpoints are
plain ``def`` (the thread pool) and their paths are among ``LONG_READS``, so they take
no turn (``rbb.web.admission``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi import Path as PathParam

from rbb.model.errors import InputError, NotFoundError
from rbb.reports import ReportFormat, report_format
from rbb.services.proposal_reports import ProposalReport, proposal_report

from ..admission import ReadRoute
from ..context import member, services
from ..downloads import REPORT_POLICY
from ..problems import responses
from .proposals_view import ProposalId, RevisionNumber

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

FORMAT = r"^[a-z][a-z0-9-]{0,15}$"
FormatName = Annotated[str, PathParam(
    pattern=FORMAT, examples=["pdf"],
    description="html, md, docx, pdf or a report format a plugin adds; another is 404.")]
Annotate = Annotated[bool, Query(
    description="The reviewer's copy: the figures the checks question marked, noted under "
                "their tables and listed in an annex. Without it, the clean report as sent "
                "for submission.")]
MEDIA: dict[str, dict[str, object]] = {
    "text/html": {}, "text/markdown": {}, "application/pdf": {},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}


def _format(name: str) -> ReportFormat:
    try:
        return report_format(name)
    except InputError as error:
        raise NotFoundError(str(error)) from None


def report_response(done: ProposalReport, fmt: ReportFormat) -> Response:
    """The file, named as the downloads of a stored report are (``Content-Disposition``
    with a name of plain characters, the HTML sandboxed)."""
    disposition = "inline" if fmt.inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{done.filename}"',
               "Cache-Control": "no-store"}
    if fmt.name == "html":
        headers["Content-Security-Policy"] = REPORT_POLICY
    return Response(done.data, media_type=done.media_type, headers=headers)


def _render(request: Request, proposal_id: int, format_name: str, revision: int | None,
            annotate: bool) -> Response:
    fmt = _format(format_name)
    done = proposal_report(services(request).proposals, proposal_id, fmt, revision=revision,
                           annotate=annotate)
    return report_response(done, fmt)


@page.get("/proposals/{proposal_id}/report.{format}", dependencies=[Depends(member)])
def report_download(request: Request, proposal_id: ProposalId, format: FormatName,
                    revision: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
                    annotate: Annotate = False) -> Response:
    """Revision ``revision`` (the head by default) as the report."""
    return _render(request, proposal_id, format, revision, annotate)


@api.get("/proposals/{proposal_id}/revisions/{number}/report.{format}",
         name="proposal_report", dependencies=[Depends(member)], response_class=Response,
         responses={200: {"description": "The report", "content": MEDIA},
                    **responses(400, 401, 404, 422)},
         summary="A revision as the Secretary-General's report (clean, or annotated)",
         description="Renders the revision as the report in the format named; clean (as "
                     "sent for submission) unless `annotate=true`. The issued revision of "
                     "an issued proposal is rendered as issued, not marked draft.")
def report_json(request: Request, proposal_id: ProposalId, number: RevisionNumber,
                format: FormatName, annotate: Annotate = False) -> Response:
    return _render(request, proposal_id, format, number, annotate)
