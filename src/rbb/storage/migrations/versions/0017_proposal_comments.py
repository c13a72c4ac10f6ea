"""Review comments on budget proposals (docs/preparation.md, "Review comments"):
``proposal_comments``, one row per comment, never deleted. A thread's first comment
carries its resolution (who and when) and its last reopening. New table only.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("proposal_id", sa.Integer, sa.ForeignKey("proposals.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("anchor", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("proposal_comments.id")),
        sa.Column("thread_id", sa.Integer),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("resolved_by", sa.String(64)),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
        sa.Column("reopened_by", sa.String(64)),
        sa.Column("reopened_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_proposal_comments_proposal", "proposal_comments",
                    ["proposal_id", "anchor"])


def downgrade() -> None:
    op.drop_index("ix_proposal_comments_proposal", table_name="proposal_comments")
    op.drop_table("proposal_comments")
