"""The document store: save a document whole or not at all, read it back exact."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias

from pydantic import TypeAdapter
from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
)

from rbb.model.base import STORED
from rbb.model.cycle import DocumentKind, Period
from rbb.model.errors import NotFoundError

from . import schema
from .listing import DocumentSummary, summary_of
from .statements import paged, reading
from .writing import documents_changed, exact_text, take_turns

if TYPE_CHECKING:
    from rbb.model import Diagnostic, Document, DocumentKey, Mission
    from rbb.model.facts import Fact
    from rbb.model.legislative import StageFigure

# The document records and the dialects' inserts are imported where a document is
# written or read whole: listing the store (``rbb list``) needs neither.


@dataclass(frozen=True, slots=True)
class FinancialFigure:
    document_id: int
    document_kind: DocumentKind
    table_key: str
    line: str
    row_type: str
    stage: str
    period: Period
    amount: Decimal | None
    source_line: int | None


StoreItem: TypeAlias = ("tuple[Document, Sequence[Diagnostic]]"
                        " | tuple[Document, Sequence[Diagnostic], str | None]")


class DocumentStore:
    """Reads and writes documents through one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, document: Document, diagnostics: Sequence[Diagnostic] = (), *,
             source_text: str | None = None) -> int:
        """Store a document in one transaction, replacing one with the same identity.
        ``source_text`` is the text it was read from (kept to locate quoted figures)."""
        with self.engine.begin() as connection:
            document_id = self._save(connection, document, diagnostics, source_text)
            documents_changed(connection, [document.key.mission])
            return document_id

    def save_all(self, items: Iterable[StoreItem]) -> list[int]:
        """Several documents in one transaction: all land or none does. Each item is
        ``(document, diagnostics)`` or ``(document, diagnostics, source_text)``."""
        with self.engine.begin() as connection:
            missions: set[str] = set()
            ids = []
            for item in items:
                ids.append(self._save(connection, item[0], item[1],
                                      item[2] if len(item) > 2 else None))
                missions.add(item[0].key.mission)
            documents_changed(connection, missions)
            return ids

    def _save(self, connection: Connection, document: Document,
              diagnostics: Sequence[Diagnostic], source_text: str | None) -> int:
        """The document's rows; the caller then marks its mission's documents changed
        (``documents_changed``) in the same transaction."""
        self._upsert_mission(connection, document.mission)
        key = document.key
        body = canonical_json(document)
        from rbb.model.facts import document_facts

        facts = document_facts(document)
        self._lock_identity(connection, key)
        connection.execute(delete(schema.documents).where(
            schema.documents.c.mission_code == key.mission,
            schema.documents.c.period == key.period.label,
            schema.documents.c.kind == key.kind.value,
        ))
        result = connection.execute(insert(schema.documents).values(
            mission_code=key.mission,
            period=key.period.label,
            kind=key.kind.value,
            title=document.title,
            symbol=document.symbol,
            date=document.date,
            draft=document.draft,
            source_name=document.source.name if document.source else None,
            source_sha256=document.source.sha256 if document.source else None,
            stored_at=datetime.now(UTC),
            fact_count=len(facts),
            body_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        ))
        primary_key = result.inserted_primary_key
        assert primary_key is not None
        document_id = int(primary_key[0])
        connection.execute(insert(schema.document_bodies).values(document_id=document_id,
                                                                 body=body))
        self._insert_indexes(connection, document_id, document, facts, diagnostics)
        connection.execute(insert(schema.document_parts), [
            {"document_id": document_id, "name": name, "body": part}
            for name, part in document_parts(body).items()])
        if source_text is not None:
            connection.execute(insert(schema.source_texts).values(
                document_id=document_id, text=source_text))
        return document_id

    def _upsert_mission(self, connection: Connection, mission: Mission) -> None:
        """The mission's row, inserted unless there (the register's entry stays as it is; a
        mission the register lacks becomes a provisional entry); concurrent saves never
        collide."""
        from rbb.model.mission import mission_for_code

        from .mission_register_store import mission_row

        if not mission.provisional and mission_for_code(mission.code) is None:
            mission = mission.model_copy(update={"provisional": True})
        values = mission_row(mission)
        dialect = connection.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            connection.execute(pg_insert(schema.missions).values(**values)
                               .on_conflict_do_nothing(index_elements=["code"]))
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            connection.execute(sqlite_insert(schema.missions).values(**values)
                               .on_conflict_do_nothing(index_elements=["code"]))
        elif connection.execute(select(schema.missions.c.code).where(
                schema.missions.c.code == mission.code)).first() is None:
            connection.execute(insert(schema.missions).values(**values))

    @staticmethod
    def _lock_identity(connection: Connection, key: DocumentKey) -> None:
        """Saves of one document take turns: on PostgreSQL a transaction-scoped advisory
        lock on its identity, held to the commit, so that the second replace sees the
        first one's row instead of failing on the unique constraint. SQLite takes its
        write lock at the first insert, which comes before the replace."""
        take_turns(connection, f"rbb document {key}")

    def _insert_indexes(self, connection: Connection, document_id: int, document: Document,
                        facts: Sequence[Fact], diagnostics: Sequence[Diagnostic]) -> None:
        from rbb.model.money import ColumnRole

        figures = [
            {
                "document_id": document_id, "table_key": table.key, "line": row.line,
                "row_type": row.row_type.value, "stage": column.stage.value,
                "period": column.period.label,
                "amount": exact_text(row.values.get(column.key)), "source_line": row.source_line,
            }
            for table in document.financial_tables
            for column in table.columns
            if column.role is ColumnRole.AMOUNT and column.stage and column.period
            for row in table.rows
            if column.key in row.values
        ]
        figures += [
            {
                "document_id": document_id, "table_key": STAGE_FIGURES_TABLE,
                "line": stage_figure_line(figure), "row_type": _STAGE_ROW_TYPES[figure.level],
                "stage": figure.stage.value, "period": figure.period.label,
                "amount": exact_text(figure.amount), "source_line": figure.source_line,
            }
            for figure in document.stage_figures
        ]
        if figures:
            connection.execute(insert(schema.financial_figures), figures)
        fact_rows = [
            {
                "document_id": document_id, "section": fact.section, "table_name": fact.table,
                "row_name": fact.row, "column_name": fact.column, "value": exact_text(fact.value),
                "unit": fact.unit, "source_line": fact.source_line,
            }
            for fact in facts
        ]
        if fact_rows:
            connection.execute(insert(schema.facts), fact_rows)
        diagnostic_rows = [
            {"document_id": document_id, "severity": d.severity.value, "code": d.code,
             "message": d.message, "line": d.line}
            for d in diagnostics
        ]
        if diagnostic_rows:
            connection.execute(insert(schema.diagnostics), diagnostic_rows)

    def summaries(self, *, mission: str | None = None, offset: int = 0,
                  limit: int | None = None) -> list[DocumentSummary]:
        """The stored documents by mission, period and kind (a page of them with
        ``offset`` and ``limit``), without their bodies."""
        query = _summaries_query(bool(mission), bool(offset), limit is not None)
        values = {"mission": mission.upper() if mission else None, "offset": offset,
                  "limit": limit}
        with reading(self.engine) as connection:
            rows = connection.execute(query, values).mappings().all()
        return [summary_of(row) for row in rows]

    def summary(self, key: DocumentKey) -> DocumentSummary | None:
        with reading(self.engine) as connection:
            row = connection.execute(_summary_by_key(), {
                "mission": key.mission, "period": key.period.label,
                "kind": key.kind.value}).mappings().first()
        return None if row is None else summary_of(row)

    def summary_with_parts(self, key: DocumentKey, names: Sequence[str]
                           ) -> tuple[DocumentSummary, dict[str, str]] | None:
        """The document's summary and its stored parts ``names`` (``_part_rows``) in one
        statement: what a page reads of a document it has not read yet."""
        with reading(self.engine) as connection:
            rows = connection.execute(_summary_with_parts(), {
                "mission": key.mission, "period": key.period.label, "kind": key.kind.value,
                "names": sorted(names)}).mappings().all()
        if not rows:
            return None
        return summary_of(rows[0]), {str(row["part_name"]): str(row["part_body"])
                                     for row in rows if row["part_name"] is not None}

    def summaries_by_id(self, document_ids: Sequence[int]) -> list[DocumentSummary]:
        if not document_ids:
            return []
        with reading(self.engine) as connection:
            return [summary_of(row) for row in connection.execute(
                _summaries_by_id(), {"ids": list(document_ids)}).mappings()]

    def source_text(self, document_id: int) -> str | None:
        with reading(self.engine) as connection:
            found: str | None = connection.execute(select(schema.source_texts.c.text).where(
                schema.source_texts.c.document_id == document_id)).scalar_one_or_none()
        return found

    def mission_index(self, *, offset: int = 0, limit: int | None = None
                      ) -> list[tuple[str, int]]:
        """Missions with stored documents, by code, and how many each has."""
        with reading(self.engine) as connection:
            return [(str(code), int(n)) for code, n in connection.execute(
                _mission_index(bool(offset), limit is not None),
                {"offset": offset, "limit": limit})]

    def mission_periods(self) -> dict[str, list[Period]]:
        """Every mission with documents and the periods they cover, in order."""
        d = schema.documents
        query = (select(d.c.mission_code, d.c.period).distinct()
                 .order_by(d.c.mission_code, d.c.period))
        found: dict[str, list[Period]] = {}
        with reading(self.engine) as connection:
            for code, period in connection.execute(query):
                found.setdefault(str(code), []).append(Period.parse(period))
        return found

    def summaries_of(self, missions: Sequence[str]) -> list[DocumentSummary]:
        """The documents of several missions, by mission, period and kind."""
        if not missions:
            return []
        query = _summary_query().where(schema.documents.c.mission_code.in_(list(missions)))
        with reading(self.engine) as connection:
            rows = connection.execute(query.order_by(*_IDENTITY_ORDER)).mappings().all()
        return [summary_of(row) for row in rows]

    def count(self, *, mission: str | None = None) -> int:
        query = select(func.count()).select_from(schema.documents)
        if mission:
            query = query.where(schema.documents.c.mission_code == mission.upper())
        with reading(self.engine) as connection:
            return int(connection.execute(query).scalar_one())

    def present_parts(self, document_id: int) -> frozenset[str]:
        """The parts of the document that hold something (not empty, not null)."""
        with reading(self.engine) as connection:
            names = connection.execute(_present_parts(), {"id": document_id}).scalars().all()
        return frozenset(names)

    def partial_ids(self, document_ids: Sequence[int] | None = None) -> list[int]:
        """The documents stored marked partial (``rbb import --partial``), of those given
        (looked up by the parts' primary key, 500 at a time) or of all (a scan of the
        parts: give the ids where they are known); no document is parsed."""
        p = schema.document_parts
        query = select(p.c.document_id).where(p.c.name == "partial", p.c.body == "true")
        found: list[int] = []
        with reading(self.engine) as connection:
            if document_ids is None:
                found += connection.execute(query).scalars().all()
            ids = list(document_ids or ())
            for start in range(0, len(ids), 500):
                found += connection.execute(query.where(
                    p.c.document_id.in_(ids[start:start + 500]))).scalars().all()
        return sorted(found)

    def load_parts(self, document_id: int, names: Sequence[str],
                   rows: dict[str, str] | None = None) -> Document:
        """The document with only the parts ``names`` read (the others empty), besides
        its identity: what a page that shows one section parses. The coverage is read
        only of a partial document (the sections its text lacks are what a page says of
        it), unless asked for. ``rows``: those parts, already read (``summary_with_parts``)."""
        if rows is None:
            rows = self._part_rows(document_id, {*IDENTITY_PARTS, *names})
        if not rows:
            return self.load_by_id(document_id)
        return _document_of(_identity_as_shown(rows, keep_coverage="coverage" in names))

    def load_item(self, document_id: int, part: str, key: str,
                  rows: dict[str, str] | None = None) -> tuple[Document, list[dict[str, Any]]]:
        """The document with its list ``part`` narrowed to the item whose ``key`` it is
        (validated; the part empty when there is none), and every item of the part as
        plain JSON data, not validated: what a page showing one component among its
        siblings reads, without validating the siblings."""
        wanted = {*IDENTITY_PARTS, part}
        bodies = (self._part_rows(document_id, wanted) if rows is None else rows) or {
            name: body for name, body in document_parts(self.body(document_id)).items()
            if name in wanted}
        bodies = _identity_as_shown(bodies, keep_coverage=part == "coverage")
        items = json.loads(bodies.pop(part, "[]"))
        if not isinstance(items, list):
            raise ValueError(f"the stored part {part!r} is not a list")
        chosen = [item for item in items if isinstance(item, dict) and item.get("key") == key]
        document = _document_of(bodies)
        if not chosen:
            return document, items
        # the item validated from the data just read, not written out and read again
        value = _part_adapter(part).validate_python(chosen[:1], context=STORED)
        return document.model_copy(update={part: value}), items

    def part_data(self, document_id: int, part: str,
                  rows: dict[str, str] | None = None) -> Any:
        """One part of the document as plain JSON data, not validated: what the API
        serves of it as it is. The stored JSON is the model's own dump (decimals as
        text, never a JSON float), so the data dumps again to the same bytes."""
        bodies = ((self._part_rows(document_id, {part}) if rows is None else rows)
                  or document_parts(self.body(document_id)))
        body = bodies.get(part)
        if body is None:
            raise ValueError(f"the document has no part {part!r}")
        return json.loads(body)

    def _part_rows(self, document_id: int, names: set[str]) -> dict[str, str]:
        """The stored parts ``names`` of the document as JSON text, by name (none for a
        document stored before its parts were)."""
        with reading(self.engine) as connection:
            return {str(name): str(body) for name, body in connection.execute(
                _parts_of(), {"id": document_id, "names": sorted(names)})}

    def load(self, mission: str, period: Period | str, kind: DocumentKind | str) -> Document:
        label = period.label if isinstance(period, Period) else Period.parse(period).label
        kind_value = DocumentKind(kind).value
        with reading(self.engine) as connection:
            d, b = schema.documents, schema.document_bodies
            body = connection.execute(select(b.c.body).join(d, d.c.id == b.c.document_id).where(
                schema.documents.c.mission_code == mission.upper(),
                schema.documents.c.period == label,
                schema.documents.c.kind == kind_value,
            )).scalar_one_or_none()
        if body is None:
            raise NotFoundError(f"no {kind_value} document for {mission.upper()} {label} is stored")
        from rbb.model import Document

        return Document.model_validate_json(body, context=STORED)

    def load_by_id(self, document_id: int) -> Document:
        from rbb.model import Document

        return Document.model_validate_json(self.body(document_id), context=STORED)

    def body(self, document_id: int) -> str:
        """The canonical JSON as stored."""
        with reading(self.engine) as connection:
            body: str | None = connection.execute(
                _body_of(), {"id": document_id}).scalar_one_or_none()
        if body is None:
            raise NotFoundError(f"no document with id {document_id} is stored")
        return body

    def load_all(self) -> list[Document]:
        with reading(self.engine) as connection:
            d, b = schema.documents, schema.document_bodies
            bodies = connection.execute(select(b.c.body).join(d, d.c.id == b.c.document_id)
                                        .order_by(*_IDENTITY_ORDER)).scalars().all()
        from rbb.model import Document

        return [Document.model_validate_json(body, context=STORED) for body in bodies]

    def delete(self, mission: str, period: Period, kind: DocumentKind) -> bool:
        with self.engine.begin() as connection:
            result = connection.execute(delete(schema.documents).where(
                schema.documents.c.mission_code == mission.upper(),
                schema.documents.c.period == period.label,
                schema.documents.c.kind == kind.value,
            ))
            if result.rowcount:
                documents_changed(connection, [mission.upper()])
        return bool(result.rowcount)

    def mission(self, code: str) -> Mission | None:
        """One mission of the stored documents (None: it has none): what a page about
        the mission names, without reading the whole register."""
        m, d = schema.missions, schema.documents
        with reading(self.engine) as connection:
            body = connection.execute(select(m.c.body).where(
                m.c.code == code, select(d.c.id).where(d.c.mission_code == code).exists()
            )).scalar_one_or_none()
        from rbb.model import Mission

        return None if body is None else Mission.model_validate_json(body)

    def missions(self) -> list[Mission]:
        """The missions of the stored documents (the whole register: ``MissionRegisterStore``)."""
        m, d = schema.missions, schema.documents
        with reading(self.engine) as connection:
            bodies = connection.execute(
                select(m.c.body).where(m.c.code.in_(select(d.c.mission_code).distinct()))
                .order_by(m.c.code)).scalars().all()
        from rbb.model import Mission

        return [Mission.model_validate_json(body) for body in bodies]

    def financial_figures(self, *, mission: str, line: str | None = None) -> list[FinancialFigure]:
        """Every stored amount of a mission, across documents, periods and stages."""
        with reading(self.engine) as connection:
            rows = connection.execute(_figures_query(bool(line)), {
                "mission": mission.upper(), "line": line}).mappings().all()
        return [
            FinancialFigure(
                document_id=row["document_id"], document_kind=DocumentKind(row["kind"]),
                table_key=row["table_key"], line=row["line"], row_type=row["row_type"],
                stage=row["stage"], period=Period.parse(row["period"]),
                amount=None if row["amount"] is None else Decimal(row["amount"]),
                source_line=row["source_line"],
            )
            for row in rows
        ]

    def source_texts(self, keys: Iterable[DocumentKey]) -> dict[DocumentKey, str]:
        """The texts the documents were read from, for those stored with theirs."""
        from rbb.model import DocumentKey

        wanted = set(keys)
        d, t = schema.documents, schema.source_texts
        query = select(d.c.mission_code, d.c.period, d.c.kind, t.c.text).join(
            t, t.c.document_id == d.c.id)
        if len({key.mission for key in wanted}) == 1:
            query = query.where(d.c.mission_code == next(iter(wanted)).mission)
        found: dict[DocumentKey, str] = {}
        with reading(self.engine) as connection:
            for row in connection.execute(query):
                key = DocumentKey(mission=row.mission_code, period=Period.parse(row.period),
                                  kind=DocumentKind(row.kind))
                if key in wanted:
                    found[key] = row.text
        return found

    def stored_diagnostics(self, document_id: int) -> list[dict[str, object]]:
        with reading(self.engine) as connection:
            rows = connection.execute(select(schema.diagnostics).where(
                schema.diagnostics.c.document_id == document_id)).mappings().all()
        return [dict(row) for row in rows]


STAGE_FIGURES_TABLE = "stage_figures"
"""The ``table_key`` of the stage figures of a legislative document in
``financial_figures``: the class/period history and a period's overview show the
Committee's recommendation and the appropriation beside the reports' columns; what reads
the money tables themselves (costing's ``financial_resources``) does not see them."""

_STAGE_ROW_TYPES = {"total": "total", "group": "subtotal", "class": "item"}


def stage_figure_line(figure: StageFigure) -> str:
    """The line a stage figure is indexed under: its class or group, and for the whole
    budget ``gross_requirements`` (what the Committee's "proposed budget" and the
    Assembly's appropriation "for the maintenance of the Mission" are: voluntary
    contributions in kind are neither proposed for appropriation nor appropriated)."""
    return figure.key or "gross_requirements"


IDENTITY_PARTS = ("format_version", "kind", "mission", "period", "title", "symbol", "date",
                  "session", "agenda_item", "draft", "source", "partial", "coverage")
"""The fields every partial read includes: what names and describes the document."""

_IDENTITY_ORDER = (schema.documents.c.mission_code, schema.documents.c.period,
                   schema.documents.c.kind)


def _summary_query() -> Select[Any]:
    return select(*summary_columns())


def summary_columns() -> tuple[Any, ...]:
    """The columns of ``documents`` a ``DocumentSummary`` is made of (``summary_of``)."""
    d = schema.documents
    return (d.c.id, d.c.mission_code, d.c.period, d.c.kind, d.c.title, d.c.symbol, d.c.date,
            d.c.draft, d.c.source_name, d.c.stored_at, d.c.fact_count, d.c.body_sha256)


# The statements a page runs are built once (``statements``).


@cache
def _summaries_query(by_mission: bool, offset: bool, limit: bool) -> Select[Any]:
    query = _summary_query().order_by(*_IDENTITY_ORDER)
    if by_mission:
        query = query.where(schema.documents.c.mission_code == bindparam("mission"))
    return paged(query, offset, limit)


@cache
def _figures_query(by_line: bool) -> Select[Any]:
    f, d = schema.financial_figures, schema.documents
    query = (select(f, d.c.kind).join(d, d.c.id == f.c.document_id)
             .where(d.c.mission_code == bindparam("mission"))
             .order_by(f.c.period, f.c.stage, d.c.kind))
    return query.where(f.c.line == bindparam("line")) if by_line else query


@cache
def _part_adapter(part: str) -> TypeAdapter[Any]:
    """The validator of one field of a document (``Document.model_fields``)."""
    from rbb.model import Document

    annotation = Document.model_fields[part].annotation
    assert annotation is not None, part
    return TypeAdapter(annotation)


def _document_of(bodies: dict[str, str]) -> Document:
    """A document from some of its stored parts (the others take their defaults)."""
    from rbb.model import Document

    return Document.model_validate_json(
        "{" + ",".join(f"{json.dumps(name)}:{body}" for name, body in bodies.items()) + "}",
        context=STORED)


def _identity_as_shown(bodies: dict[str, str], *, keep_coverage: bool) -> dict[str, str]:
    """The parts read without the coverage of a document that is not partial (a third
    of the time of validating a page's identity, for nothing it shows)."""
    if keep_coverage or bodies.get("partial") == "true":
        return bodies
    return {name: body for name, body in bodies.items() if name != "coverage"}


@cache
def _mission_index(offset: bool, limit: bool) -> Select[Any]:
    d = schema.documents
    return paged(select(d.c.mission_code, func.count()).group_by(d.c.mission_code)
                 .order_by(d.c.mission_code), offset, limit)


@cache
def _summary_by_key() -> Select[Any]:
    d = schema.documents
    return _summary_query().where(d.c.mission_code == bindparam("mission"),
                                  d.c.period == bindparam("period"),
                                  d.c.kind == bindparam("kind"))


@cache
def _summary_with_parts() -> Select[Any]:
    """``_summary_by_key`` with each of the parts bound to ``names`` (``_parts_of``) on
    a row of its own, and no part on the one row of a document stored without them."""
    d, p = schema.documents, schema.document_parts
    return (_summary_by_key().add_columns(p.c.name.label("part_name"),
                                          p.c.body.label("part_body"))
            .outerjoin(p, and_(p.c.document_id == d.c.id,
                               p.c.name.in_(bindparam("names", expanding=True)))))


@cache
def _summaries_by_id() -> Select[Any]:
    return _summary_query().where(schema.documents.c.id.in_(bindparam("ids", expanding=True)))


@cache
def _present_parts() -> Select[Any]:
    p = schema.document_parts
    return select(p.c.name).where(p.c.document_id == bindparam("id"),
                                  p.c.body.not_in(["[]", "null", "{}", '""', "false"]))


@cache
def _parts_of() -> Select[Any]:
    p = schema.document_parts
    return select(p.c.name, p.c.body).where(
        p.c.document_id == bindparam("id"), p.c.name.in_(bindparam("names", expanding=True)))


@cache
def _body_of() -> Select[Any]:
    b = schema.document_bodies
    return select(b.c.body).where(b.c.document_id == bindparam("id"))


def document_parts(body: str) -> dict[str, str]:
    """Each top-level field of a canonical JSON body as JSON text of its own."""
    return {name: json.dumps(value, ensure_ascii=False)
            for name, value in json.loads(body).items()}


def canonical_json(document: Document) -> str:
    """The data format: the document's JSON, indented, ending in a newline."""
    return document.model_dump_json(indent=2) + "\n"
