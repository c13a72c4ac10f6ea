"""Write endpoints, for editors: import a report, store or delete a document."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile
from pydantic import BaseModel

from rbb.services.data_format import document_from_body
from rbb.storage.accounts import User

from ..context import api_write, current_user, editor, services
from ..paths import document_path, parse_key
from ..problems import LoginRequired, Problem, responses
from ..uploads import parse_upload, read_upload
from ..views.common import DocumentRef, ref
from ..views.imports import ImportReport, import_report
from .responses import dump

router = APIRouter()
WRITE_ERRORS = responses(400, 401, 403, 404, 413, 422)
SECURED: list[dict[str, list[str]]] = [{"bearerToken": []}, {"sessionCookie": [], "csrfHeader": []}]


class Me(BaseModel):
    username: str
    role: str


@router.get("/me", response_model=Me, responses=responses(401),
            summary="Who the request is authenticated as", openapi_extra={"security": SECURED})
def me(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        raise LoginRequired("no session cookie or API token was sent, or it has expired")
    return Response(dump(Me(username=user.username, role=user.role.value)),
                    media_type="application/json", headers={"Cache-Control": "no-store"})


@router.post("/imports", response_model=ImportReport, status_code=201,
             responses={200: {"model": ImportReport,
                              "description": "dry run: parsed and checked, nothing stored"},
                        **WRITE_ERRORS},
             dependencies=[Depends(editor), Depends(api_write)],
             summary="Import a report (text or PDF): stored whole, or not at all",
             description="Parses the upload; with `dry_run=true` answers what was found, the "
                         "diagnostics and the check findings without storing. A file with "
                         "errors is refused with 422 and its diagnostics; nothing is stored.",
             openapi_extra={"security": SECURED})
async def import_report_file(request: Request, file: UploadFile = File(...),
                             dry_run: bool = Query(False),
                             user: User = Depends(editor)) -> Response:
    app = services(request)
    name, data = await read_upload(file, app.settings.max_upload_bytes)
    result = await parse_upload(name, data)
    snapshot = app.library.snapshot()
    report = import_report(snapshot, name, result.document, result.diagnostics)
    if result.document is None or result.errors:
        raise Problem(422, f"{name}: the file could not be imported "
                           f"({report.errors} error(s)); nothing was stored",
                      extras={"errors": [d.model_dump(mode="json") for d in
                                         result.diagnostics][:200]})
    if dry_run:
        return Response(dump(report), media_type="application/json", status_code=200)
    app.store.save(result.document, result.diagnostics)
    app.library.invalidate()
    key = result.document.key
    stored = import_report(app.library.snapshot(), name, result.document, result.diagnostics,
                           stored=True, page=document_path(key))
    return Response(dump(stored), media_type="application/json", status_code=201,
                    headers={"Location": f"/api/v1/documents/{key.mission}/"
                                         f"{key.period.label.replace('/', '-')}/"
                                         f"{key.kind.value}"})


DOC = "/documents/{mission}/{period}/{kind}"


@router.put(DOC, response_model=DocumentRef, status_code=200,
            responses={201: {"model": DocumentRef, "description": "stored as a new document"},
                       **WRITE_ERRORS},
            dependencies=[Depends(editor), Depends(api_write)],
            summary="Store a document from its canonical JSON (replacing the stored one)",
            openapi_extra={"security": SECURED, "requestBody": {"required": True, "content": {
                "application/json": {"schema": {
                    "type": "object", "description": "A document in the canonical data "
                    "format (schema/document.schema.json): what GET returns."}}}}})
async def put_document(request: Request, mission: str, period: str, kind: str) -> Response:
    key = parse_key(mission, period, kind)
    app = services(request)
    document = document_from_body(await request.body())
    if document.key != key:
        raise Problem(422, f"the body is the document {document.key}, not {key}: PUT it at "
                           "its own address")
    existed = any((s.mission, s.period, s.kind) == (key.mission, key.period, key.kind)
                  for s in app.library.snapshot().summaries)
    app.store.save(document)
    app.library.invalidate()
    return Response(dump(ref(document)), media_type="application/json",
                    status_code=200 if existed else 201)


@router.delete(DOC, status_code=204, responses=WRITE_ERRORS,
               dependencies=[Depends(editor), Depends(api_write)],
               summary="Delete a stored document", openapi_extra={"security": SECURED},
               response_class=Response)
def delete_document(request: Request, mission: str, period: str, kind: str) -> Response:
    key = parse_key(mission, period, kind)
    app = services(request)
    if not app.store.delete(key.mission, key.period, key.kind):
        raise Problem(404, f"no {key.kind.value} report for {key.mission} {key.period} is "
                           "stored")
    app.library.invalidate()
    return Response(status_code=204)
