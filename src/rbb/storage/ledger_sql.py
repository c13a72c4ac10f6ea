"""The ledger's tables and queries as SQL text that DuckDB and PostgreSQL both run
(decision 25): one text per query, so the aggregates are the same on both by
construction, and the tests compare them on the same lines.

Parameters are written ``:name`` (SQLAlchemy's ``text``); the DuckDB side rewrites them
to DuckDB's ``$name``. No ``::`` casts and no function only one of the two knows: the
month of a posting is a column written at load (``posting_month``), not ``date_trunc``,
whose result type differs between the two."""

from __future__ import annotations

import re

LINE_COLUMNS = (
    "mission", "source", "row_number", "document_number", "posting_date", "posting_month",
    "period", "fund", "funds_centre", "account", "document_type", "amount", "currency",
    "amount_usd", "text",
)
"""The columns of ``ledger_lines`` in load order (the COPY and the CSV follow it)."""

MONEY = "DECIMAL(20, 2)"
"""Dollars of one posting or of a sum: two decimals, exact, up to 10^18."""

LINES_BODY = f"""(
    mission VARCHAR(32) NOT NULL,
    source VARCHAR(64) NOT NULL,
    row_number INTEGER NOT NULL,
    document_number VARCHAR(40) NOT NULL,
    posting_date DATE NOT NULL,
    posting_month DATE NOT NULL,
    period INTEGER NOT NULL,
    fund VARCHAR(40) NOT NULL,
    funds_centre VARCHAR(40) NOT NULL,
    account VARCHAR(40) NOT NULL,
    document_type VARCHAR(16) NOT NULL,
    amount {MONEY} NOT NULL,
    currency CHAR(3) NOT NULL,
    amount_usd {MONEY} NOT NULL,
    text VARCHAR(500) NOT NULL
)"""

ACCOUNTS_TABLE = """CREATE TABLE IF NOT EXISTS ledger_accounts (
    account VARCHAR(40) PRIMARY KEY,
    class_code VARCHAR(64) NOT NULL,
    label VARCHAR(500) NOT NULL
)"""

SOURCES_TABLE = """CREATE TABLE IF NOT EXISTS ledger_sources (
    mission VARCHAR(32) NOT NULL,
    source VARCHAR(64) NOT NULL,
    line_count INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    column_mapping TEXT,
    PRIMARY KEY (mission, source)
)"""

MONTHS_TABLE = f"""CREATE TABLE IF NOT EXISTS ledger_months (
    mission VARCHAR(32) NOT NULL,
    source VARCHAR(64) NOT NULL,
    period INTEGER NOT NULL,
    posting_month DATE NOT NULL,
    account VARCHAR(40) NOT NULL,
    funds_centre VARCHAR(40) NOT NULL,
    obligated {MONEY} NOT NULL,
    disbursed {MONEY} NOT NULL,
    adjusted {MONEY} NOT NULL,
    line_count INTEGER NOT NULL
)"""
"""The lines of each source summed by month, account and funds centre, kept with the lines
in the import's transaction: what every aggregate of the monitoring reads (a few
thousand rows a year where the lines are millions). The lines stay for the drill-down."""

MONTHS_INDEX = ("CREATE INDEX IF NOT EXISTS ix_ledger_months_period "
                "ON ledger_months (mission, period)")

DELETE_SOURCE_MONTHS = ("DELETE FROM ledger_months WHERE mission = :mission "
                        "AND source = :source")
INSERT_SOURCE_MONTHS = """INSERT INTO ledger_months
SELECT mission, source, period, posting_month, account, funds_centre,
    SUM(CASE WHEN document_type = 'obligation' THEN amount_usd ELSE 0 END),
    SUM(CASE WHEN document_type = 'disbursement' THEN amount_usd ELSE 0 END),
    SUM(CASE WHEN document_type = 'adjustment' THEN amount_usd ELSE 0 END),
    COUNT(*)
FROM ledger_lines WHERE mission = :mission AND source = :source
GROUP BY mission, source, period, posting_month, account, funds_centre"""
ALL_MONTHS = """INSERT INTO ledger_months
SELECT mission, source, period, posting_month, account, funds_centre,
    SUM(CASE WHEN document_type = 'obligation' THEN amount_usd ELSE 0 END),
    SUM(CASE WHEN document_type = 'disbursement' THEN amount_usd ELSE 0 END),
    SUM(CASE WHEN document_type = 'adjustment' THEN amount_usd ELSE 0 END),
    COUNT(*)
FROM ledger_lines
GROUP BY mission, source, period, posting_month, account, funds_centre"""
"""The summary of a ledger imported before it was kept (migration 0014, and a DuckDB file
of an older rbb when it is first opened)."""

DUCKDB_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS ledger_lines {LINES_BODY}",
    ACCOUNTS_TABLE,
    SOURCES_TABLE,
)
"""A DuckDB ledger's tables but its summary (``MONTHS_TABLE``, created and filled apart
when a file of an older rbb lacks it)."""
"""A DuckDB ledger's tables but its summary (``MONTHS_TABLE``, created and filled apart
when a file of an older rbb lacks it)."""

POSTGRES_SCHEMA = (
    f"CREATE TABLE ledger_lines {LINES_BODY} PARTITION BY LIST (period)",
    "CREATE INDEX ix_ledger_lines_source ON ledger_lines (mission, source)",
    "CREATE INDEX ix_ledger_lines_period ON ledger_lines (mission, period, account)",
    ACCOUNTS_TABLE,
    SOURCES_TABLE,
)
"""Migration 0012 (PostgreSQL stores only: an SQLite store's ledger is a DuckDB file)."""

POSTGRES_MONTHS = (MONTHS_TABLE, MONTHS_INDEX, ALL_MONTHS)
"""Migration 0014: the monthly summary, filled from the lines already imported."""

POSTGRES_MONTHS = (MONTHS_TABLE, MONTHS_INDEX, ALL_MONTHS)
"""Migration 0014: the monthly summary, filled from the lines already imported."""


def partition_ddl(period: int) -> str:
    """The partition of one financial period, created when its first line arrives."""
    return (f"CREATE TABLE IF NOT EXISTS ledger_lines_{int(period)} "
            f"PARTITION OF ledger_lines FOR VALUES IN ({int(period)})")


DELETE_SOURCE = "DELETE FROM ledger_lines WHERE mission = :mission AND source = :source"
SOURCE_LINES = "SELECT count(*) FROM ledger_lines WHERE mission = :mission AND source = :source"
DELETE_SOURCE_ROW = "DELETE FROM ledger_sources WHERE mission = :mission AND source = :source"
INSERT_SOURCE_ROW = (
    "INSERT INTO ledger_sources (mission, source, line_count, imported_at, column_mapping) "
    "VALUES (:mission, :source, :line_count, :imported_at, :column_mapping)")
SOURCES = ("SELECT source, line_count, imported_at, column_mapping FROM ledger_sources "
           "WHERE mission = :mission ORDER BY source")

STATE = """SELECT s.source, s.line_count, s.imported_at,
    (SELECT md5(string_agg(a.account || '=' || a.class_code, ',' ORDER BY a.account))
     FROM ledger_accounts a)
FROM ledger_sources s WHERE s.mission = :mission ORDER BY s.source"""
"""What a mission's aggregates are computed from: its extracts as imported, and the
account mapping (a digest): a page kept with this state is right while it is the same."""

DELETE_ACCOUNTS = "DELETE FROM ledger_accounts"
INSERT_ACCOUNT = ("INSERT INTO ledger_accounts (account, class_code, label) "
                  "VALUES (:account, :class_code, :label)")
ACCOUNTS = "SELECT account, class_code, label FROM ledger_accounts ORDER BY account"

_SUMS = """
    SUM(l.obligated), SUM(l.disbursed), SUM(l.adjusted), SUM(l.line_count)"""

CLASS_MONTHS = f"""SELECT a.class_code, l.posting_month,{_SUMS}
FROM ledger_months l JOIN ledger_accounts a ON a.account = l.account
WHERE l.mission = :mission AND l.period = :period
GROUP BY a.class_code, l.posting_month
ORDER BY a.class_code, l.posting_month"""

ACCOUNT_MONTHS = f"""SELECT l.account, a.class_code, a.label, l.posting_month,{_SUMS}
FROM ledger_months l JOIN ledger_accounts a ON a.account = l.account
WHERE l.mission = :mission AND l.period = :period
GROUP BY l.account, a.class_code, a.label, l.posting_month
ORDER BY a.class_code, l.posting_month, l.account"""
"""Account × month of the mapped postings, with the account's class and label: where each
class month's expenditure went (the drafted analysis of variances names the accounts)."""

BY_ACCOUNT = f"""SELECT l.account, MIN(a.class_code),{_SUMS}
FROM ledger_months l LEFT JOIN ledger_accounts a ON a.account = l.account
WHERE l.mission = :mission AND l.period = :period
GROUP BY l.account
ORDER BY l.account"""

BY_FUNDS_CENTRE = f"""SELECT l.funds_centre, NULL,{_SUMS}
FROM ledger_months l
WHERE l.mission = :mission AND l.period = :period
GROUP BY l.funds_centre
ORDER BY l.funds_centre"""

UNMAPPED = """SELECT l.account, SUM(l.line_count),
    SUM(l.obligated) + SUM(l.disbursed) + SUM(l.adjusted)
FROM ledger_months l LEFT JOIN ledger_accounts a ON a.account = l.account
WHERE l.mission = :mission AND l.period = :period AND a.account IS NULL
GROUP BY l.account
ORDER BY l.account"""

PERIODS = ("SELECT period, SUM(line_count) FROM ledger_months WHERE mission = :mission "
           "GROUP BY period ORDER BY period")


def lines_query(*, classes: int, account: bool, month: bool) -> str:
    """A page of lines in a stable order (date, source, row), filtered by what is given:
    ``classes`` class codes (``:class_0`` ...; a class and the parts its accounts map to)."""
    where = ["l.mission = :mission", "l.period = :period"]
    if classes:
        codes = ", ".join(f":class_{number}" for number in range(classes))
        where.append(f"a.class_code IN ({codes})")
    if account:
        where.append("l.account = :account")
    if month:
        where.append("l.posting_month = :month")
    columns = ", ".join(f"l.{name}" for name in LINE_COLUMNS)
    return (f"SELECT {columns} FROM ledger_lines l "
            f"LEFT JOIN ledger_accounts a ON a.account = l.account "
            f"WHERE {' AND '.join(where)} "
            f"ORDER BY l.posting_date, l.source, l.row_number "
            f"LIMIT :limit OFFSET :offset")


_PARAMETER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)\b")


def for_duckdb(sql: str) -> str:
    """``:name`` → ``$name``, DuckDB's named parameters."""
    return _PARAMETER.sub(r"$\1", sql)
