"""Withdrawn execution records: a redeployment or an actual value recorded in error is
kept and marked withdrawn, with who withdrew it, when and why (``withdrawn_by``,
``withdrawn_at``, ``withdrawn_reason``; all three null while it counts). New nullable
columns only: nothing stored changes.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("redeployments", "execution_actuals")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("withdrawn_by", sa.String(64), nullable=True))
        op.add_column(table, sa.Column("withdrawn_at", sa.DateTime(timezone=True),
                                       nullable=True))
        op.add_column(table, sa.Column("withdrawn_reason", sa.Text, nullable=True))


def downgrade() -> None:
    for table in TABLES:
        # ALTER TABLE ... DROP COLUMN on both (SQLite 3.35+): a copy of the table would
        # cascade the evidence away on SQLite, whose foreign keys rbb turns on.
        for column in ("withdrawn_reason", "withdrawn_at", "withdrawn_by"):
            op.drop_column(table, column)
