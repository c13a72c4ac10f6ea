"""The ledger's monthly summary on a PostgreSQL store: the lines of each extract summed
by month, account and funds centre, which the monitoring's aggregates read instead of
the lines (docs/execution.md, "Scale"). Filled from the lines already imported.

A DuckDB ledger (beside an SQLite store) gets the same table when it is first opened.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

from rbb.storage.ledger_sql import POSTGRES_MONTHS

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRES_MONTHS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS ledger_months")
