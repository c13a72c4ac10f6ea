"""The first store: missions, documents and their facts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missions",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mission_code", sa.String(32), sa.ForeignKey("missions.code"), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("symbol", sa.String(64)),
        sa.Column("date", sa.Date),
        sa.Column("draft", sa.Boolean, nullable=False),
        sa.Column("source_name", sa.Text),
        sa.Column("source_sha256", sa.String(64)),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("mission_code", "period", "kind", name="uq_documents_identity"),
    )
    op.create_table(
        "financial_figures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("table_key", sa.String(64), nullable=False),
        sa.Column("line", sa.String(64), nullable=False),
        sa.Column("row_type", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("amount", sa.String(32)),
        sa.Column("source_line", sa.Integer),
    )
    op.create_index("ix_financial_figures_line", "financial_figures",
                    ["line", "period", "stage"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("section", sa.String(64), nullable=False),
        sa.Column("table_name", sa.Text, nullable=False),
        sa.Column("row_name", sa.Text, nullable=False),
        sa.Column("column_name", sa.Text, nullable=False),
        sa.Column("value", sa.String(40)),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("source_line", sa.Integer),
    )
    op.create_index("ix_facts_document", "facts", ["document_id"])
    op.create_table(
        "diagnostics",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer,
                  sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
    )


def downgrade() -> None:
    for table in ("diagnostics", "facts", "financial_figures", "documents", "missions"):
        op.drop_table(table)
