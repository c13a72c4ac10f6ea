"""An upload waiting for confirmation keeps the text it was read from, so that the
document, once confirmed, is stored with it (findings point to the figure's line).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pending_imports", sa.Column("source_text", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("pending_imports", "source_text")
