"""A stored document as a whole: the list of stored documents, one document in the
canonical data format, storing one from its JSON, deleting one (API and page)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from rbb.model import Document, DocumentKey
from rbb.services.account_service import User
from rbb.services.data_format import document_from_body

from ..admission import ReadRoute
from ..context import Services, api_write, csrf_form, editor, reader, services
from ..json_bodies import cached_body, dump, respond
from ..paths import parse_key, parse_mission, period_path
from ..problems import Problem, responses
from ..view_basics import DocumentRef, ref
from .keyed_routes import DOC, READ, READ_ERRORS
from .login_account_view import SECURED

page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)
WRITE = [Depends(editor), Depends(api_write)]
WRITE_ERRORS = responses(400, 401, 403, 404, 413, 422)


PAGE_LIMIT = 500
"""Documents listed at most per page of ``GET /documents``."""


def stored_refs(app: Services, mission: str | None, offset: int = 0,
                limit: int = PAGE_LIMIT) -> list[DocumentRef]:
    """A page of the stored documents, of one mission or all; a partial document says
    so (its missing sections are on its own pages)."""
    summaries = app.store.summaries(mission=mission, offset=offset, limit=limit)
    partial = set(app.store.partial_ids([s.id for s in summaries]))
    return [ref(s).model_copy(update={"partial": s.id in partial}) for s in summaries]


def delete_document(app: Services, key: DocumentKey) -> None:
    if not app.store.delete(key):
        raise Problem(404, f"no {key.kind.value} report for {key.mission} {key.period} is "
                           "stored")
    app.library.invalidate()


@page.get("/missions/{mission}/{period}/{kind}", response_class=HTMLResponse)
def document_root(request: Request, mission: str, period: str, kind: str,
                  user: User | None = Depends(reader)) -> Response:
    """A report's sections are listed on its period's overview; a legislative document
    has a page of its own (``legislative_view``)."""
    key = parse_key(mission, period, kind)
    if key.kind.legislative:
        from .legislative_view import legislative_page

        return legislative_page(request, key)
    services(request).library.snapshot().summary(key)
    return RedirectResponse(f"{period_path(key.mission, key.period)}#{key.kind.value}",
                            status_code=303)


@page.post("/missions/{mission}/{period}/{kind}/delete",
           dependencies=[Depends(editor), Depends(csrf_form)])
def delete(request: Request, mission: str, period: str, kind: str,
           user: User = Depends(editor)) -> RedirectResponse:
    delete_document(services(request), parse_key(mission, period, kind))
    return RedirectResponse("/?deleted=1", status_code=303)


@api.get("/documents", name="documents", response_model=list[DocumentRef],
         responses=READ_ERRORS, dependencies=READ, summary="Stored documents")
def documents_json(request: Request,
                   mission: str | None = Query(None, max_length=32, examples=["UNMIK"]),
                   offset: int = Query(0, ge=0, le=10_000_000,
                                       description="Documents to skip (pagination)."),
                   limit: int = Query(PAGE_LIMIT, ge=1, le=PAGE_LIMIT,
                                      description="Documents per page.")) -> Response:
    app = services(request)
    code = parse_mission(mission) if mission else None
    snapshot = app.library.snapshot()
    total = snapshot.memo(("document-count", code), lambda: app.store.count(mission=code))
    headers = {"X-Total-Count": str(total)}
    if offset + limit < total:
        following = request.url.include_query_params(offset=offset + limit)
        headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return respond(request, cached_body(request, ("documents", code, offset, limit),
                                        lambda: dump(stored_refs(app, code, offset, limit),
                                                     list[DocumentRef])), headers=headers)


@api.get(DOC, name="document", response_model=Document, responses=READ_ERRORS,
         dependencies=READ, summary="A document in the canonical data format",
         description="Exactly what `rbb export` writes: amounts are decimal strings in "
                     "thousands of United States dollars; every figure keeps its source "
                     "line.")
def document_json(request: Request, mission: str, period: str, kind: str) -> Response:
    key = parse_key(mission, period, kind)
    app = services(request)
    summary = app.library.snapshot().summary(key)
    return respond(request, cached_body(request, ("document", key),
                                        lambda: app.store.body(summary.id).encode("utf-8")))


@api.put(DOC, name="put_document", response_model=DocumentRef, status_code=200,
         responses={201: {"model": DocumentRef, "description": "stored as a new document"},
                    **WRITE_ERRORS},
         dependencies=WRITE,
         summary="Store a document from its canonical JSON (replacing the stored one)",
         openapi_extra={"security": SECURED, "requestBody": {"required": True, "content": {
             "application/json": {"schema": {
                 "type": "object", "description": "A document in the canonical data "
                 "format (schema/document.schema.json): what GET returns."}}}}})
async def put_document_json(request: Request, mission: str, period: str, kind: str
                            ) -> Response:
    key = parse_key(mission, period, kind)
    body = await request.body()
    return await run_in_threadpool(_store_json, services(request), key, body)


def _store_json(app: Services, key: DocumentKey, body: bytes) -> Response:
    """Read and validate the body (CPU-bound: in the thread pool) and store it."""
    document = document_from_body(body)
    if document.key != key:
        raise Problem(422, f"the body is the document {document.key}, not {key}: PUT it at "
                           "its own address")
    existed = app.store.summary(key) is not None
    app.store.save(document)
    app.library.invalidate()
    return Response(dump(ref(document)), media_type="application/json",
                    status_code=200 if existed else 201)


@api.delete(DOC, name="delete_document", status_code=204, responses=WRITE_ERRORS,
            dependencies=WRITE, summary="Delete a stored document",
            openapi_extra={"security": SECURED}, response_class=Response)
def delete_document_json(request: Request, mission: str, period: str, kind: str) -> Response:
    delete_document(services(request), parse_key(mission, period, kind))
    return Response(status_code=204)
