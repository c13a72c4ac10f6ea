"""The findings of ``rbb check`` kept in the store: written when the checks have run,
read by document, mission or filter with indexed queries.

Which findings are current is itself stored: a document's own findings carry the
version of the checks that computed them (``checked_documents``); the cross-document
findings of a mission carry that version and the mission's ``documents_token`` when
they read its documents (``checked_missions``). Every write of a mission's documents
gives it a new token in the same transaction (``writing.documents_changed``), so
storing or deleting any document of the mission, by any process, makes them stale; the
rule is one SQL expression (``_across_current``) that the state of one mission and the
list of stale missions share. Computing findings is not this layer's business
(``rbb.services.stored_findings`` does it with the engine).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    not_,
    or_,
    select,
)

from rbb.model import Finding, FindingPart, Severity

from . import schema
from .listing import DocumentSummary, summary_of
from .repository import summary_columns
from .statements import paged, reading
from .writing import exact_text, take_turns

SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ROUNDING: 2}
"""The order ``rbb check`` lists the findings of one line in."""


@dataclass(frozen=True, slots=True)
class StoredFinding:
    finding: Finding
    part: FindingPart | None
    """Where its row is shown (``rbb.engine.placement``)."""
    document_id: int


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """Which findings a list shows; every field narrows it, None leaves it open."""

    mission: str | None = None
    document_ids: tuple[int, ...] | None = None
    severity: Severity | None = None
    section: str | None = None
    """``""`` selects the findings with no section."""
    table: str | None = None
    row: str | None = None


Placed = tuple[Finding, FindingPart | None]


@dataclass(frozen=True, slots=True)
class MissionDocuments:
    """A mission's documents as one statement read them, with the mission's
    ``documents_token`` then: what its cross-document findings are computed over."""

    ids: tuple[int, ...]
    token: str


@dataclass(frozen=True, slots=True)
class DocumentFindings:
    """A document's summary, whether its mission's findings are current, and the
    document's stored findings, read with one statement (``FindingsStore.of_key``): so
    they agree with each other, and a page pays one round trip for them."""

    summary: DocumentSummary
    token: str
    """The mission's ``documents_token`` (``MissionState.digest``)."""
    current: bool
    """No document of the mission has findings of another version of the checks, and
    its cross-document findings were computed over its documents now."""
    findings: list[StoredFinding]


@dataclass(frozen=True, slots=True)
class MissionState:
    """What is current of a mission's stored findings, read with one query."""

    digest: str
    """The mission's ``documents_token`` now: changes with every write of its documents
    (what a cache of what was read of them is keyed on)."""
    stale_documents: tuple[int, ...]
    """Documents whose own findings were not computed with the version asked about."""
    stale_across: bool
    """The cross-document findings were computed with another version or over other
    documents."""

    @property
    def current(self) -> bool:
        return not self.stale_documents and not self.stale_across


class FindingsStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # --- what is current ---------------------------------------------------

    def stale_documents(self, version: str, *, mission: str | None = None,
                        document_ids: Sequence[int] | None = None) -> list[int]:
        """Documents whose own findings were not computed with ``version``."""
        d, c = schema.documents, schema.checked_documents
        query = (select(d.c.id).outerjoin(c, c.c.document_id == d.c.id)
                 .where(or_(c.c.checks_version.is_(None), c.c.checks_version != version))
                 .order_by(d.c.mission_code, d.c.period, d.c.kind))
        if mission is not None:
            query = query.where(d.c.mission_code == mission)
        if document_ids is not None:
            query = query.where(d.c.id.in_(list(document_ids)))
        with reading(self.engine) as connection:
            return [int(i) for i in connection.execute(query).scalars()]

    def mission_state(self, mission: str, version: str) -> MissionState:
        """One query: each document of the mission with the version its own findings
        were computed with, beside whether the mission's cross-document ones are
        current (``_across_current``) and its token."""
        with reading(self.engine) as connection:
            rows = connection.execute(_mission_state_query(),
                                      {"mission": mission, "version": version}).all()
        return MissionState(
            digest=str(rows[0].documents_token) if rows else "",
            stale_documents=tuple(int(row.id) for row in rows if row.checks_version != version),
            stale_across=bool(rows) and not rows[0].across_current)

    def stale_missions(self, version: str, missions: Iterable[str] | None = None) -> list[str]:
        """Missions with documents whose cross-document findings were not computed with
        ``version`` under their token now (``_across_current``): one query over the
        missions, none of their documents' rows read."""
        wanted = None if missions is None else sorted(set(missions))
        values = {"version": version, "missions": wanted or []}
        with reading(self.engine) as connection:
            return [str(code) for code in connection.execute(
                _stale_missions_query(wanted is not None), values).scalars()]

    def mission_documents(self, mission: str) -> MissionDocuments:
        """The mission's documents and its token, in one statement (so the token is the
        one of these documents)."""
        with reading(self.engine) as connection:
            rows = connection.execute(_mission_documents_query(), {"mission": mission}).all()
        return MissionDocuments(ids=tuple(int(row.id) for row in rows),
                                token=str(rows[0].documents_token) if rows else "")

    def of_key(self, mission: str, period: str, kind: str, version: str
               ) -> DocumentFindings | None:
        """The document's summary, its mission's state and its findings as ``find`` lists
        them, in one statement; None when no such document is stored."""
        with reading(self.engine) as connection:
            rows = connection.execute(_of_key_query(), {
                "mission": mission, "period": period, "kind": kind,
                "version": version}).mappings().all()
        if not rows:
            return None
        first = rows[0]
        return DocumentFindings(
            summary=summary_of(first), token=str(first["documents_token"]),
            current=bool(first["across_current"]) and not first["stale"],
            findings=[_stored({name: row[f"f_{name}"] for name in _FINDING_COLUMNS})
                      for row in rows if row["f_id"] is not None])

    # --- writing -----------------------------------------------------------

    def replace_documents(self, checked: Sequence[tuple[int, str, Sequence[Placed]]],
                          version: str) -> int:
        """Each document's own findings (``(id, mission, findings)``), replacing those
        stored, in one transaction; a document replaced or deleted meanwhile is left
        out. The number written."""
        written = 0
        f, c = schema.findings, schema.checked_documents
        with self.engine.begin() as connection:
            for document_id, mission, findings in checked:
                take_turns(connection, f"rbb findings of document {document_id}")
                exists = connection.execute(select(schema.documents.c.id).where(
                    schema.documents.c.id == document_id)).first()
                if exists is None:
                    continue
                connection.execute(delete(f).where(f.c.document_id == document_id,
                                                   f.c.across.is_(False)))
                _insert(connection, [(document_id, mission, False, finding, part)
                                     for finding, part in findings])
                _upsert(connection, c, {"document_id": document_id, "checks_version": version,
                                        "checked_at": datetime.now(UTC)}, "document_id")
                written += 1
        return written

    def replace_mission(self, mission: str, documents: MissionDocuments,
                        findings: Sequence[tuple[int, Finding, FindingPart | None]],
                        version: str) -> None:
        """The cross-document findings of a mission, computed over ``documents``; a
        finding on a document deleted meanwhile is dropped (the token has changed then,
        and the mission is checked again)."""
        with self.engine.begin() as connection:
            take_turns(connection, f"rbb findings across {mission}")
            d, f = schema.documents, schema.findings
            present = set(connection.execute(select(d.c.id).where(
                d.c.id.in_(list(documents.ids)))).scalars())
            connection.execute(delete(f).where(f.c.mission_code == mission,
                                               f.c.across.is_(True)))
            _insert(connection, [(document_id, mission, True, finding, part)
                                 for document_id, finding, part in findings
                                 if document_id in present])
            _upsert(connection, schema.checked_missions, {
                "mission_code": mission, "checks_version": version,
                "documents": documents.token,
                "checked_at": datetime.now(UTC)}, "mission_code")

    # --- reading -----------------------------------------------------------

    def find(self, where: FindingFilter, *, offset: int = 0,
             limit: int | None = None) -> list[StoredFinding]:
        """Findings in the order of ``rbb check``: by document, line, severity, code."""
        query = _find_query(_shape(where), bool(offset), limit is not None)
        with reading(self.engine) as connection:
            rows = connection.execute(query, {**_values(where), "offset": offset,
                                              "limit": limit}).mappings().all()
        return [_stored(row) for row in rows]

    def count(self, where: FindingFilter) -> int:
        with reading(self.engine) as connection:
            return int(connection.execute(_count_query(_shape(where)),
                                          _values(where)).scalar_one())

    def counts(self, where: FindingFilter, by: str) -> dict[str, int]:
        """Findings counted by ``severity``, ``section``, ``mission``, ``document`` or
        ``document_id`` (as text); a finding without a section counts under ``""``."""
        if by not in COUNTED_BY:
            raise ValueError(f"findings are counted by one of {', '.join(COUNTED_BY)}")
        with reading(self.engine) as connection:
            return {str(value): int(n) for value, n in connection.execute(
                _counts_query(_shape(where), by), _values(where))}


COUNTED_BY = ("severity", "section", "mission", "document", "document_id")

# A filter's statement is built once per shape (which fields it sets) and run with the
# filter's values (``statements``).
_Shape = tuple[bool, bool, bool, str | None, bool, bool]


def _shape(where: FindingFilter) -> _Shape:
    section = None if where.section is None else ("none" if where.section == "" else "one")
    return (where.mission is not None, where.document_ids is not None,
            where.severity is not None, section, where.table is not None,
            where.row is not None)


def _values(where: FindingFilter) -> dict[str, Any]:
    return {"mission": where.mission, "ids": list(where.document_ids or ()),
            "severity": where.severity.value if where.severity is not None else None,
            "section": where.section, "table": where.table, "row": where.row}


def _conditions(shape: _Shape) -> list[ColumnElement[bool]]:
    f = schema.findings
    mission, ids, severity, section, table, row = shape
    out: list[ColumnElement[bool]] = []
    if mission:
        out.append(f.c.mission_code == bindparam("mission"))
    if ids:
        out.append(f.c.document_id.in_(bindparam("ids", expanding=True)))
    if severity:
        out.append(f.c.severity == bindparam("severity"))
    if section is not None:
        out.append(f.c.section.is_(None) if section == "none" else
                   f.c.section == bindparam("section"))
    if table:
        out.append(f.c.table_name == bindparam("table"))
    if row:
        out.append(f.c.row_name == bindparam("row"))
    return out


@cache
def _find_query(shape: _Shape, offset: bool, limit: bool) -> Select[Any]:
    return paged(_ordered(select(schema.findings).where(*_conditions(shape))), offset, limit)


@cache
def _count_query(shape: _Shape) -> Select[Any]:
    return select(func.count()).select_from(schema.findings).where(*_conditions(shape))


@cache
def _counts_query(shape: _Shape, by: str) -> Select[Any]:
    f = schema.findings
    column = {"severity": f.c.severity, "section": func.coalesce(f.c.section, ""),
              "mission": f.c.mission_code, "document": f.c.document,
              "document_id": f.c.document_id}[by]
    return select(column, func.count()).where(*_conditions(shape)).group_by(column)


def _across_current() -> ColumnElement[bool]:
    """The rule, written once: a mission's cross-document findings are current when its
    ``checked_missions`` row exists and holds the version asked about (the bound
    ``version``) and the mission's ``documents_token`` now. Over ``missions`` joined to
    ``checked_missions`` by an outer join: without a row it is false, never NULL."""
    m, c = schema.missions, schema.checked_missions
    return and_(c.c.mission_code.is_not(None), c.c.checks_version == bindparam("version"),
                c.c.documents == m.c.documents_token)


@cache
def _mission_state_query() -> Select[Any]:
    d, c = schema.documents, schema.checked_documents
    m, across = schema.missions, schema.checked_missions
    return (select(d.c.id, c.c.checks_version, m.c.documents_token,
                   _across_current().label("across_current"))
            .select_from(d.join(m, m.c.code == d.c.mission_code)
                         .outerjoin(c, c.c.document_id == d.c.id)
                         .outerjoin(across, across.c.mission_code == m.c.code))
            .where(d.c.mission_code == bindparam("mission")))


_FINDING_COLUMNS = tuple(column.name for column in schema.findings.c)


@cache
def _of_key_query() -> Select[Any]:
    """A document (by ``mission``, ``period``, ``kind``) with its mission's token and
    state (the rule of ``_across_current``; ``stale``: a document of the mission whose
    own findings are not of ``version``) on each of its findings' rows, and on one row
    alone when it has none."""
    d, m, f = schema.documents, schema.missions, schema.findings
    across, checked = schema.checked_missions, schema.checked_documents
    other = d.alias("other")
    stale = exists().select_from(other.outerjoin(checked, checked.c.document_id == other.c.id)
                                 ).where(other.c.mission_code == bindparam("mission"),
                                         or_(checked.c.checks_version.is_(None),
                                             checked.c.checks_version != bindparam("version")))
    return _ordered(
        select(*summary_columns(), m.c.documents_token,
               _across_current().label("across_current"), stale.label("stale"),
               *(column.label(f"f_{column.name}") for column in f.c))
        .select_from(d.join(m, m.c.code == d.c.mission_code)
                     .outerjoin(across, across.c.mission_code == m.c.code)
                     .outerjoin(f, f.c.document_id == d.c.id))
        .where(d.c.mission_code == bindparam("mission"), d.c.period == bindparam("period"),
               d.c.kind == bindparam("kind")))


@cache
def _mission_documents_query() -> Select[Any]:
    d, m = schema.documents, schema.missions
    return (select(d.c.id, m.c.documents_token).join(m, m.c.code == d.c.mission_code)
            .where(d.c.mission_code == bindparam("mission")).order_by(d.c.period, d.c.kind))


@cache
def _stale_missions_query(some: bool) -> Select[Any]:
    """The missions with documents, of those bound to ``missions`` with ``some``, whose
    cross-document findings are not current."""
    d, m, across = schema.documents, schema.missions, schema.checked_missions
    query = (select(m.c.code)
             .select_from(m.outerjoin(across, across.c.mission_code == m.c.code))
             .where(exists().where(d.c.mission_code == m.c.code), not_(_across_current()))
             .order_by(m.c.code))
    if some:
        query = query.where(m.c.code.in_(bindparam("missions", expanding=True)))
    return query


def _ordered(query: Select[Any]) -> Select[Any]:
    """``rbb.engine.sort_findings`` in SQL, along ``ix_findings_order``: the document's
    name, then ``sort_key`` (both compared by code point: PostgreSQL's columns have the
    "C" collation), then the order they were written in."""
    f = schema.findings
    return query.order_by(f.c.document, f.c.sort_key, f.c.id)


def sort_key(finding: Finding) -> str:
    """The rest of ``sort_findings``' key as one text that sorts the same way: a finding
    with a line before one without, then the line, the severity, the code, the row and
    the column (separated by a character lower than any they hold)."""
    line = finding.source_line
    head = f"{1 if line is None else 0}{line or 0:012d}{SEVERITY_RANK[finding.severity]}"
    return "\x01".join([head, *(_plain(part) for part in (
        finding.code, finding.row or "", finding.column or ""))])


def _plain(text: str) -> str:
    return text.replace("\x00", "").replace("\x01", "")


def _insert(connection: Connection,
            items: Sequence[tuple[int, str, bool, Finding, FindingPart | None]]) -> None:
    rows = [{
        "document_id": document_id, "mission_code": mission, "across": across,
        "severity": finding.severity.value, "severity_rank": SEVERITY_RANK[finding.severity],
        "sort_key": sort_key(finding),
        "code": finding.code, "document": finding.document, "section": finding.section,
        "table_name": finding.table, "row_name": finding.row, "column_name": finding.column,
        "source_line": finding.source_line, "printed": exact_text(finding.printed),
        "computed": exact_text(finding.computed), "message": finding.message,
        "part": part.value if part is not None else None,
    } for document_id, mission, across, finding, part in items]
    if rows:
        connection.execute(insert(schema.findings), rows)


def _stored(row: Any) -> StoredFinding:
    finding = Finding(
        severity=Severity(row["severity"]), code=row["code"], document=row["document"],
        section=row["section"], table=row["table_name"], row=row["row_name"],
        column=row["column_name"], source_line=row["source_line"],
        printed=None if row["printed"] is None else Decimal(row["printed"]),
        computed=None if row["computed"] is None else Decimal(row["computed"]),
        message=row["message"])
    part = FindingPart(row["part"]) if row["part"] is not None else None
    return StoredFinding(finding=finding, part=part, document_id=int(row["document_id"]))


def _upsert(connection: Connection, table: Any, values: dict[str, Any], key: str) -> None:
    # the dialects' inserts are imported here: reading findings (``rbb check`` on a store)
    # needs neither, and PostgreSQL's dialect alone takes some 25 ms to load
    dialect = connection.dialect.name
    changed = {k: v for k, v in values.items() if k != key}
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        connection.execute(pg_insert(table).values(**values).on_conflict_do_update(
            index_elements=[key], set_=changed))
        return
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        connection.execute(sqlite_insert(table).values(**values).on_conflict_do_update(
            index_elements=[key], set_=changed))
        return
    connection.execute(delete(table).where(table.c[key] == values[key]))
    connection.execute(insert(table).values(**values))
