"""What every writer of the store shares: amounts as exact text, and taking turns."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Connection, text


def exact_text(value: Decimal | None) -> str | None:
    """An amount as the store keeps it: exact decimal text (SQLite has no decimal type)."""
    return None if value is None else format(value, "f")


def take_turns(connection: Connection, name: str) -> None:
    """Transactions that write the same ``name`` run one after the other: on PostgreSQL
    a transaction-scoped advisory lock, held to the commit. SQLite has one writer."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                           {"key": name})
