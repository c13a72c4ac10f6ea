"""The stored documents as a list shows them, and that list read straight from an SQLite
file at the newest schema with the standard library's ``sqlite3``: ``rbb list`` then
loads neither SQLAlchemy nor a record (SQLAlchemy alone took longer than the command's
start-up target, issue 12). Any other store, or a file this cannot read as it expects, is
listed through ``DocumentStore.summaries`` (``tests/storage/test_listing.py`` holds the
two answers equal)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rbb.model.cycle import DocumentKind, Period

from .locations import plain_sqlite_file
from .revisions import VERSION_TABLE, head_revision


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A stored document as a list shows it, without loading its body."""

    id: int
    mission: str
    period: Period
    kind: DocumentKind
    title: str
    symbol: str | None
    date: date | None
    draft: bool
    source_name: str | None
    stored_at: datetime
    fact_count: int
    body_sha256: str = ""
    """Of the canonical JSON: the same for the same content, whenever stored."""


def summary_of(row: Mapping[Any, Any]) -> DocumentSummary:
    """A summary from a row of ``documents`` (its columns by name)."""
    return DocumentSummary(
        id=row["id"], mission=row["mission_code"], period=Period.parse(row["period"]),
        kind=DocumentKind(row["kind"]), title=row["title"], symbol=row["symbol"],
        date=row["date"], draft=bool(row["draft"]), source_name=row["source_name"],
        stored_at=row["stored_at"], fact_count=int(row["fact_count"]),
        body_sha256=row["body_sha256"])


@dataclass(frozen=True, slots=True)
class ListedDocument:
    """A line of ``rbb list``: the document, and whether it was stored partial."""

    summary: DocumentSummary
    partial: bool


_LISTING = """
SELECT d.id, d.mission_code, d.period, d.kind, d.title, d.symbol, d.date, d.draft,
       d.source_name, d.stored_at, d.fact_count, d.body_sha256,
       EXISTS (SELECT 1 FROM document_parts p
               WHERE p.document_id = d.id AND p.name = 'partial' AND p.body = 'true')
         AS partial
FROM documents d {where}
ORDER BY d.mission_code, d.period, d.kind
"""
"""``DocumentStore.summaries`` and ``partial_ids`` in one statement, so that both are read
from the same state of the file."""


def list_sqlite_file(url: str | None, *, mission: str | None = None
                     ) -> list[ListedDocument] | None:
    """The documents of the SQLite store at ``url`` (of ``mission``), by mission, period
    and kind; None when the store is not a plain SQLite file already at the newest schema
    (missing, to be migrated, another backend) or not readable as one: the caller then
    opens it through SQLAlchemy, which migrates it or reports what is wrong."""
    path = plain_sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error:
        return None
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("BEGIN")  # one snapshot: the revision and the list agree
        revisions = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
        if [row[0] for row in revisions] != [head_revision()]:
            return None
        code = mission.upper() if mission else None
        rows = connection.execute(
            _LISTING.format(where="WHERE d.mission_code = ?" if code else ""),
            (code,) if code else ()).fetchall()
        return [ListedDocument(summary_of(_typed(row)), bool(row["partial"])) for row in rows]
    except (sqlite3.Error, ValueError):
        return None
    finally:
        connection.close()


def _typed(row: sqlite3.Row) -> dict[str, Any]:
    """The row as SQLAlchemy reads it from SQLite: dates and times are stored as ISO text
    (the time without its zone, as SQLAlchemy writes it there)."""
    values = dict(zip(row.keys(), row, strict=True))
    if values["date"] is not None:
        values["date"] = date.fromisoformat(values["date"])
    values["stored_at"] = datetime.fromisoformat(values["stored_at"])
    return values
