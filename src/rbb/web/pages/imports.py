"""Import a report through the browser: upload, look at what was found, confirm.

Nothing reaches the documents until the editor confirms; a file with errors is
never kept at all.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from rbb.storage.accounts import User

from ..context import csrf_form, editor, services
from ..paths import parse_key, period_path
from ..problems import Problem
from ..templating import render
from ..uploads import parse_upload, upload_from_form
from ..views.imports import import_report

router = APIRouter()


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, user: User = Depends(editor)) -> HTMLResponse:
    return render(request, "import.html", None, cache=False,
                  limit=services(request).settings.max_upload_bytes)


@router.post("/import", response_class=HTMLResponse,
             dependencies=[Depends(editor), Depends(csrf_form)])
async def upload(request: Request, user: User = Depends(editor)) -> HTMLResponse:
    app = services(request)
    name, data = await upload_from_form(request, app.settings.max_upload_bytes)
    result = await parse_upload(name, data)
    snapshot = app.library.snapshot()
    report = import_report(snapshot, name, result.document, result.diagnostics)
    if result.document is None or result.errors:
        return render(request, "import_result.html", report, status=422, cache=False,
                      token=None)
    token = app.staging.stage(user.id, name, result.document, result.diagnostics)
    return render(request, "import_result.html", report, cache=False, token=token)


@router.post("/import/{token}/confirm", dependencies=[Depends(editor), Depends(csrf_form)])
def confirm(request: Request, token: str, user: User = Depends(editor)) -> RedirectResponse:
    app = services(request)
    pending = app.staging.pending(token[:100], user.id)
    app.store.save(pending.document, pending.diagnostics)
    app.staging.discard(token[:100], user.id)
    app.library.invalidate()
    key = pending.document.key
    return RedirectResponse(f"{period_path(key.mission, key.period)}?stored={key.kind.value}",
                            status_code=303)


@router.post("/import/{token}/discard", dependencies=[Depends(editor), Depends(csrf_form)])
def discard(request: Request, token: str, user: User = Depends(editor)) -> RedirectResponse:
    services(request).staging.discard(token[:100], user.id)
    return RedirectResponse("/import", status_code=303)


@router.post("/missions/{mission}/{period}/{kind}/delete",
             dependencies=[Depends(editor), Depends(csrf_form)])
def delete(request: Request, mission: str, period: str, kind: str,
           user: User = Depends(editor)) -> RedirectResponse:
    key = parse_key(mission, period, kind)
    app = services(request)
    if not app.store.delete(key.mission, key.period, key.kind):
        raise Problem(404, f"no {key.kind.value} report for {key.mission} {key.period} is "
                           "stored")
    app.library.invalidate()
    return RedirectResponse("/?deleted=1", status_code=303)
