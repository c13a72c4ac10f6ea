"""JSON responses of the API: exact decimals as strings (the data format's
serializers), a strong ETag on every read, 304 when the client has it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel, TypeAdapter

from .context import services

JSON = "application/json"


_adapters: dict[Any, TypeAdapter[Any]] = {}


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    adapter = _adapters.get(annotation)
    if adapter is None:
        adapter = _adapters.setdefault(annotation, TypeAdapter(annotation))
    return adapter


def dump(value: Any, annotation: Any = None) -> bytes:
    """JSON with the data format's serializers (decimals as exact strings)."""
    if isinstance(value, BaseModel) and annotation is None:
        return value.model_dump_json().encode("utf-8")
    return _adapter(annotation if annotation is not None else type(value)).dump_json(value)


def plain_json(data: Any) -> bytes:
    """Compact JSON of plain data (the costing views' dicts and lists of strings)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def respond(request: Request, body: bytes, *, media_type: str = JSON, status: int = 200,
            headers: dict[str, str] | None = None) -> Response:
    """A read answer with its ETag; ``304 Not Modified`` when ``If-None-Match`` has it."""
    etag = etag_of(body)
    common = {"ETag": etag, "Cache-Control": "no-cache", "Vary": "Authorization, Cookie",
              **(headers or {})}
    wanted = request.headers.get("if-none-match", "")
    if etag in {tag.strip().removeprefix("W/") for tag in wanted.split(",")} or wanted == "*":
        return Response(status_code=304, headers=common)
    return Response(body, status_code=status, media_type=media_type, headers=common)


def cached_body(request: Request, key: Any, build: Any) -> bytes:
    """The body of a read, kept with the snapshot it was computed from."""
    library = services(request).library
    if not library.cache:
        built: bytes = build()
        return built
    snapshot = library.snapshot()
    body: bytes = snapshot.memo(("api", key), build)
    return body
