"""Budget proposals in preparation (docs/preparation.md): ``proposals`` (one per mission
and period: its state, head revision and the end of its audit trail),
``proposal_revisions`` (every save, its content as canonical JSON, never overwritten) and
``proposal_transitions`` (every change of state, who and when). Revisions and
transitions carry the hash chain of the audit trail. New tables only.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mission_code", sa.String(32), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("head", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trail_length", sa.Integer, nullable=False),
        sa.Column("trail_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("mission_code", "period", name="uq_proposals_identity"),
    )
    op.create_table(
        "proposal_revisions",
        sa.Column("proposal_id", sa.Integer, sa.ForeignKey("proposals.id"),
                  primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("parent", sa.Integer),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("restored_from", sa.Integer),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_digest", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("proposal_id", "position", name="uq_proposal_revisions_position"),
    )
    op.create_table(
        "proposal_transitions",
        sa.Column("proposal_id", sa.Integer, sa.ForeignKey("proposals.id"),
                  primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=False),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("proposal_transitions")
    op.drop_table("proposal_revisions")
    op.drop_table("proposals")
