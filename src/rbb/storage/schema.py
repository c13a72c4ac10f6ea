"""Tables of the store. The canonical JSON of a document is the record; the
rows beside it (facts, financial figures, diagnostics) are indexes written in
the same transaction so that queries across documents stay plain SQL.

Amounts are kept as exact decimal text: SQLite has no exact decimal type.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

missions = Table(
    "missions",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("body", Text, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mission_code", String(32), ForeignKey("missions.code"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("symbol", String(64)),
    Column("date", Date),
    Column("draft", Boolean, nullable=False, default=False),
    Column("source_name", Text),
    Column("source_sha256", String(64)),
    Column("body", Text, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("mission_code", "period", "kind", name="uq_documents_identity"),
)

financial_figures = Table(
    "financial_figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("table_key", String(64), nullable=False),
    Column("line", String(64), nullable=False),
    Column("row_type", String(16), nullable=False),
    Column("stage", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("amount", String(32)),
    Column("source_line", Integer),
    Index("ix_financial_figures_line", "line", "period", "stage"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("section", String(64), nullable=False),
    Column("table_name", Text, nullable=False),
    Column("row_name", Text, nullable=False),
    Column("column_name", Text, nullable=False),
    Column("value", String(40)),
    Column("unit", String(32), nullable=False),
    Column("source_line", Integer),
    Index("ix_facts_document", "document_id"),
)

diagnostics = Table(
    "diagnostics",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("severity", String(16), nullable=False),
    Column("code", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("line", Integer),
)
