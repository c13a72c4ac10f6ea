"""A check from a plugin: one function that returns findings, and its registration
(``[rbb.checks] example = rbb_example_plugin.checks:CHECKS``)."""

from __future__ import annotations

from collections.abc import Iterator

from rbb.engine.checks.comparison import Where, warning
from rbb.engine.checks.registry import DocumentCheck
from rbb.model import ColumnRole, Document, Finding


def check_negative_amounts(document: Document) -> Iterator[Finding]:
    """An amount below zero outside a variance column is a refund or a slip."""
    for table in document.financial_tables:
        for column in table.columns:
            if column.role is not ColumnRole.AMOUNT:
                continue
            for row in table.rows:
                value = row.values.get(column.key)
                if value is not None and value < 0:
                    yield warning(
                        "example.negative-amount",
                        f"{row.label}: {value} is below zero",
                        Where.of(document, section="Financial resources", table=table.key,
                                 row=row.line, column=column.key, source_line=row.source_line),
                        printed=value)


CHECKS = [
    DocumentCheck("example.negative-amount", "Negative amounts",
                  "No amount of a financial table is below zero (warning).",
                  check_negative_amounts),
]
