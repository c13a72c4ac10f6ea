"""Checks of the redeployments a mission records (docs/execution.md), run by ``rbb check``
over the store with the mission's documents (``RecordCheck``): per period, the table the
performance report prints derived from the redeployments that count (not withdrawn) nets
to zero and leaves no group negative, and a stored performance report of the period prints
the redeployments recorded, when any are.

A finding is on the document a reader of the period looks at: the period's performance
report (on its redeployment table's row), else the document the original distribution
comes from (the next period's budget), else the period's budget; a period with none of
them stored has its findings on the redeployments page and in ``rbb redeployments`` only
(a stored finding belongs to a stored document)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rbb.model import Document, DocumentKind, Finding, Period
from rbb.model.execution import MissionRecords, Redeployment
from rbb.model.tables import Redeployments

from ..redeployments import (
    against_report,
    negative_distribution,
    net_zero,
    original_distribution,
    redeployment_table,
)

READS = frozenset({DocumentKind.PERFORMANCE, DocumentKind.BUDGET})
"""The documents the checks read: the period's performance report (its table and its
apportionment) and budgets (the next period's prints the apportionment)."""


@dataclass(frozen=True, slots=True)
class _Period:
    """One period's redeployments that count, the table derived from them, the document
    its findings go on and the period's performance report (if stored)."""

    period: Period
    counted: list[Redeployment]
    table: Redeployments
    target: Document
    report: Document | None

    def line(self, group: str) -> int | None:
        """The line of the report's row of ``group`` (the findings are on the report
        whenever it is stored)."""
        printed = self.report.redeployments if self.report is not None else None
        if printed is None:
            return None
        return next((r.source_line for r in printed.rows if r.group == group), None)


def _periods(records: MissionRecords, documents: Sequence[Document]) -> Iterator[_Period]:
    own = [d for d in documents if d.mission.code == records.mission]
    periods = {r.period for r in records.redeployments if r.withdrawn is None}
    for period in sorted(periods, key=lambda p: p.label):
        report = _of_period(own, DocumentKind.PERFORMANCE, period)
        original = original_distribution(own, period)
        target = report or (original[1] if original else None) or \
            _of_period(own, DocumentKind.BUDGET, period)
        if target is None:
            continue
        counted = records.counted(period)
        table = redeployment_table(counted, original[0] if original else None)
        yield _Period(period, counted, table, target, report)


def _of_period(documents: Sequence[Document], kind: DocumentKind, period: Period
               ) -> Document | None:
    return next((d for d in documents if d.kind is kind and d.period == period), None)


def check_net_zero(records: MissionRecords, documents: Sequence[Document]
                   ) -> Iterator[Finding]:
    """Per period, the net redeployed into the groups sums to zero."""
    for read in _periods(records, documents):
        for finding in net_zero(str(read.target.key), read.table, read.counted):
            yield finding.model_copy(update={"source_line": read.line("total"),
                                             "message": f"{read.period}: {finding.message}"})


def check_negative_distribution(records: MissionRecords, documents: Sequence[Document]
                                ) -> Iterator[Finding]:
    """Per period, no group's revised distribution is less than nothing."""
    for read in _periods(records, documents):
        for finding in negative_distribution(str(read.target.key), read.table, read.counted):
            yield finding.model_copy(update={"source_line": read.line(finding.row or ""),
                                             "message": f"{read.period}: {finding.message}"})


def check_against_report(records: MissionRecords, documents: Sequence[Document]
                         ) -> Iterator[Finding]:
    """A stored performance report of a period with redeployments recorded prints the
    redeployments they add up to (rounded to its one decimal)."""
    for read in _periods(records, documents):
        if read.report is not None and read.report.redeployments is not None:
            yield from against_report(str(read.report.key), read.table,
                                      read.report.redeployments, read.counted)
