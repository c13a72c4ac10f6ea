"""``rbb ledger generate``: a synthetic ledger of a stored report's period written as CSV
or Parquet (docs/execution.md, "A generated ledger"). Streams: the file is written line
by line beside its target and moved over it when whole."""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rbb.costing.ledger_generator import COLUMNS, LedgerPlan, csv_rows, plan_ledger
from rbb.model.cycle import DocumentKind, Period
from rbb.model.document import Document
from rbb.model.errors import InputError, NotFoundError, RbbError
from rbb.model.spreadsheet import neutral_text
from rbb.storage.repository import DocumentStore

from .parquet_files import csv_to_parquet

LedgerFormat = Literal["csv", "parquet"]
_TYPES = {"row": "BIGINT", "posting_date": "DATE", "amount": "DECIMAL(18, 2)",
          "amount_usd": "DECIMAL(18, 2)"}


@dataclass(frozen=True, slots=True)
class GeneratedLedger:
    """What was written, for the command to say."""

    path: Path
    plan: LedgerPlan
    document: Document


def source_document(store: DocumentStore, mission: str, period: Period,
                    kind: DocumentKind | None = None) -> Document:
    """The performance report of the period, else its budget (or the kind asked for)."""
    kinds = (kind,) if kind else (DocumentKind.PERFORMANCE, DocumentKind.BUDGET)
    for wanted in kinds:
        try:
            return store.load(mission, period, wanted)
        except NotFoundError:
            continue
    raise NotFoundError(f"no {' or '.join(k.value for k in kinds)} of {mission.upper()} "
                        f"{period} is stored: import one first")


def write_generated_ledger(document: Document, path: Path, *, fmt: LedgerFormat = "csv",
                           lines: int, seed: int = 0) -> GeneratedLedger:
    """Write the ledger of ``document``'s period to ``path`` (whole or not at all)."""
    plan = plan_ledger(document, lines=lines, seed=seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    try:
        if fmt == "csv":
            _write_csv(plan, partial, neutral=True)
        elif fmt == "parquet":
            _write_parquet(plan, partial)
        else:
            raise InputError(f"unknown format {fmt!r}; expected csv or parquet")
        partial.replace(path)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return GeneratedLedger(path, plan, document)


def _write_csv(plan: LedgerPlan, target: Path, *, neutral: bool) -> None:
    """Every text cell through ``neutral_text`` where a spreadsheet may open the file."""
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        if neutral:
            writer.writerows((*row[:-1], neutral_text(row[-1])) for row in csv_rows(plan))
        else:
            writer.writerows(csv_rows(plan))


def _write_parquet(plan: LedgerPlan, target: Path) -> None:
    """Through DuckDB: the amounts go as text and are cast to ``DECIMAL(18, 2)`` there,
    never through a float."""
    with tempfile.TemporaryDirectory(prefix="rbb-ledger-") as folder:
        if "'" in folder or "'" in str(target):
            raise RbbError(f"the path {target} or {folder} has a quote: DuckDB cannot be "
                           "given it safely")
        cells = Path(folder) / "ledger.csv"
        _write_csv(plan, cells, neutral=False)
        csv_to_parquet(cells, target, COLUMNS, _TYPES)
