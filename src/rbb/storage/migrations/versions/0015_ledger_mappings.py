"""The ledger's mappings, versioned: every version of the account mapping and of the
funds-centre mapping (who, why, when), the funds-centre mapping the aggregates join with,
and the column mapping ``rbb ledger map`` saves for a source (docs/execution.md).

An SQLite store keeps its ledger in a DuckDB file beside it (``rbb.storage.ledger``),
where these tables are created when the ledger opens: on SQLite this revision changes
nothing.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

from rbb.storage.ledger_mappings import SCHEMA

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("ledger_column_mappings", "ledger_funds_centres", "ledger_funds_centre_versions",
          "ledger_account_versions", "ledger_mapping_versions")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in SCHEMA:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TABLE IF EXISTS {table}")
