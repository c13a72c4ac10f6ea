"""Findings are data computed once, and a page reads only the parts it shows.

- ``findings``: the findings of ``rbb check`` on each stored document, written when
  the document is stored (or when the checks change: ``checked_documents`` records the
  checks' version each document was checked with; ``checked_missions`` the version and
  the documents the cross-document checks of a mission last read).
- ``document_parts``: each section of a document's canonical JSON on its own, so that
  a money table is read without parsing the frameworks and the prose.
- ``document_bodies``: the canonical JSON moved out of ``documents``, whose rows stay
  small: SQLite walks a long value's overflow pages to reach any column after it, so
  every list or count of the store read every body.
- ``documents.fact_count``: the number of facts, kept with the document instead of
  counted over the whole facts table for every list; ``documents.body_sha256``: the
  digest of its canonical JSON, what a cache of what was read of it is keyed on.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

CODE_POINT_TEXT = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
"""Compared by code point on both backends (the order of ``rbb check``)."""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("fact_count", sa.Integer, nullable=False,
                                         server_default="0"))
    op.add_column("documents", sa.Column("body_sha256", sa.String(64), nullable=False,
                                         server_default=""))
    op.execute("UPDATE documents SET fact_count = (SELECT count(*) FROM facts "
               "WHERE facts.document_id = documents.id)")
    parts = op.create_table(
        "document_parts",
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, body FROM documents")).all()
    for document_id, body in rows:
        connection.execute(sa.text("UPDATE documents SET body_sha256 = :digest WHERE id = :id"),
                           {"digest": hashlib.sha256(body.encode("utf-8")).hexdigest(),
                            "id": document_id})
        op.bulk_insert(parts, [{"document_id": document_id, "name": name,
                                "body": json.dumps(value, ensure_ascii=False)}
                               for name, value in json.loads(body).items()])
    op.create_table(
        "document_bodies",
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.execute("INSERT INTO document_bodies (document_id, body) SELECT id, body FROM documents")
    # Not a batch (a copy of the table): SQLite would delete the rows of every table
    # that refers to documents when the old one is dropped. DROP COLUMN: SQLite 3.35.
    op.execute("ALTER TABLE documents DROP COLUMN body")
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("mission_code", sa.String(32), nullable=False),
        sa.Column("across", sa.Boolean, nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("severity_rank", sa.Integer, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("document", CODE_POINT_TEXT, nullable=False),
        sa.Column("sort_key", CODE_POINT_TEXT, nullable=False),
        sa.Column("section", sa.Text),
        sa.Column("table_name", sa.Text),
        sa.Column("row_name", sa.Text),
        sa.Column("column_name", sa.Text),
        sa.Column("source_line", sa.Integer),
        sa.Column("printed", sa.Text),
        sa.Column("computed", sa.Text),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("part", sa.String(16)),
    )
    op.create_index("ix_findings_document", "findings", ["document_id", "severity"])
    op.create_index("ix_findings_mission", "findings", ["mission_code", "across"])
    op.create_index("ix_findings_severity", "findings", ["severity", "section"])
    op.create_index("ix_findings_order", "findings", ["document", "sort_key", "id"])
    op.create_table(
        "checked_documents",
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("checks_version", sa.String(64), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "checked_missions",
        sa.Column("mission_code", sa.String(32), primary_key=True),
        sa.Column("checks_version", sa.String(64), nullable=False),
        sa.Column("documents", sa.String(64), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("checked_missions")
    op.drop_table("checked_documents")
    op.drop_index("ix_findings_order", "findings")
    op.drop_index("ix_findings_severity", "findings")
    op.drop_index("ix_findings_mission", "findings")
    op.drop_index("ix_findings_document", "findings")
    op.drop_table("findings")
    op.add_column("documents", sa.Column("body", sa.Text, nullable=False, server_default=""))
    op.execute("UPDATE documents SET body = (SELECT body FROM document_bodies "
               "WHERE document_bodies.document_id = documents.id)")
    op.drop_table("document_bodies")
    op.drop_table("document_parts")
    op.execute("ALTER TABLE documents DROP COLUMN body_sha256")
    op.execute("ALTER TABLE documents DROP COLUMN fact_count")
