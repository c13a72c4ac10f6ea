"""Each mission's ``documents_token``: a new random value written in the same transaction
as every write of the mission's documents, so that whether its cross-document findings
are current is a comparison of two columns (``checked_missions.documents`` against
``missions.documents_token``), for one mission or for every one, in one query and
without reading a row per document (decision 23).

``checked_missions.documents`` held a digest of the mission's documents until now; no
such digest equals a token, so every mission's cross-document findings are stale once
after this revision and are computed again by whichever process reads them first (as
after a new version of the checks). The documents' own findings stay current.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch (a copy of the table): documents refer to missions.
    op.add_column("missions", sa.Column("documents_token", sa.String(32), nullable=False,
                                        server_default=""))


def downgrade() -> None:
    # The digests of the earlier revision are not kept: its readers find every
    # mission's cross-document findings stale once, and compute them again.
    op.execute("ALTER TABLE missions DROP COLUMN documents_token")
