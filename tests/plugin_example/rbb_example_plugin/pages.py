"""A page from a plugin: the stored missions as plain text. It reads through the same
access dependency and snapshot as rbb's own pages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse

from rbb.web.context import reader, services

router = APIRouter()


@router.get("/example/missions", response_class=PlainTextResponse,
            dependencies=[Depends(reader)])
def missions(request: Request) -> PlainTextResponse:
    snapshot = services(request).library.snapshot()
    return PlainTextResponse("".join(f"{m.code}\n" for m in snapshot.missions()))
