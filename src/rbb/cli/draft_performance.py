"""``rbb draft-performance``: the performance report of a period drafted from its ledger.

Thin: find the ledger's class months (the ledger store, or ``--months FILE``), call
:mod:`rbb.services.performance_draft_service`, print the drafted financial table and
analysis of variances; ``-o`` writes the document as canonical JSON, ``--store`` keeps it
as a draft that ``rbb check`` and ``rbb report`` read.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from .options import (
    Db,
    Mission,
    PeriodOpt,
    open_engine,
    output_console,
    parse_period,
    styled,
    write_file,
)

if TYPE_CHECKING:
    from decimal import Decimal

out = output_console()


def register(app: typer.Typer) -> None:
    app.command("draft-performance")(draft_performance_command)


def draft_performance_command(
    mission: Mission,
    period: PeriodOpt,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also write the draft as canonical JSON.")] = None,
    store: Annotated[bool, typer.Option(
        "--store", help="Store the draft (never over a published performance report).")] = False,
    months: Annotated[Path | None, typer.Option(
        "--months", help="Class months as CSV (class,month,obligated,disbursed,adjusted; "
                         "dollars) instead of the stored ledger.")] = None,
    db: Db = None,
) -> None:
    """Draft the performance report of a period from the ledger (a document marked draft).

    The analysis of variances names the months that moved against an even monthly share
    of the apportionment and, from the stored ledger (not --months), the accounts that
    carried them, by the account mapping's labels."""
    from rbb.services.performance_draft_service import (
        PerformanceDraftService,
        read_class_months,
    )

    service = PerformanceDraftService(open_engine(db))
    target = parse_period(period)
    if months is not None:
        ledger, accounts = read_class_months(months), []
    else:
        ledger = service.ledger_months(mission, target)
        accounts = service.ledger_accounts(mission, target)
    draft = service.draft(mission, target, ledger, accounts=accounts, store=store)
    if output is not None:
        from rbb.services.data_format import to_json

        write_file(output, to_json(draft.document))
    document = draft.document
    out.print(styled((document.title, "bold")))
    for note in document.paragraphs:
        out.print(f"  {note.text}")
    table = document.financial_table("financial_resources")
    if table is not None:
        view = Table(title="Financial resources (thousands of United States dollars)")
        for column in ("", *(c.label for c in table.columns)):
            view.add_column(column, justify="left" if not column else "right")
        for row in table.rows:
            view.add_row(row.label, *(_cell(row.values.get(c.key), c.role.value)
                                      for c in table.columns))
        out.print(view)
    for explanation in document.variance_explanations:
        out.print(styled("\n", (explanation.label, "bold"), f" {_cell(explanation.amount, '')}"))
        for paragraph in explanation.paragraphs:
            out.print(f"{paragraph.number}. {paragraph.text}")
    code, label = document.mission.code, document.period
    stored = f"stored as {document.key} (draft); check it with `rbb check -m {code} -p " \
        f"{label} -k performance`" if draft.stored else "not stored (pass --store to keep it)"
    out.print(f"\n{stored}")


def _cell(value: "Decimal | None", role: str) -> str:
    from rbb.presentation import format_amount, format_percentage

    if role == "variance_percentage":
        return format_percentage(value)
    return format_amount(value)
