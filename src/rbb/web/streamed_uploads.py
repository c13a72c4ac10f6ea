"""A multipart upload too large to hold in memory (a year's ledger extract, up to
``RBB_MAX_LEDGER_MB``): parsed as its body arrives, each file part written to a private
temporary folder, refused with 413 the moment it passes its bound.

Starlette's ``request.form()`` would spool the file to an anonymous temporary file with
no bound of its own (only ``BodyLimit``'s, far smaller than a ledger's) and without the
name the importers read its format from; here the file is written once, where the
import reads it. The parser (python-multipart) works on the event loop a chunk at a
time; the disk is written in the thread pool, a mebibyte at a time, so the loop never
waits on it. Text fields are small (``MAX_FIELD``) and held; a form's fields that come
before its first file (the CSRF token) are checked before a byte of the file is kept.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import anyio.to_thread
import python_multipart
from fastapi import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

from .problems import Problem
from .uploads import safe_name

MAX_FIELD = 4096
"""A text field's bytes at most (a source's name, a CSRF token)."""
MAX_PARTS = 10
FLUSH = 1024 * 1024
"""Bytes of a file gathered before they are written (in the thread pool)."""


@dataclass(frozen=True, slots=True)
class FileBound:
    """The most one file field may hold, and how an error names that limit."""

    bytes: int
    setting: str
    """``4,096 MB (RBB_MAX_LEDGER_MB)``."""


@dataclass
class StreamedForm:
    """What a form held: its text fields and its files, each in ``folder`` under the
    uploaded file's plain name. The caller removes the folder (``discard``) once the
    files are read: a background job, after its work."""

    folder: Path
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    size: int = 0
    empty_file: bool = False
    """A file input left empty: a browser sends it with no file name and no bytes."""


class _Receiver:
    """The parser's callbacks: they only gather; ``receive_form`` writes the disk."""

    def __init__(self, folder: Path, files: Mapping[str, FileBound], fields: frozenset[str],
                 before_file: Callable[[dict[str, str]], None] | None) -> None:
        self.bounds, self.allowed = files, fields
        self.before_file = before_file
        self.form = StreamedForm(folder)
        self.part = _Part()
        self.parts = 0
        self.header_name = self.header_value = b""
        self.disposition = b""
        self.opening: list[_Part] = []
        """File parts whose files are to be opened before their data is written."""
        self.pending: list[tuple[_Part, bytes]] = []
        self.finished: list[_Part] = []
        self.file_fields: set[str] = set()

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise Problem(400, f"the form has more than {MAX_PARTS} parts")
        self.part = _Part()
        self.disposition = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]
        if len(self.header_name) > MAX_FIELD:
            raise Problem(400, "a part of the form has a header too long")

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]
        if len(self.header_value) > MAX_FIELD:
            raise Problem(400, "a part of the form has a header too long")

    def on_header_end(self) -> None:
        if self.header_name.lower() == b"content-disposition":
            self.disposition = self.header_value
        self.header_name = self.header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        name = options.get(b"name")
        if name is None:
            raise Problem(400, "a part of the form has no name")
        self.part.name = name.decode("utf-8", "replace")
        if options.get(b"filename") == b"":
            self.part.empty_file = True
        elif b"filename" in options:
            if self.part.name not in self.bounds:
                raise Problem(400, f"the form has a file in {self.part.name[:40]!r}: expected "
                                   f"files only in {', '.join(sorted(self.bounds))}")
            if self.part.name in self.file_fields:
                raise Problem(400, f"the form has two files in {self.part.name!r}")
            self.file_fields.add(self.part.name)
            if self.before_file is not None:
                self.before_file(self.form.fields)
            self.part.filename = safe_name(options[b"filename"].decode("utf-8", "replace"))
            self.opening.append(self.part)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.part.filename is None:
            self.part.data += chunk
            if len(self.part.data) > MAX_FIELD:
                raise Problem(400, f"the form's field {self.part.name[:40]!r} is longer "
                                   f"than {MAX_FIELD:,} bytes")
            return
        self.part.size += len(chunk)
        bound = self.bounds[self.part.name]
        if self.part.size > bound.bytes:
            raise Problem(413, f"{self.part.filename} is larger than {bound.setting}, the "
                               f"most this rbb accepts in {self.part.name!r}; nothing was "
                               "stored")
        self.pending.append((self.part, chunk))

    def on_part_end(self) -> None:
        if self.part.empty_file:
            if self.part.data:
                raise Problem(400, f"the form's file in {self.part.name[:40]!r} has no name")
            return
        if self.part.filename is None:
            if self.part.name in self.allowed:
                self.form.fields[self.part.name] = self.part.data.decode("utf-8", "replace")
            return
        if not self.part.size:
            raise Problem(400, f"{self.part.filename} is empty")
        self.finished.append(self.part)


def _open(folder: Path, part: _Part) -> IO[bytes]:
    """The part's file, under its own folder (two files may share a name)."""
    assert part.filename is not None
    own = folder / part.name
    own.mkdir(mode=0o700)
    return (own / part.filename).open("xb")


def _write(handle: IO[bytes], chunks: list[bytes]) -> None:
    for chunk in chunks:
        handle.write(chunk)


async def receive_form(request: Request, *, files: Mapping[str, FileBound],
                       fields: frozenset[str] = frozenset(),
                       before_file: Callable[[dict[str, str]], None] | None = None
                       ) -> StreamedForm:
    """The multipart form of ``request``, its files written to a new private folder
    (mode 0700, in the system's temporary folder). ``before_file`` sees the text fields
    sent before the first file and may refuse the form (a ``Problem``) before any of it is
    written. A form over a bound, or cut short, leaves nothing behind."""
    content_type = request.headers.get("content-type", "")
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise Problem(415 if kind != b"multipart/form-data" else 400,
                      "expected a multipart/form-data body (a form with the file)")
    folder = Path(await anyio.to_thread.run_sync(
        lambda: tempfile.mkdtemp(prefix="rbb-upload-")))
    receiver = _Receiver(folder, files, fields, before_file)
    callbacks: Any = {name: getattr(receiver, name) for name in (
        "on_part_begin", "on_part_data", "on_part_end", "on_header_field",
        "on_header_value", "on_header_end", "on_headers_finished")}
    handles: dict[str, IO[bytes]] = {}
    buffered: dict[str, list[bytes]] = {}
    sizes: dict[str, int] = {}

    async def flush(name: str) -> None:
        chunks = buffered.pop(name, [])
        sizes[name] = 0
        if chunks:
            await anyio.to_thread.run_sync(_write, handles[name], chunks)

    try:
        parser = python_multipart.MultipartParser(boundary, callbacks)
        async for chunk in request.stream():
            parser.write(chunk)
            for part in receiver.opening:
                handles[part.name] = await anyio.to_thread.run_sync(_open, folder, part)
            receiver.opening.clear()
            for part, data in receiver.pending:
                buffered.setdefault(part.name, []).append(data)
                sizes[part.name] = sizes.get(part.name, 0) + len(data)
                if sizes[part.name] >= FLUSH:
                    await flush(part.name)
            receiver.pending.clear()
            for part in receiver.finished:
                await flush(part.name)
                await anyio.to_thread.run_sync(handles[part.name].close)
                assert part.filename is not None
                receiver.form.files[part.name] = folder / part.name / part.filename
            receiver.finished.clear()
        parser.finalize()
    except BaseException as error:
        for handle in handles.values():
            handle.close()
        await anyio.to_thread.run_sync(receiver.form.discard)
        if isinstance(error, FormParserError):
            raise Problem(400, f"the form is not well-formed multipart data: {error}"
                          ) from None
        raise
    for name, handle in handles.items():
        if name not in receiver.form.files:  # the body ended inside the file
            handle.close()
            await anyio.to_thread.run_sync(receiver.form.discard)
            raise Problem(400, "the form ended before its file did")
    return receiver.form
