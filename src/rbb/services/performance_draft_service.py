"""``rbb draft-performance``: the performance report of a period drafted from its ledger.

The stored document that prints the period's apportionment is found here (the next
period's budget, else the period's own budget, else its performance report: drafts never
count); the ledger's class months come from the ledger store when it is there, or from a
CSV file of class months (``class,month,obligated,disbursed,adjusted``, dollars) read
within bounds; the ledger store's account months (each account's expenditure by month,
with the account mapping's label) let the explanations name the accounts that carried
the months they cite (a CSV of class months has none); the redeployments recorded for
the period (not withdrawn) give the redeployment table and the paragraph under it;
:func:`rbb.costing.performance_draft.draft_performance` drafts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Engine

from rbb.costing.performance_draft import draft_performance
from rbb.model import Document, DocumentKind, Period
from rbb.model.errors import InputError, NotFoundError
from rbb.model.ledger import AccountMonth, ClassMonth
from rbb.storage.execution_records import ExecutionRecordStore
from rbb.storage.repository import DocumentStore

MONTHS_COLUMNS = ("class", "month", "obligated", "disbursed", "adjusted")
MAX_MONTHS_BYTES = 20 * 1024 * 1024
MAX_MONTHS_ROWS = 100_000
"""A year of every class of expenditure is 12 × 25 rows; far more is not a class-month
file."""
MAX_LISTED = 100


@dataclass(frozen=True, slots=True)
class PerformanceDraft:
    document: Document
    base: Document
    """The stored document whose apportionment column the draft is measured against."""
    stored: bool


def read_class_months(path: Path) -> list[ClassMonth]:
    """A CSV of class months: ``class,month,obligated,disbursed,adjusted`` (dollars; the
    month as ``2021-07`` or ``2021-07-01``). Every bad row is listed (up to 100) with its
    line and what was expected; nothing is returned then."""
    size = path.stat().st_size
    if size > MAX_MONTHS_BYTES:
        raise InputError(f"{size} bytes: a class-months file has at most {MAX_MONTHS_BYTES}",
                         file=path.name)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})",
                         file=path.name) from None
    return parse_class_months(text, name=path.name)


def parse_class_months(text: str, *, name: str = "<months>") -> list[ClassMonth]:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header) != MONTHS_COLUMNS:
        raise InputError(f"the header is {','.join(header)[:200]!r}; expected "
                         f"{','.join(MONTHS_COLUMNS)}", file=name, line=1)
    months: list[ClassMonth] = []
    problems: list[str] = []
    for number, cells in enumerate(reader, start=2):
        if number - 1 > MAX_MONTHS_ROWS:
            raise InputError(f"more than {MAX_MONTHS_ROWS} rows", file=name, line=number)
        if not any(c.strip() for c in cells):
            continue
        try:
            months.append(_class_month(cells))
        except (ValueError, ValidationError) as error:
            problems.append(f"line {number}: {_reason(error)}")
    if problems:
        more = f" (and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        raise InputError(f"{len(problems)} bad rows{more}: " + "; ".join(problems[:MAX_LISTED]),
                         file=name)
    return months


def _class_month(cells: Sequence[str]) -> ClassMonth:
    if len(cells) != len(MONTHS_COLUMNS):
        raise ValueError(f"{len(cells)} cells, expected {len(MONTHS_COLUMNS)}")
    code, month, obligated, disbursed, adjusted = (c.strip() for c in cells)
    return ClassMonth(class_code=code, month=_month(month), obligated=_dollars(obligated),
                      disbursed=_dollars(disbursed), adjusted=_dollars(adjusted or "0"))


def _month(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text if len(text) > 7 else f"{text}-01")
    except ValueError:
        raise ValueError(f"month {text[:20]!r}: expected YYYY-MM or YYYY-MM-01") from None
    if day.day != 1:
        raise ValueError(f"month {text!r}: expected the first day of a month")
    return day


def _dollars(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{text[:30]!r} is not an amount in dollars") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{text[:30]!r}: expected dollars to the cent")
    return value


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        return f"{field}: {first['msg']}"
    return str(error)


class PerformanceDraftService:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.documents = DocumentStore(engine)

    def base(self, mission: str, period: Period) -> Document:
        """The stored document printing the period's apportionment, best first: the next
        period's budget, the period's budget, the period's performance report."""
        stored = {(s.period, s.kind) for s in self.documents.summaries(mission=mission)
                  if not s.draft}
        for wanted in ((period.next, DocumentKind.BUDGET), (period, DocumentKind.BUDGET),
                       (period, DocumentKind.PERFORMANCE)):
            if wanted in stored:
                return self.documents.load(mission, *wanted)
        raise NotFoundError(f"no budget of {period} or {period.next} and no performance "
                            f"report of {period} is stored for {mission.upper()}: the draft "
                            "needs the period's apportionment (rbb import)")

    def _stored(self, mission: str, period: Period, kind: DocumentKind) -> bool:
        return any(s.period == period and s.kind is kind and not s.draft
                   for s in self.documents.summaries(mission=mission))

    def ledger_months(self, mission: str, period: Period) -> list[ClassMonth]:
        """The stored ledger's class months (the ledger store, issue 16)."""
        from rbb.storage.ledger import LedgerStore

        store = LedgerStore(self.engine)
        unmapped = list(store.unmapped_accounts(mission, period))
        if unmapped:
            # The expenditure column would leave their postings out: map them first.
            raise InputError(f"the ledger of {mission.upper()} {period} has postings to "
                             f"{len(unmapped)} accounts with no class of expenditure ("
                             f"{', '.join(str(a) for a in unmapped[:20])}); map them in the "
                             "account mapping before drafting")
        months: list[ClassMonth] = store.class_months(mission, period)
        return months

    def ledger_accounts(self, mission: str, period: Period) -> list[AccountMonth]:
        """The stored ledger's account months of the period (mapped accounts only, as
        :meth:`ledger_months`), labelled by the account mapping."""
        from rbb.storage.ledger import LedgerStore

        accounts: list[AccountMonth] = LedgerStore(self.engine).account_months(mission, period)
        return accounts

    def draft(self, mission: str, period: Period, months: Sequence[ClassMonth], *,
              accounts: Sequence[AccountMonth] = (), store: bool = False) -> PerformanceDraft:
        """The draft of ``period`` from the class ``months``; ``accounts`` (the same
        ledger's account months) name where the cited months' money went."""
        base = self.base(mission, period)
        if not months:
            raise InputError(f"the ledger of {mission.upper()} holds nothing for {period}: "
                             "import an extract first (rbb ledger import), or give the class "
                             "months with --months FILE.csv")
        framework = None
        if base.period != period and self._stored(mission, period, DocumentKind.BUDGET):
            framework = self.documents.load(mission, period, DocumentKind.BUDGET).components
        recorded = [r for r in ExecutionRecordStore(self.engine).redeployments(mission, period)
                    if r.withdrawn is None]
        document = draft_performance(base, months, period=period, framework=framework,
                                     recorded=recorded, accounts=accounts)
        if store:
            existing = [s for s in self.documents.summaries(mission=mission)
                        if s.period == period and s.kind is DocumentKind.PERFORMANCE]
            if existing and not existing[0].draft:
                raise InputError(f"{existing[0].mission} {period} performance is a published "
                                 "report; a draft does not replace it")
            self.documents.save(document)
        return PerformanceDraft(document=document, base=base, stored=store)
