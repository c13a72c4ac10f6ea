"""The editors of a proposal's prose (docs/preparation.md, "Editing variance explanations,
paragraphs and requests"): the analysis of variances class by class, with a draft from the
attribution by cost driver for a class not yet explained; the numbered paragraphs by
section; the follow-up of the legislative bodies' requests. Pages and API.

Each save goes through ``proposal_editing.save_part`` (forms) or ``save_part_json``
(API): a new revision based on the one the form showed (``If-Match`` in the API); the
reading of fields into records is ``rbb.services.prose_edits``'s."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from rbb.engine.proposal_anchors import follow_up_anchor, paragraph_anchors, variance_anchor
from rbb.model import Document
from rbb.model.errors import NotFoundError
from rbb.model.proposals import ProposalContent
from rbb.model.tables import VarianceExplanation
from rbb.services import prose_edits as prose
from rbb.services.account_service import User
from rbb.services.costing_service import CostingService

from ..admission import ReadRoute
from ..context import api_write, csrf_form, editor, member, services
from ..json_bodies import JSON, plain_json
from ..templating import render
from .login_account_view import SECURED
from .proposal_comments import comment_counts
from .proposal_editing import (
    Fields,
    can_edit,
    field,
    form_fields,
    save_part,
    save_part_json,
)
from .proposals_view import READ_ERRORS, WRITE_ERRORS, ProposalId

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)

ClassLine = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[a-z0-9_]+$")]
EDIT = "/proposals/{proposal_id}/edit"
ONE = "/proposals/{proposal_id}"
TEXT = Field(max_length=prose.TEXT_LIMIT)
LABEL = Field(None, max_length=prose.LABEL_LIMIT)


# --- what the pages show ----------------------------------------------------------------

def _editable(request: Request, proposal_id: int) -> tuple[Any, ProposalContent, bool]:
    """The proposal, its head revision's content, and whether this user may edit it now."""
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    content = app.proposals.content(proposal_id, proposal.head)
    user = app.auth.user(request)
    can = can_edit(user, proposal)
    return proposal, content, can


def _page(request: Request, template: str, context: dict[str, Any], *,
          message: str | None, status: int) -> HTMLResponse:
    """An editor's page (its form only, for HTMX), with the findings panel of the head.
    ``context`` holds the proposal, its head's content and ``can_edit``
    (``_editable``), and ``marks``: the anchor of each item the page shows, whose
    threads' count (``counts``, one query) shows beside it."""
    app = services(request)
    proposal = context["proposal"]
    base = {"document": context["content"].document, "message": message,
            "based_on": proposal.head, "saved": request.query_params.get("saved", "")[:12],
            "counts": comment_counts(request, proposal.id)}
    if request.headers.get("hx-request") == "true":
        return render(request, f"_{template}", {**base, **context}, status=status,
                      cache=False)
    findings = app.proposals.findings(proposal.id, proposal.head)
    errors = sum(1 for f in findings if f.severity.value == "error")
    return render(request, template, {
        **base, **context, "findings": findings, "errors": errors,
        "revision": proposal.head}, status=status, cache=False)


# --- variance explanations --------------------------------------------------------------

def _costing(request: Request) -> CostingService:
    return services(request).costing


def _variance_rows(request: Request, document: Document, *, show_all: bool,
                   use: str | None, typed_line: str | None, typed: Sequence[str]
                   ) -> list[dict[str, Any]]:
    """The classes shown: those over the threshold and those explained (every class with
    ``show_all``), each with the texts in its form and, when unexplained, a draft."""
    classes = prose.class_variances(document)
    shown = [c for c in classes if show_all or c.over or c.explanation is not None
             or c.line in (use, typed_line)]
    unexplained = [c.line for c in shown if c.explanation is None and c.amount]
    drafts = prose.drafted_explanations(_costing(request), document, unexplained) \
        if unexplained else {}
    rows = []
    for found in shown:
        texts = [p.text for p in found.explanation.paragraphs] if found.explanation else []
        draft = drafts.get(found.line)
        if found.line == use and draft is not None:
            texts = [p.text for p in draft.paragraphs]
        if found.line == typed_line:
            texts = list(typed)
        rows.append({"line": found.line, "label": found.label, "amount": found.amount,
                     "percentage": found.percentage, "over": found.over,
                     "explained": found.explanation is not None, "texts": texts,
                     "numbers": [p.number for p in found.explanation.paragraphs]
                     if found.explanation else [],
                     "draft": [p.text for p in draft.paragraphs] if draft else []})
    return rows


def _variances_page(request: Request, proposal_id: int, *, message: str | None = None,
                    status: int = 200, typed_line: str | None = None,
                    typed: Sequence[str] = (), show_all: bool | None = None
                    ) -> HTMLResponse:
    proposal, content, can = _editable(request, proposal_id)
    if show_all is None:
        show_all = request.query_params.get("all") == "1"
    use = request.query_params.get("use", "")[:80] or None
    rows = _variance_rows(request, content.document, show_all=show_all, use=use,
                          typed_line=typed_line, typed=typed)
    missing = sum(1 for r in rows if r["over"] and not r["explained"])
    return _page(request, "proposal_variances.html", {
        "proposal": proposal, "content": content, "can_edit": can, "rows": rows,
        "show_all": show_all, "missing": missing, "current": "variances",
        "marks": {v.line: variance_anchor(v.line)
                  for v in content.document.variance_explanations}},
        message=message, status=status)


@page.get(EDIT + "/variances", response_class=HTMLResponse)
def variances_page(request: Request, proposal_id: ProposalId,
                   user: User = Depends(member)) -> HTMLResponse:
    """Every class over the reporting threshold (``?all=1``: every class) with its
    variance and explanation; ``?use=LINE`` fills a class's form with its draft."""
    return _variances_page(request, proposal_id)


@page.post(EDIT + "/variances", dependencies=[Depends(editor), Depends(csrf_form)])
async def save_variance(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(_save_variance, request, proposal_id, fields)


def _save_variance(request: Request, proposal_id: int, fields: Fields) -> Response:
    line = field(fields, "line")[:80]
    texts = prose.explanation_texts(fields, line)
    show_all = field(fields, "all") == "1"
    return save_part(
        request, proposal_id, fields,
        lambda content, _: prose.with_explanation(content, line, texts),
        back=f"/proposals/{proposal_id}/edit/variances",
        form=lambda message, status: _variances_page(
            request, proposal_id, message=message, status=status,
            typed_line=line if status >= 400 else None, typed=texts, show_all=show_all))


# --- paragraphs ---------------------------------------------------------------------------

def _paragraphs_page(request: Request, proposal_id: int, *, message: str | None = None,
                     status: int = 200, typed: dict[str, str] | None = None
                     ) -> HTMLResponse:
    proposal, content, can = _editable(request, proposal_id)
    return _page(request, "proposal_paragraphs.html", {
        "proposal": proposal, "content": content, "can_edit": can,
        "sections": prose.sections(content.document), "typed": typed or {},
        "current": "paragraphs",
        "marks": dict(enumerate(paragraph_anchors(content.document.paragraphs)))},
        message=message, status=status)


@page.get(EDIT + "/paragraphs", response_class=HTMLResponse)
def paragraphs_page(request: Request, proposal_id: ProposalId,
                    user: User = Depends(member)) -> HTMLResponse:
    """The document's paragraphs by section, each editable; add, remove, new section."""
    return _paragraphs_page(request, proposal_id)


@page.post(EDIT + "/paragraphs", dependencies=[Depends(editor), Depends(csrf_form)])
async def save_paragraphs(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(_save_paragraphs, request, proposal_id, fields)


def _save_paragraphs(request: Request, proposal_id: int, fields: Fields) -> Response:
    typed = dict(fields)
    return save_part(
        request, proposal_id, fields,
        lambda content, given: prose.with_paragraphs(content,
                                                     prose.paragraphs_from_form(given)),
        back=f"/proposals/{proposal_id}/edit/paragraphs",
        form=lambda message, status: _paragraphs_page(
            request, proposal_id, message=message, status=status,
            typed=typed if status >= 400 else None))


# --- follow-up of requests -----------------------------------------------------------------

def _requests_page(request: Request, proposal_id: int, *, message: str | None = None,
                   status: int = 200, typed: dict[str, str] | None = None) -> HTMLResponse:
    proposal, content, can = _editable(request, proposal_id)
    return _page(request, "proposal_requests.html", {
        "proposal": proposal, "content": content, "can_edit": can,
        "rows": list(enumerate(content.document.follow_up)), "typed": typed or {},
        "bodies": prose.BODIES, "current": "requests",
        "marks": {n: follow_up_anchor(n + 1)
                  for n in range(len(content.document.follow_up))}}, message=message, status=status)


@page.get(EDIT + "/requests", response_class=HTMLResponse)
def requests_page(request: Request, proposal_id: ProposalId,
                  user: User = Depends(member)) -> HTMLResponse:
    """The requests of the General Assembly and the Advisory Committee with the action
    the mission took on each: editable, added, removed."""
    return _requests_page(request, proposal_id)


@page.post(EDIT + "/requests", dependencies=[Depends(editor), Depends(csrf_form)])
async def save_requests(request: Request, proposal_id: ProposalId) -> Response:
    fields = await form_fields(request)
    return await run_in_threadpool(_save_requests, request, proposal_id, fields)


def _save_requests(request: Request, proposal_id: int, fields: Fields) -> Response:
    typed = dict(fields)
    return save_part(
        request, proposal_id, fields,
        lambda content, given: prose.with_follow_up(content, prose.requests_from_form(given)),
        back=f"/proposals/{proposal_id}/edit/requests",
        form=lambda message, status: _requests_page(
            request, proposal_id, message=message, status=status,
            typed=typed if status >= 400 else None))


# --- API -------------------------------------------------------------------------------------

class ExplanationBody(BaseModel):
    """A class's explanation: its paragraphs in order (none: the class has no
    explanation). The variance quoted is the table's, never sent."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"paragraphs": ["The increased requirements are attributable primarily to the "
                        "acquisition of two armoured vehicles."],
         "comment": "ground transportation explained"}]})

    paragraphs: list[Annotated[str, TEXT]] = Field(max_length=prose.ROWS_LIMIT)
    comment: str = Field("", max_length=2000)


class ClassExplanation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line: str = Field(max_length=80)
    paragraphs: list[Annotated[str, TEXT]] = Field(max_length=prose.ROWS_LIMIT)


class ExplanationsBody(BaseModel):
    """Every explanation: a class not named has none afterwards."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"explanations": [{"line": "medical", "paragraphs": [
            "The reduced requirements are attributable to the lower provision for "
            "medical supplies."]}], "comment": "analysis of variances rewritten"}]})

    explanations: list[ClassExplanation] = Field(max_length=prose.ROWS_LIMIT)
    comment: str = Field("", max_length=2000)


class ParagraphItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: str = Field(max_length=prose.LABEL_LIMIT)
    text: str = TEXT
    letter: str | None = Field(None, max_length=3)
    numbered: bool = True
    position: int | None = Field(None, ge=0, le=prose.ROWS_LIMIT,
                                 description="Where the paragraph stands in the revision "
                                             "edited (GET gives it); none for a new one")


class ParagraphsBody(BaseModel):
    """The document's paragraphs in order; read-only ones (the copies of the variance
    explanations) are kept whatever is sent. Numbers are given by rbb."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"paragraphs": [{"section": "I.A", "text": "The mandate of the Mission is ...",
                         "position": 0},
                        {"section": "Planning assumptions",
                         "text": "The Mission will consolidate its presence ..."}],
         "comment": "planning assumptions"}]})

    paragraphs: list[ParagraphItem] = Field(max_length=prose.ROWS_LIMIT)
    comment: str = Field("", max_length=2000)


class RequestItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: Literal["general_assembly", "acabq"]
    heading: str | None = LABEL
    reference: str | None = LABEL
    request: str = TEXT
    action: str = TEXT
    position: int | None = Field(None, ge=0, le=prose.ROWS_LIMIT)


class FollowUpBody(BaseModel):
    """The requests and the action taken on each, in order."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"follow_up": [{"body": "acabq", "heading": "Cross-cutting issues",
                        "reference": "A/79/000", "request": "The Committee requests ...",
                        "action": "The Mission has ..."}], "comment": "follow-up updated"}]})

    follow_up: list[RequestItem] = Field(max_length=prose.ROWS_LIMIT)
    comment: str = Field("", max_length=2000)


def _read(data: Any, head: int) -> Response:
    return Response(plain_json({"revision": head, **data}), media_type=JSON, headers={
        "ETag": f'"{head}"', "Cache-Control": "no-store", "Vary": "Authorization, Cookie"})


def _explanation_data(row: prose.ClassVariance, draft: VarianceExplanation | None
                      ) -> dict[str, Any]:
    return {"line": row.line, "label": row.label,
            "amount": None if row.amount is None else str(row.amount),
            "percentage": None if row.percentage is None else str(row.percentage),
            "over_threshold": row.over,
            "paragraphs": [{"number": p.number, "text": p.text}
                           for p in row.explanation.paragraphs] if row.explanation else [],
            "draft": [p.text for p in draft.paragraphs] if draft else None}


def _head(request: Request, proposal_id: int) -> tuple[int, Document]:
    app = services(request)
    proposal = app.proposals.show(proposal_id).proposal
    return proposal.head, app.proposals.content(proposal_id, proposal.head).document


@api.get(ONE + "/variance-explanations", name="proposal_variance_explanations",
         responses=READ_ERRORS, dependencies=[Depends(member)],
         summary="Every class's variance (from the table) and its explanation",
         description="Amounts in thousands of US dollars as exact strings. `draft`: for "
                     "a class over the threshold without explanation, the paragraphs "
                     "drafted from the attribution by cost driver (null without drivers). "
                     "The ETag is the head revision: send it as If-Match to save.")
def variance_explanations_json(request: Request, proposal_id: ProposalId) -> Response:
    head, document = _head(request, proposal_id)
    rows = prose.class_variances(document)
    drafts = prose.drafted_explanations(
        _costing(request), document,
        [r.line for r in rows if r.over and r.explanation is None])
    return _read({"classes": [
        _explanation_data(r, drafts.get(r.line)) for r in rows]}, head)


@api.get(ONE + "/variance-explanations/{line}", name="proposal_variance_explanation",
         responses=READ_ERRORS, dependencies=[Depends(member)],
         summary="One class's variance and explanation")
def variance_explanation_json(request: Request, proposal_id: ProposalId, line: ClassLine
                              ) -> Response:
    head, document = _head(request, proposal_id)
    row = next((r for r in prose.class_variances(document) if r.line == line), None)
    if row is None:
        raise NotFoundError(f"{line}: not a class of the proposal's money table by class")
    drafts = prose.drafted_explanations(_costing(request), document, [line]) \
        if row.explanation is None else {}
    return _read(_explanation_data(row, drafts.get(line)), head)


@api.put(ONE + "/variance-explanations/{line}", name="save_proposal_variance_explanation",
         status_code=201, responses=WRITE_ERRORS,
         dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Replace one class's explanation (editors; If-Match needed)",
         description="A new revision (201, its record, its number as ETag); 428 without "
                     "If-Match, 409 when another revision changed the same explanation; "
                     "400 naming the field (`variance_explanations.medical.paragraphs.0: "
                     "empty`).")
def save_variance_explanation_json(request: Request, proposal_id: ProposalId,
                                   line: ClassLine, body: ExplanationBody,
                                   user: User = Depends(editor)) -> Response:
    return save_part_json(request, proposal_id,
                          partial(prose.with_explanation, line=line, texts=body.paragraphs),
                          user=user, comment=body.comment)


@api.put(ONE + "/variance-explanations", name="save_proposal_variance_explanations",
         status_code=201, responses=WRITE_ERRORS,
         dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Replace the whole analysis of variances (editors; If-Match needed)")
def save_variance_explanations_json(request: Request, proposal_id: ProposalId,
                                    body: ExplanationsBody, user: User = Depends(editor)
                                    ) -> Response:
    edited = {e.line: e.paragraphs for e in body.explanations}
    return save_part_json(request, proposal_id,
                          partial(prose.with_explanations, edited=edited, replace_all=True),
                          user=user, comment=body.comment)


@api.get(ONE + "/paragraphs", name="proposal_paragraphs", responses=READ_ERRORS,
         dependencies=[Depends(member)],
         summary="The document's paragraphs in order, with their sections and numbers",
         description="`read_only`: kept whatever a save sends (the copies of the variance "
                     "explanations' paragraphs). The ETag is the head revision.")
def paragraphs_json(request: Request, proposal_id: ProposalId) -> Response:
    head, document = _head(request, proposal_id)
    fixed = prose.read_only(document)
    return _read({"paragraphs": [
        {"position": i, "section": p.section, "number": p.number, "letter": p.letter,
         "text": p.text, "read_only": i in fixed}
        for i, p in enumerate(document.paragraphs)]}, head)


@api.put(ONE + "/paragraphs", name="save_proposal_paragraphs", status_code=201,
         responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Replace the document's paragraphs (editors; If-Match needed)",
         description="Numbered again through the document; 400 naming the field "
                     "(`paragraphs.12.text: empty`).")
def save_paragraphs_json(request: Request, proposal_id: ProposalId, body: ParagraphsBody,
                         user: User = Depends(editor)) -> Response:
    edited = [prose.EditedParagraph(section=p.section, text=p.text, letter=p.letter,
                                    numbered=p.numbered, position=p.position)
              for p in body.paragraphs]
    return save_part_json(request, proposal_id,
                          partial(prose.with_paragraphs, edited=edited),
                          user=user, comment=body.comment)


@api.get(ONE + "/follow-up", name="proposal_follow_up", responses=READ_ERRORS,
         dependencies=[Depends(member)],
         summary="The requests of the legislative bodies and the action taken on each")
def follow_up_json(request: Request, proposal_id: ProposalId) -> Response:
    head, document = _head(request, proposal_id)
    return _read({"follow_up": [
        {"position": i, "body": f.body, "heading": f.heading, "reference": f.reference,
         "request": f.request, "action": f.action}
        for i, f in enumerate(document.follow_up)]}, head)


@api.put(ONE + "/follow-up", name="save_proposal_follow_up", status_code=201,
         responses=WRITE_ERRORS, dependencies=[Depends(editor), Depends(api_write)],
         openapi_extra={"security": SECURED},
         summary="Replace the follow-up of requests (editors; If-Match needed)",
         description="400 naming the field (`follow_up.2.action: empty`).")
def save_follow_up_json(request: Request, proposal_id: ProposalId, body: FollowUpBody,
                        user: User = Depends(editor)) -> Response:
    edited = [prose.EditedRequest(body=r.body, heading=r.heading, reference=r.reference,
                                  request=r.request, action=r.action, position=r.position)
              for r in body.follow_up]
    return save_part_json(request, proposal_id, partial(prose.with_follow_up, edited=edited),
                          user=user, comment=body.comment)
