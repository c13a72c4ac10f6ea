"""An upload streamed to a private temporary file (``rbb.web.streamed_uploads``): written
a mebibyte at a time as it arrives, never held whole, the file exactly the bytes sent,
its folder private and gone once the job has read it."""

from __future__ import annotations

import asyncio
import hashlib
import io
import stat
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from rbb.services.account_service import AccountStore, Role
from rbb.services.ledger_uploads import LedgerImportOutcome, UploadedExtract
from rbb.web import streamed_uploads
from rbb.web.endpoints import ledger_imports_view

from .conftest import add_user, make_client

SIZE = 5 * 1024 * 1024 + 123
"""Five mebibytes and a little: more than one write, and a last one of its own size."""


def test_a_large_upload_is_written_in_bounded_pieces(
        sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    writes: list[int] = []
    write = streamed_uploads._write

    def counted(handle: Any, chunks: list[bytes]) -> None:
        writes.append(sum(len(c) for c in chunks))
        write(handle, chunks)

    monkeypatch.setattr(streamed_uploads, "_write", counted)
    seen: dict[str, Any] = {}

    def fake_import(ledger: object, upload: UploadedExtract, step: Any) -> LedgerImportOutcome:
        """Stands in for the import: what arrived, where, and how private it is."""
        seen["digest"] = hashlib.sha256(upload.path.read_bytes()).hexdigest()
        seen["mode"] = stat.S_IMODE(upload.path.parent.parent.stat().st_mode)
        seen["path"] = upload.path
        return LedgerImportOutcome(mission=upload.mission, source="big", file="big.csv",
                                   stored=True, lines=1)

    monkeypatch.setattr(ledger_imports_view, "import_extract", fake_import)
    add_user(sqlite_engine, "bot", Role.EDITOR)
    _, secret = AccountStore(sqlite_engine).create_token("bot", "ci")
    headers = {"Authorization": f"Bearer {secret}"}
    data = bytes(range(256)) * (SIZE // 256) + b"x" * (SIZE % 256)
    app = make_client(sqlite_engine).app

    async def main() -> None:
        """httpx sends a file object in 64 KiB chunks, each an ASGI message, as a
        server receives a body from the network."""
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            started = await client.post(
                "/api/v1/missions/MX/ledger/imports", headers=headers,
                files={"file": ("big.csv", io.BytesIO(data), "text/csv")})
            assert started.status_code == 202, started.text
            for _ in range(1200):
                job = (await client.get(started.headers["location"], headers=headers)).json()
                if job["state"] == "done":
                    return
                await asyncio.sleep(0.05)
            raise AssertionError("the job did not end within a minute")

    asyncio.run(main())
    assert seen["digest"] == hashlib.sha256(data).hexdigest()
    assert seen["path"].name == "big.csv" and seen["mode"] == 0o700
    assert sum(writes) == SIZE and len(writes) >= SIZE // streamed_uploads.FLUSH
    # each write holds at most a mebibyte and the chunk that crossed it
    assert max(writes) < streamed_uploads.FLUSH + 1024 * 1024
    assert not seen["path"].exists() and list(tmp_path.glob("rbb-upload-*")) == []
