"""Reading an uploaded report: bounded in size, its name reduced to a plain file name."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rbb.model.mission_register import MissionRegister
from rbb.services.import_review import ImportResult, Review, read_report

from .problems import Problem

MULTIPART_OVERHEAD = 64 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


def too_large(limit: int, setting: str = "RBB_MAX_UPLOAD_BYTES") -> HTTPException:
    # Starlette's HTTPException: FastAPI lets it through while reading a body.
    return HTTPException(413, f"the upload is larger than {limit:,} bytes, the most this rbb "
                              f"accepts ({setting})")


class BodyLimit:
    """ASGI middleware: refuse a request body beyond the upload limit, whether its
    Content-Length says so or it only turns out while reading. ``wider`` gives the
    paths that take more (a ledger extract: ``RBB_MAX_LEDGER_MB``) their own limit; their
    route bounds each file itself (``streamed_uploads``)."""

    def __init__(self, app: ASGIApp, limit: int,
                 wider: Sequence[tuple[re.Pattern[str], int, str]] = ()) -> None:
        self.app = app
        self.limit = limit
        self.wider = tuple(wider)

    def _limit_of(self, path: str) -> tuple[int, str]:
        """The bytes a request to ``path`` may carry, and the setting that says so."""
        return next(((limit, setting) for pattern, limit, setting in self.wider
                     if pattern.fullmatch(path)), (self.limit, "RBB_MAX_UPLOAD_BYTES"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed, setting = self._limit_of(scope.get("path", ""))
        limit = allowed + MULTIPART_OVERHEAD
        declared = dict(scope.get("headers", [])).get(b"content-length")
        oversized = declared is not None and declared.isdigit() and int(declared) > limit
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            if oversized:
                raise too_large(allowed, setting)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(allowed, setting)
            return message

        await self.app(scope, bounded, send)


def safe_name(name: str | None) -> str:
    """The last part of an uploaded file's name, in plain characters."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "upload"
    return cleaned[:120]


async def read_upload(upload: object, limit: int) -> tuple[str, bytes]:
    if not isinstance(upload, UploadFile):
        raise Problem(400, "no file was uploaded: send the report in the form field 'file'")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise too_large(limit)
    if not data:
        raise Problem(400, f"{safe_name(upload.filename)} is empty: expected the text or PDF "
                           "of a budget or performance report")
    return safe_name(upload.filename), data


async def upload_from_form(request: Request, limit: int) -> tuple[str, bytes, bool]:
    """The uploaded file's name and bytes, and whether the editor asked to store an
    excerpt as a partial document (the form's ``partial`` box)."""
    form = await request.form(max_files=1, max_fields=10)
    name, data = await read_upload(form.get("file"), limit)
    return name, data, form.get("partial") in ("true", "on", "1")


def parse_upload(name: str, data: bytes, progress: Callable[[str], None] | None = None, *,
                 register: MissionRegister | None = None) -> tuple[ImportResult, Review | None]:
    """Parse the upload in a worker process bounded in memory and time (the caller runs
    this in the thread pool); a file no importer can read, or over a limit, is a clear
    422, never a 500."""
    return read_report(data, name, progress, register=register)
