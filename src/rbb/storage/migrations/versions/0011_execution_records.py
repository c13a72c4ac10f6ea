"""Execution records: ``redeployments`` (funds moved between groups and classes, with
date, amount in dollars, reason, approver and who recorded them), ``execution_actuals``
(an indicator's or output's actual value by quarter) and ``execution_evidence`` (the files
supporting an actual value, their bytes kept in the store). New tables only.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "redeployments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mission_code", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("amount", sa.String(32), nullable=False),
        sa.Column("from_line", sa.String(64), nullable=False),
        sa.Column("to_line", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("approver", sa.String(64), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_redeployments_period", "redeployments",
                    ["mission_code", "period", "date"])
    op.create_table(
        "execution_actuals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mission_code", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("subject", sa.String(16), nullable=False),
        sa.Column("component", sa.String(64), nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("quarter", sa.Integer, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("mission_code", "period", "subject", "component", "key",
                            "quarter", name="uq_execution_actuals_identity"),
    )
    op.create_table(
        "execution_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("actual_id", sa.Integer,
                  sa.ForeignKey("execution_actuals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_execution_evidence_actual", "execution_evidence", ["actual_id"])


def downgrade() -> None:
    op.drop_table("execution_evidence")
    op.drop_table("execution_actuals")
    op.drop_table("redeployments")
