"""The mission register in the store: ``missions`` (keyed by code) gains the register's
kind, dates, a provisional flag and who last edited the entry, and is seeded from the
register rbb ships (``rbb/data/reference/missions.csv``). A mission stored before from a
report and not in the register stays, flagged provisional.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_missions = sa.table(
    "missions",
    sa.column("code", sa.String), sa.column("name", sa.Text), sa.column("body", sa.Text),
    sa.column("kind", sa.String), sa.column("provisional", sa.Boolean),
    sa.column("start_month", sa.String), sa.column("end_month", sa.String),
)
_OLD_FIELDS = ("code", "name", "mandate_references", "headquarters", "offices")
"""What a mission's body held before this revision (for the way back)."""


def upgrade() -> None:
    # Plain ALTER TABLE, never a batch (a copy of the table): documents refer to missions.
    op.add_column("missions", sa.Column("kind", sa.String(32), nullable=False,
                                        server_default="operation"))
    op.add_column("missions", sa.Column("provisional", sa.Boolean, nullable=False,
                                        server_default=sa.false()))
    op.add_column("missions", sa.Column("start_month", sa.String(7), nullable=True))
    op.add_column("missions", sa.Column("end_month", sa.String(7), nullable=True))
    op.add_column("missions", sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("missions", sa.Column("edited_by", sa.String(64), nullable=True))
    from rbb.model.mission import Mission
    from rbb.model.mission_register import shipped_register

    connection = op.get_bind()
    register = shipped_register()
    in_register = {mission.code for mission in register}
    stored = dict(connection.execute(sa.select(_missions.c.code, _missions.c.body)).all())
    for code, body in stored.items():
        if code not in in_register:
            mission = Mission.model_validate_json(body).model_copy(update={"provisional": True})
            connection.execute(_missions.update().where(_missions.c.code == code).values(
                body=mission.model_dump_json(), provisional=True))
    for mission in register:
        values = {"name": mission.name, "body": mission.model_dump_json(),
                  "kind": mission.kind.value, "provisional": False,
                  "start_month": mission.start, "end_month": mission.end}
        if mission.code in stored:
            connection.execute(_missions.update().where(_missions.c.code == mission.code)
                               .values(**values))
        else:
            connection.execute(_missions.insert().values(code=mission.code, **values))


def downgrade() -> None:
    connection = op.get_bind()
    documents = sa.table("documents", sa.column("mission_code", sa.String))
    used = set(connection.execute(sa.select(documents.c.mission_code).distinct()).scalars())
    for code, body in connection.execute(sa.select(_missions.c.code, _missions.c.body)).all():
        if code not in used:
            connection.execute(_missions.delete().where(_missions.c.code == code))
            continue
        old = {key: value for key, value in json.loads(body).items() if key in _OLD_FIELDS}
        connection.execute(_missions.update().where(_missions.c.code == code)
                           .values(body=json.dumps(old)))
    for column in ("edited_by", "edited_at", "end_month", "start_month", "provisional", "kind"):
        # DROP COLUMN: SQLite 3.35 (as migration 0007).
        op.execute(f"ALTER TABLE missions DROP COLUMN {column}")
