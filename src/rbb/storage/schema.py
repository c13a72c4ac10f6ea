"""Tables of the store. The canonical JSON of a document is the record; the
rows beside it (facts, financial figures, diagnostics) are indexes written in
the same transaction so that queries across documents stay plain SQL.

Amounts are kept as exact decimal text: SQLite has no exact decimal type.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

CODE_POINT_TEXT = Text().with_variant(Text(collation="C"), "postgresql")
"""Text ordered by code point, as Python orders it (SQLite's default; PostgreSQL's
default collation follows the locale's rules)."""

missions = Table(
    "missions",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("kind", String(32), nullable=False, server_default="operation"),
    Column("provisional", Boolean, nullable=False, server_default=false()),
    Column("start_month", String(7)),
    Column("end_month", String(7)),
    Column("edited_at", DateTime(timezone=True)),
    Column("edited_by", String(64)),
    Column("documents_token", String(32), nullable=False, server_default=""),
)
"""The mission register (migration 0009): every operation and support budget, seeded
from ``rbb/data/reference/missions.csv``, and the provisional entries of missions first
met in a report. ``body`` is the ``Mission`` record as JSON; the columns beside it are
what lists filter and order on. ``edited_at``: an admin's edit, which seeding keeps.
``documents_token`` (migration 0010): a new random value in the same transaction as
every write of the mission's documents (``writing.documents_changed``); what its
cross-document findings were computed over (``checked_missions.documents``)."""

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mission_code", String(32), ForeignKey("missions.code"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("symbol", String(64)),
    Column("date", Date),
    Column("draft", Boolean, nullable=False, default=False),
    Column("source_name", Text),
    Column("source_sha256", String(64)),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("fact_count", Integer, nullable=False, server_default="0"),
    Column("body_sha256", String(64), nullable=False, server_default=""),
    UniqueConstraint("mission_code", "period", "kind", name="uq_documents_identity"),
)

document_bodies = Table(
    "document_bodies",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("body", Text, nullable=False),
)
"""The canonical JSON of each document (migration 0007 moved it out of ``documents``):
a row of ``documents`` stays small, so listing, counting and versioning the store never
read the bodies (SQLite keeps a long value in the row, in overflow pages it walks to
reach any column stored after it)."""

document_parts = Table(
    "document_parts",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("body", Text, nullable=False),
)
"""Each top-level field of the canonical JSON on its own (migration 0007): a page that
shows a money table parses that table, not the whole document."""

financial_figures = Table(
    "financial_figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("table_key", String(64), nullable=False),
    Column("line", String(64), nullable=False),
    Column("row_type", String(16), nullable=False),
    Column("stage", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("amount", String(32)),
    Column("source_line", Integer),
    Index("ix_financial_figures_line", "line", "period", "stage"),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("section", String(64), nullable=False),
    Column("table_name", Text, nullable=False),
    Column("row_name", Text, nullable=False),
    Column("column_name", Text, nullable=False),
    Column("value", String(40)),
    Column("unit", String(32), nullable=False),
    Column("source_line", Integer),
    Index("ix_facts_document", "document_id"),
)

source_texts = Table(
    "source_texts",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("text", Text, nullable=False),
)
"""The text a document was read from, as the importer numbered its lines (migration
0004): what locates a figure quoted in the prose on its own line."""

diagnostics = Table(
    "diagnostics",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("severity", String(16), nullable=False),
    Column("code", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("line", Integer),
)

# Findings of `rbb check` (migration 0007), computed when a document is stored and
# read by the pages with an indexed query. ``checked_documents`` says with which
# version of the checks a document's own findings were computed; ``checked_missions``
# the same for the cross-document findings of a mission, with the mission's
# ``documents_token`` when they read its documents (any document of the mission stored
# or deleted since changes the token: decision 23).

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           nullable=False),
    Column("mission_code", String(32), nullable=False),
    Column("across", Boolean, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("severity_rank", Integer, nullable=False),
    Column("code", String(64), nullable=False),
    Column("document", CODE_POINT_TEXT, nullable=False),
    Column("sort_key", CODE_POINT_TEXT, nullable=False),
    Column("section", Text),
    Column("table_name", Text),
    Column("row_name", Text),
    Column("column_name", Text),
    Column("source_line", Integer),
    Column("printed", Text),
    Column("computed", Text),
    Column("message", Text, nullable=False),
    Column("part", String(16)),
    Index("ix_findings_document", "document_id", "severity"),
    Index("ix_findings_mission", "mission_code", "across"),
    Index("ix_findings_severity", "severity", "section"),
    Index("ix_findings_order", "document", "sort_key", "id"),
)

checked_documents = Table(
    "checked_documents",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("checks_version", String(64), nullable=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

checked_missions = Table(
    "checked_missions",
    metadata,
    Column("mission_code", String(32), primary_key=True),
    Column("checks_version", String(64), nullable=False),
    Column("documents", String(64), nullable=False),
    Column("checked_at", DateTime(timezone=True), nullable=False),
)

# Accounts of the web app (migration 0002): users with argon2 password hashes,
# server-side sessions and API tokens (only SHA-256 digests of the tokens are
# kept), secrets the app generates once, and uploads waiting for confirmation.

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_sessions_user", "user_id"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Failed logins (migration 0005): one row per failure and key ("user:NAME",
# "client:ADDRESS"), so that every process serving the store counts the same
# failures; rows older than the window are pruned.

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(128), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_login_failures_key", "key", "failed_at"),
    Index("ix_login_failures_failed_at", "failed_at"),
)

pending_imports = Table(
    "pending_imports",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("diagnostics", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("source_text", Text, nullable=True),
)
"""``source_text`` (migration 0006): the text the upload was read from, stored with the
document when the editor confirms it."""

# Import jobs (migration 0008): a background import's state, step and outcome (JSON),
# so that every process serving the store answers a poll; ``worker`` names the process
# running it and ``updated_at`` is its heartbeat: an active job whose heartbeat stops
# is failed. Finished rows are pruned after the keep time.

import_jobs = Table(
    "import_jobs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("label", String(255), nullable=False),
    Column("state", String(16), nullable=False),
    Column("step", String(200), nullable=True),
    Column("steps", Integer, nullable=False),
    Column("result", Text, nullable=True),
    Column("error", Text, nullable=True),
    Column("worker", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Index("ix_import_jobs_state", "state", "updated_at"),
    Index("ix_import_jobs_finished_at", "finished_at"),
)

# Costing (migration 0003): driver sets per mission and proposal period, one row per
# driver with its provenance beside the record's JSON; scenarios are a base budget
# and a list of edits, never a copy of the document.

cost_driver_sets = Table(
    "cost_driver_sets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mission_code", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("base_period", String(7), nullable=False),
    Column("lines", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("mission_code", "period", name="uq_cost_driver_sets_identity"),
)

cost_drivers = Table(
    "cost_drivers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("set_id", Integer, ForeignKey("cost_driver_sets.id", ondelete="CASCADE"),
           nullable=False),
    Column("kind", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("key", Text, nullable=False),
    Column("value", String(64)),
    Column("provenance_kind", String(16), nullable=False),
    Column("provenance_reference", Text, nullable=False),
    Column("source_line", Integer),
    Column("body", Text, nullable=False),
    Index("ix_cost_drivers_set", "set_id", "kind"),
)

scenarios = Table(
    "scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("mission_code", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("description", Text),
    Column("edits", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Execution records (migration 0011): redeployments, the actual values of indicators and
# outputs by quarter, and their evidence (the file's bytes kept in the store).


def withdrawal_columns() -> list[Column[object]]:
    """Who withdrew a record recorded in error, when and why (migration 0013): null
    while it counts; a withdrawn record is kept."""
    return [Column("withdrawn_by", String(64)),
            Column("withdrawn_at", DateTime(timezone=True)),
            Column("withdrawn_reason", Text)]


redeployments = Table(
    "redeployments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mission_code", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("date", Date, nullable=False),
    Column("amount", String(32), nullable=False),
    Column("from_line", String(64), nullable=False),
    Column("to_line", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("approver", String(64), nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    *withdrawal_columns(),
    Index("ix_redeployments_period", "mission_code", "period", "date"),
)
"""Funds moved between groups and classes; ``amount`` in dollars, exact text."""

execution_actuals = Table(
    "execution_actuals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mission_code", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("subject", String(16), nullable=False),
    Column("component", String(64), nullable=False),
    Column("key", String(32), nullable=False),
    Column("quarter", Integer, nullable=False),
    Column("value", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    *withdrawal_columns(),
    UniqueConstraint("mission_code", "period", "subject", "component", "key", "quarter",
                     name="uq_execution_actuals_identity"),
)
"""An indicator's or output's actual value in one quarter (``subject``: indicator or
output); recording it again replaces the value and keeps its evidence."""

execution_evidence = Table(
    "execution_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actual_id", Integer, ForeignKey("execution_actuals.id", ondelete="CASCADE"),
           nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("recorded_by", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index("ix_execution_evidence_actual", "actual_id"),
)
"""The files supporting an actual value, sniffed and size-limited before they are kept."""

# Budget proposals in preparation (migration 0016, docs/preparation.md): each proposal,
# its revisions (never overwritten) and its transitions between states. Revisions and
# transitions together are the proposal's audit trail: ``position`` orders them, each
# carries the hash of the record before it and its own (rbb.model.proposals).

proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mission_code", String(32), nullable=False),
    Column("period", String(7), nullable=False),
    Column("state", String(16), nullable=False),
    Column("head", Integer, nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("trail_length", Integer, nullable=False),
    Column("trail_hash", String(64), nullable=False),
    UniqueConstraint("mission_code", "period", name="uq_proposals_identity"),
)
"""One budget proposal per mission and period. ``head``, ``state`` and ``trail_length``
change only by compare-and-set: a write that finds them other than it read is refused."""

proposal_revisions = Table(
    "proposal_revisions",
    metadata,
    Column("proposal_id", Integer, ForeignKey("proposals.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("parent", Integer),
    Column("author", String(64), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("comment", Text, nullable=False),
    Column("restored_from", Integer),
    Column("content", Text, nullable=False),
    Column("content_digest", String(64), nullable=False),
    Column("position", Integer, nullable=False),
    Column("previous_hash", String(64), nullable=False),
    Column("chain_hash", String(64), nullable=False),
    UniqueConstraint("proposal_id", "position", name="uq_proposal_revisions_position"),
)
"""``content``: the revision's ``ProposalContent`` as canonical JSON."""

proposal_transitions = Table(
    "proposal_transitions",
    metadata,
    Column("proposal_id", Integer, ForeignKey("proposals.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("action", String(16), nullable=False),
    Column("from_state", String(16), nullable=False),
    Column("to_state", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("by", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("comment", Text, nullable=False),
    Column("previous_hash", String(64), nullable=False),
    Column("chain_hash", String(64), nullable=False),
)

# Review comments on budget proposals (migration 0017, docs/preparation.md): kept beside
# the revisions, never deleted; a thread's first comment carries its resolution.

proposal_comments = Table(
    "proposal_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("proposal_id", Integer, ForeignKey("proposals.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("anchor", String(200), nullable=False),
    Column("parent_id", Integer, ForeignKey("proposal_comments.id")),
    Column("thread_id", Integer),
    Column("author", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("resolved_by", String(64)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("reopened_by", String(64)),
    Column("reopened_at", DateTime(timezone=True)),
    Index("ix_proposal_comments_proposal", "proposal_id", "anchor"),
)
"""``thread_id``: the thread's first comment (its own id for that one, set in the same
transaction as the insert); ``resolved_*`` and ``reopened_*`` only on that first comment."""
