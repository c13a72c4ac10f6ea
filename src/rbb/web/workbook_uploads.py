"""Uploaded proposal workbooks kept between the dry run an editor reviews and the save
that stores exactly what was shown (docs/preparation.md, "Workbook round trip").

The bytes are kept on the server, never re-posted: each upload is a file named by a
random token (``secrets.token_urlsafe``) in a private folder, with a small record of who
uploaded it, for which proposal, and the head revision the review was computed on. A
token is honoured only for the same user and proposal, at most ``MAX_AGE`` seconds; at
most ``MAX_KEPT`` uploads are kept (the oldest go first), so the folder stays bounded
whatever is uploaded. Worker processes of one server share the folder."""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rbb.model.errors import NotFoundError

MAX_KEPT = 64
MAX_AGE = 3600.0
"""Seconds an uploaded workbook waits for its save."""
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def default_folder() -> Path:
    return Path(tempfile.gettempdir()) / f"rbb-workbooks-{os.getuid()}"


@dataclass(frozen=True, slots=True)
class StagedWorkbook:
    token: str
    path: Path
    user_id: int
    proposal: int
    head: int
    """The head revision the dry run compared with: the save stores only onto it."""
    name: str


class WorkbookUploads:
    def __init__(self, folder: Path | None = None, *, max_kept: int = MAX_KEPT,
                 max_age: float = MAX_AGE) -> None:
        self.folder = folder or default_folder()
        self.max_kept = max_kept
        self.max_age = max_age

    def _ready(self) -> Path:
        """The folder, created private; one that another account owns or can write
        (a folder planted in the shared temporary folder) is never used."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = self.folder.lstat()
        if stat.S_ISLNK(found.st_mode) or found.st_uid != os.getuid() or \
                found.st_mode & 0o077:
            raise PermissionError(f"{self.folder} is not a private folder of this account: "
                                  "uploaded workbooks are not kept there")
        return self.folder

    def keep(self, data: bytes, *, user_id: int, proposal: int, name: str) -> StagedWorkbook:
        """Write the upload under a new token (its head is set by ``reviewed``)."""
        folder = self._ready()
        self.prune()
        token = secrets.token_urlsafe(24)
        path = folder / f"{token}.xlsx"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        staged = StagedWorkbook(token, path, user_id, proposal, 0, name)
        self._record(staged)
        return staged

    def reviewed(self, staged: StagedWorkbook, head: int) -> StagedWorkbook:
        done = StagedWorkbook(staged.token, staged.path, staged.user_id, staged.proposal,
                              head, staged.name)
        self._record(done)
        return done

    def _record(self, staged: StagedWorkbook) -> None:
        meta = self.folder / f"{staged.token}.json"
        meta.write_text(json.dumps({"user": staged.user_id, "proposal": staged.proposal,
                                    "head": staged.head, "name": staged.name}),
                        encoding="utf-8")
        meta.chmod(0o600)

    def staged(self, token: str, *, user_id: int, proposal: int) -> StagedWorkbook:
        """The upload ``token`` names, if it is this user's for this proposal and not
        expired; ``NotFoundError`` otherwise."""
        gone = NotFoundError("this uploaded workbook is no longer kept (saved, discarded "
                             f"or older than {int(self.max_age // 60)} minutes): upload it "
                             "again")
        if not _TOKEN.fullmatch(token):
            raise gone
        path, meta = self.folder / f"{token}.xlsx", self.folder / f"{token}.json"
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            age = time.time() - path.stat().st_mtime
        except (OSError, ValueError):
            raise gone from None
        if age > self.max_age or record.get("user") != user_id or \
                record.get("proposal") != proposal:
            raise gone
        return StagedWorkbook(token, path, user_id, proposal, int(record.get("head", 0)),
                              str(record.get("name", "workbook.xlsx")))

    def discard(self, token: str) -> None:
        if _TOKEN.fullmatch(token):
            for suffix in (".xlsx", ".json"):
                (self.folder / f"{token}{suffix}").unlink(missing_ok=True)

    def prune(self) -> None:
        """Drop what is expired, then the oldest beyond ``max_kept - 1``."""
        if not self.folder.is_dir():
            return
        now = time.time()
        kept: list[tuple[float, str]] = []
        for path in self.folder.glob("*.xlsx"):
            try:
                moment = path.stat().st_mtime
            except OSError:
                continue
            if now - moment > self.max_age:
                self.discard(path.stem)
            else:
                kept.append((moment, path.stem))
        kept.sort()
        for _, token in kept[:max(0, len(kept) - (self.max_kept - 1))]:
            self.discard(token)
