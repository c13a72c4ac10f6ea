"""What every writer of the store shares: amounts as exact text, taking turns, and
saying that a mission's documents changed."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Connection, bindparam, text, update

from . import schema


def exact_text(value: Decimal | None) -> str | None:
    """An amount as the store keeps it: exact decimal text (SQLite has no decimal type)."""
    return None if value is None else format(value, "f")


def take_turns(connection: Connection, name: str) -> None:
    """Transactions that write the same ``name`` run one after the other: on PostgreSQL
    a transaction-scoped advisory lock, held to the commit. SQLite has one writer."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                           {"key": name})


def documents_changed(connection: Connection, missions: Iterable[str]) -> None:
    """Give each mission a new ``documents_token``, in the transaction that stored,
    replaced or deleted some of its documents: its cross-document findings, computed
    under the token before, become stale for every reader once this commits (decision
    23). Every writer of ``documents`` calls it last, the missions in order of code, so
    two transactions wait for each other's rows in one order and never in a cycle."""
    for code in sorted(set(missions)):
        connection.execute(_new_token, {"mission": code, "token": new_documents_token()})


def new_documents_token() -> str:
    """Random, not counted: a mission entry written again (or a store restored from an
    older copy) never gives a value some stored findings were computed under."""
    return secrets.token_hex(16)


_new_token = (update(schema.missions).where(schema.missions.c.code == bindparam("mission"))
              .values(documents_token=bindparam("token")))
