"""``rbb drivers|calibrate|cost|attribute|scenario|draft``: costing the budget from its drivers.

Thin, as every command module: parse options, call :mod:`rbb.services.costing_service`
and :mod:`rbb.services.scenario_service`, render a Rich table or JSON (the same data
the REST API returns). Figures are printed through the presentation module.
"""

import json
import sys
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from rbb.model.errors import InputError

from .options import (
    Db,
    Mission,
    PeriodOpt,
    error_console,
    open_engine,
    output_console,
    parse_period,
    styled,
    write_file,
)

if TYPE_CHECKING:
    from rbb.costing import Attribution, Comparison, Edit
    from rbb.services.costing_service import CostingService
    from rbb.services.scenario_service import ScenarioService, ScenarioView

KEY_HELP = ("vacancy_factor.<category>, exchange_rate.<currency>, posts.<office>.<band>, "
            "unit_cost.<class>[.<band>], allowance.<category>, price.<item>, "
            "quantity.<item>, amount.<class>")
"""``rbb.costing.KEY_HELP`` for the help of ``rbb scenario set``, copied so that ``rbb
--help`` does not load the costing models (``tests/cli/test_startup.py`` keeps them equal)."""

out = output_console()
err = error_console()

drivers_app = typer.Typer(help="Cost drivers in and out: Excel workbook or YAML.",
                          no_args_is_help=True)
scenario_app = typer.Typer(help="Named scenarios: edit drivers, see the totals move.",
                           no_args_is_help=True)


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
FromOpt = Annotated[str, typer.Option("--from", help="Budget document, e.g. UNMIK:2025/26.")]


def register(app: typer.Typer) -> None:
    app.add_typer(drivers_app, name="drivers")
    app.command("calibrate")(calibrate_command)
    app.command("cost")(cost_command)
    app.command("attribute")(attribute_command)
    app.add_typer(scenario_app, name="scenario")
    app.command("draft")(draft_command)


def _service(db: str | None) -> "CostingService":
    from rbb.services.costing_service import CostingService

    return CostingService(open_engine(db))


def _scenarios(db: str | None) -> "ScenarioService":
    from rbb.services.scenario_service import ScenarioService

    return ScenarioService(open_engine(db))


def _json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _amount(value: Decimal) -> str:
    from rbb.presentation import format_amount

    return format_amount(value, nil="—")


@drivers_app.command("export")
def drivers_export(
    mission: Mission, period: PeriodOpt,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                      help="A .xlsx or .yaml file (default: YAML on stdout).")] = None,
    db: Db = None,
) -> None:
    """Write the effective drivers (stored, or the report's, calibrated) to a file."""
    from rbb.services.driver_files import write_drivers, yaml_text

    found = _service(db).drivers(mission, parse_period(period))
    if output is None:
        sys.stdout.write(yaml_text(found.drivers))
        return
    write_drivers(found.drivers, output)
    err.print(f"wrote {found.drivers.count()} drivers of {found.drivers.mission} "
              f"{found.drivers.period} to {output} ({found.origin})")


@drivers_app.command("load")
def drivers_load(
    file: Annotated[Path, typer.Argument(help="A drivers workbook (.xlsx) or YAML file.")],
    db: Db = None,
) -> None:
    """Check a drivers file and store it (replacing that mission's and period's drivers)."""
    from rbb.services.driver_files import read_drivers

    drivers = read_drivers(file)
    _service(db).save_drivers(drivers, origin=f"file {file.name}")
    out.print(f"stored {drivers.count()} drivers of {drivers.mission} {drivers.period} "
              f"from {file.name}")


def calibrate_command(
    mission: Mission, period: PeriodOpt,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show; store nothing.")] = False,
    format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Derive the cost per full-time equivalent the published budget implies."""
    from rbb.costing.catalogue import label
    from rbb.services.costing_views import calibration_data

    calibration = _service(db).calibrate(mission, parse_period(period), store=not dry_run)
    if format_ is Format.JSON:
        _json(calibration_data(calibration))
        return
    table = Table("class", "period", "method", "posts × (1 − VF)", "unit cost", "published",
                  "model", "line", title=f"Calibration, {mission.upper()} {period}")
    for row in calibration.rows:
        if row.method == "amount" and not row.published:
            continue
        unit = "" if row.unit_cost is None else f"{row.unit_cost:.4f} {row.currency}"
        table.add_row(label(row.line), row.period.label, row.method,
                      _plain(row.full_time_equivalents) if row.full_time_equivalents else "",
                      unit, _amount(row.published),
                      _amount(row.reproduced) + ("" if row.matches else " ✗"),
                      str(row.source_line or ""))
    out.print(table)
    verdict = ("every published class amount is reproduced to 0.1", "green") \
        if calibration.all_reproduced else ("some class amounts are not reproduced", "red")
    out.print(styled(verdict, "" if dry_run else "; drivers stored"))


def cost_command(
    mission: Mission, period: PeriodOpt,
    scenario: Annotated[str | None, typer.Option("--scenario", help="Cost a scenario.")] = None,
    format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Cost estimates by class from the drivers: formula, inputs and their sources."""
    from rbb.costing import cost_drivers
    from rbb.services.costing_views import cost_data

    target = parse_period(period)
    if scenario:
        service = _scenarios(db)
        drivers = service.drivers(scenario)
        if (drivers.mission, drivers.period) != (mission.upper(), target):
            raise InputError(f"scenario {scenario} is on {drivers.mission} {drivers.period}, "
                             f"not {mission.upper()} {target}")
        cost = cost_drivers(drivers, target)
    else:
        cost = _service(db).cost(mission, target)
    if format_ is Format.JSON:
        _json(cost_data(cost))
        return
    table = Table("class", "amount", "formula", "inputs and sources",
                  title=f"Cost estimates, {cost.mission} {cost.period}", show_lines=True)
    for found in cost.classes.values():
        if not found.exact and not found.sources:
            continue
        inputs = "\n".join(f"{s.name} = {_plain(s.value)} {s.unit} — {s.provenance}"
                           for s in found.sources)
        table.add_row(found.label, _amount(found.amount), found.formula, inputs)
    out.print(table)
    totals = Table("line", "amount", title="Totals")
    for line in ("gross_requirements", "staff_assessment_income", "net_requirements",
                 "total_requirements"):
        totals.add_row(line.replace("_", " "), _amount(cost.amount(line)))
    out.print(totals)


def _plain(value: Fraction) -> str:
    """An input as a table shows it: exact when short, else to four decimals."""
    from rbb.costing.exact import to_decimal

    number = to_decimal(value)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        number = to_decimal(value, 4)
    return format(number, "f")


def attribute_command(
    mission: Mission, period: PeriodOpt, format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Each class's variance split among its drivers; the residual is stated."""
    from rbb.services.costing_views import attribution_data

    attribution = _service(db).attribute(mission, parse_period(period))
    if format_ is Format.JSON:
        _json(attribution_data(attribution))
        return
    _print_attribution(attribution, f"Variance attribution, {mission.upper()} "
                                    f"{attribution.after_label} against {attribution.before_label}")


def _print_attribution(attribution: "Attribution", title: str) -> None:
    factors = ["posts", "vacancy_factor", "unit_cost", "exchange_rate", "allowance",
               "quantity", "price", "other"]
    used = [f for f in factors if any(c.part(f) for c in attribution.classes)]
    table = Table("class", *[f.replace("_", " ") for f in used], "residual", "variance",
                  title=title)
    for found in attribution.classes:
        if not found.variance and not found.computed:
            continue
        cells = [_amount(p.amount) if (p := found.part(f)) else "" for f in used]
        table.add_row(found.label, *cells, _amount(found.residual), _amount(found.variance))
    totals = attribution.totals()
    table.add_row("Total", *[_amount(totals.get(f, Decimal(0))) for f in used],
                  _amount(totals["residual"]), _amount(totals["variance"]), style="bold")
    out.print(table)
    out.print("Parts are exact Shapley values rounded to 0.1 by largest remainder; parts and "
              "residual add up to the printed variance (docs/costing.md).")


@scenario_app.command("new")
def scenario_new(
    name: Annotated[str, typer.Argument(help="Name of the scenario.")],
    source: FromOpt,
    description: Annotated[str | None, typer.Option("--description", "-d")] = None,
    db: Db = None,
) -> None:
    """Create a scenario on a stored budget (the document itself is never changed)."""
    from rbb.services.costing_service import DocumentRef

    view = _scenarios(db).new(name, DocumentRef.parse(source), description=description)
    out.print(f"scenario {name} created on {view.base}; set drivers with "
              f"`rbb scenario set {name} KEY=VALUE` ({KEY_HELP})")


@scenario_app.command("set")
def scenario_set(
    name: Annotated[str, typer.Argument()],
    edits: Annotated[list[str], typer.Argument(metavar="KEY=VALUE...",
                     help=f"Keys: {KEY_HELP}. 10.0 sets, +2 adds, +3% scales.")],
    format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Set drivers of a scenario and show the result against its base."""
    view = _scenarios(db).set(name, edits)
    _print_view(view, format_)


@scenario_app.command("unset")
def scenario_unset(
    name: Annotated[str, typer.Argument()],
    keys: Annotated[list[str], typer.Argument(metavar="KEY...")],
    format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Return drivers of a scenario to their base values."""
    _print_view(_scenarios(db).unset(name, keys), format_)


@scenario_app.command("show")
def scenario_show(
    name: Annotated[str, typer.Argument()], format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Every class and total against the base, with the change explained by driver."""
    _print_view(_scenarios(db).show(name), format_)


@scenario_app.command("compare")
def scenario_compare(
    first: Annotated[str, typer.Argument(metavar="A")],
    second: Annotated[str, typer.Argument(metavar="B")],
    format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """B against A: every class and total, and the difference explained by driver."""
    from rbb.services.costing_views import comparison_data

    comparison = _scenarios(db).compare(first, second)
    if format_ is Format.JSON:
        _json(comparison_data(comparison))
        return
    _print_comparison(comparison)


@scenario_app.command("list")
def scenario_list(
    mission: Annotated[str | None, typer.Option("--mission", "-m")] = None, db: Db = None,
) -> None:
    """The stored scenarios."""
    table = Table("name", "base", "edits", "updated", "description", title="Scenarios")
    for row in _scenarios(db).scenarios(mission):
        table.add_row(row.name, f"{row.mission}:{row.period}:{row.kind.value}",
                      "\n".join(f"{k}={v}" for k, v in row.edits),
                      row.updated_at.strftime("%Y-%m-%d %H:%M") if row.updated_at else "",
                      row.description or "")
    out.print(table)


@scenario_app.command("delete")
def scenario_delete(name: Annotated[str, typer.Argument()], db: Db = None) -> None:
    """Delete a scenario (its base document is untouched)."""
    if not _scenarios(db).delete(name):
        err.print(styled(("error:", "red"), f" no scenario named {name!r} is stored"))
        raise typer.Exit(1)
    out.print(f"deleted scenario {name}")


def _print_view(view: "ScenarioView", format_: Format) -> None:
    from rbb.services.costing_views import scenario_data

    if format_ is Format.JSON:
        _json(scenario_data(view))
        return
    edits = ", ".join(str(e) for e in view.edits) or "no edits yet"
    out.print(styled((view.scenario.name, "bold"), f" on {view.base}: {edits}"))
    _print_comparison(view.comparison)


def _print_comparison(comparison: "Comparison") -> None:
    table = Table("line", comparison.base_label, comparison.scenario_label, "change",
                  title=f"{comparison.mission} {comparison.period}")
    for change in comparison.lines:
        style = "bold" if change.kind != "class" else None
        if change.kind == "class" and not change.base and not change.scenario:
            continue
        table.add_row(change.label, _amount(change.base), _amount(change.scenario),
                      _amount(change.change), style=style)
    out.print(table)
    if any(c.variance for c in comparison.attribution.classes):
        _print_attribution(comparison.attribution, "The change explained by driver")


def draft_command(
    source: FromOpt,
    period: PeriodOpt,
    scenario: Annotated[str | None, typer.Option("--scenario", help="Apply a scenario's "
                                                 "edits to the carried drivers.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show; store nothing.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                      help="Also write the draft as canonical JSON.")] = None,
    format_: FormatOpt = Format.TABLE, db: Db = None,
) -> None:
    """Draft the next budget (a document marked draft) from the drivers."""
    from rbb.services.costing_service import DocumentRef
    from rbb.services.costing_views import draft_data

    edits: tuple[Edit, ...] = ()
    if scenario:
        edits = _scenarios(db).edits(scenario)
    draft = _service(db).draft(DocumentRef.parse(source), parse_period(period), edits=edits,
                               scenario=scenario, store=not dry_run)
    if output is not None:
        from rbb.services.data_format import to_json

        write_file(output, to_json(draft.document))
    if format_ is Format.JSON:
        _json(draft_data(draft))
        return
    document = draft.document
    out.print(styled((document.title, "bold")))
    for note in draft.notes:
        out.print(f"  {note}")
    _print_attribution(draft.attribution, "Variances by driver")
    for explanation in document.variance_explanations:
        out.print(styled("\n", (explanation.label, "bold"),
                         f" {_amount(explanation.amount or Decimal(0))}"))
        for paragraph in explanation.paragraphs:
            out.print(f"{paragraph.number}. {paragraph.text}")
    stored = "not stored (--dry-run)" if dry_run else \
        f"stored as {document.key} (draft); check it with `rbb check -m " \
        f"{document.mission.code} -p {document.period} -k budget`"
    out.print(f"\n{stored}")
