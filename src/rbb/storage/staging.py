"""Uploads waiting for an editor's confirmation, and the version of the document set.

An upload is parsed, shown, and only stored when the editor confirms it: until
then it sits here, apart from the documents, so nothing is ever half-stored.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Engine, Select, delete, func, insert, select

from rbb.model import Diagnostic, Document
from rbb.model.errors import NotFoundError

from . import schema
from .accounts import digest
from .repository import canonical_json
from .statements import reading

PENDING_LIFETIME = timedelta(hours=1)
MAX_PENDING_PER_USER = 5


@dataclass(frozen=True, slots=True)
class PendingImport:
    token: str
    user_id: int
    file_name: str
    document: Document
    diagnostics: tuple[Diagnostic, ...]
    created_at: datetime
    source_text: str | None = None


class StagingStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def stage(self, user_id: int, file_name: str, document: Document,
              diagnostics: tuple[Diagnostic, ...], source_text: str | None = None) -> str:
        """Keep a parsed upload (and the text it was read from) for its user; returns the
        token that confirms it."""
        token = secrets.token_urlsafe(24)
        now = datetime.now(UTC)
        p = schema.pending_imports
        with self.engine.begin() as connection:
            connection.execute(delete(p).where(p.c.created_at < now - PENDING_LIFETIME))
            older = connection.execute(select(p.c.token_hash).where(p.c.user_id == user_id)
                                       .order_by(p.c.created_at.desc())
                                       .offset(MAX_PENDING_PER_USER - 1)).scalars().all()
            if older:
                connection.execute(delete(p).where(p.c.token_hash.in_(older)))
            connection.execute(insert(p).values(
                token_hash=digest(token), user_id=user_id, file_name=file_name,
                body=canonical_json(document),
                diagnostics=json.dumps([d.model_dump(mode="json") for d in diagnostics]),
                created_at=now, source_text=source_text))
        return token

    def pending(self, token: str, user_id: int) -> PendingImport:
        p = schema.pending_imports
        with self.engine.connect() as connection:
            row = connection.execute(select(p).where(
                p.c.token_hash == digest(token), p.c.user_id == user_id)).first()
        created = None if row is None else (
            row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC))
        if row is None or created is None or created < datetime.now(UTC) - PENDING_LIFETIME:
            raise NotFoundError("this upload is no longer waiting for confirmation "
                                "(it was stored, discarded or is more than an hour old)")
        return PendingImport(
            token=token, user_id=row.user_id, file_name=row.file_name,
            document=Document.model_validate_json(row.body),
            diagnostics=tuple(Diagnostic.model_validate(d) for d in json.loads(row.diagnostics)),
            created_at=created, source_text=row.source_text)

    def discard(self, token: str, user_id: int) -> None:
        p = schema.pending_imports
        with self.engine.begin() as connection:
            connection.execute(delete(p).where(p.c.token_hash == digest(token),
                                               p.c.user_id == user_id))


def documents_version(engine: Engine) -> tuple[int, int, str]:
    """Changes whenever a document is stored, replaced or deleted, whenever the
    mission register gains or changes an entry (migration 0009), and whenever a
    redeployment is recorded or withdrawn (the checks of ``rbb check`` read them with the
    documents, so the findings change): caches key on it."""
    with reading(engine) as connection:
        row = connection.execute(_version_query()).one()
    return int(row[0]), int(row[1]), f"{row[2]}|{row[3]}|{row[4]}|{row[5]}|{row[6]}"


@cache
def _version_query() -> Select[Any]:
    """One statement, built once: every request of the web app asks it."""
    d, m, r = schema.documents, schema.missions, schema.redeployments
    return select(func.count(), func.coalesce(func.sum(d.c.id), 0), func.max(d.c.stored_at),
                  select(func.count()).select_from(m).scalar_subquery(),
                  select(func.max(m.c.edited_at)).scalar_subquery(),
                  select(func.count()).select_from(r).scalar_subquery(),
                  select(func.count(r.c.withdrawn_at)).scalar_subquery())
