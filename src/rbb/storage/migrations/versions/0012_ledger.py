"""The expenditure ledger of a PostgreSQL store: ``ledger_lines`` partitioned by period
(one partition per financial period, created when its first line is imported), the
account mapping its aggregates join with, and the imported extracts (docs/execution.md).

An SQLite store keeps its ledger in a DuckDB file beside it (``rbb.storage.ledger``):
on SQLite this revision changes nothing.

Revision ID: 0012
Revises: 0010 (records' 0011 is chained in between when both are merged)
"""

from __future__ import annotations

from alembic import op

from rbb.storage.ledger_sql import POSTGRES_SCHEMA

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRES_SCHEMA:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("ledger_sources", "ledger_accounts", "ledger_lines"):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
