"""Costing: cost driver sets and their drivers, scenarios.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cost_driver_sets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mission_code", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("base_period", sa.String(7), nullable=False),
        sa.Column("lines", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("mission_code", "period", name="uq_cost_driver_sets_identity"),
    )
    op.create_table(
        "cost_drivers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("set_id", sa.Integer,
                  sa.ForeignKey("cost_driver_sets.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("value", sa.String(64)),
        sa.Column("provenance_kind", sa.String(16), nullable=False),
        sa.Column("provenance_reference", sa.Text, nullable=False),
        sa.Column("source_line", sa.Integer),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_cost_drivers_set", "cost_drivers", ["set_id", "kind"])
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("mission_code", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("description", sa.Text),
        sa.Column("edits", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scenarios")
    op.drop_index("ix_cost_drivers_set", table_name="cost_drivers")
    op.drop_table("cost_drivers")
    op.drop_table("cost_driver_sets")
