"""``rbb requests``: the requests of the General Assembly and the recommendations of the
Advisory Committee made of a mission, with the responses its reports give
(docs/cycle.md, "Requests followed up")."""

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, Mission, open_engine, output_console

if TYPE_CHECKING:
    from rbb.engine.requests import TrackedRequest

out = output_console()
_COLOURS = {"responded": "green", "partly": "yellow", "no response found": "red"}
TEXT_SHOWN = 160
"""Characters of a request's text a table shows (JSON and CSV carry all of it)."""
CSV_COLUMNS = ("mission", "key", "body", "symbol", "paragraph", "period", "period_inferred",
               "status", "reason", "heading", "text", "responses")


class RequestsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def register(app: typer.Typer) -> None:
    app.command("requests")(requests_command)


def requests_command(
    mission: Mission,
    only_open: Annotated[bool, typer.Option(
        "--open", help="Only those not responded (partly, or no response found).")] = False,
    format_: Annotated[RequestsFormat, typer.Option(
        "--format", "-f", help="table (readable), json, or csv.")] = RequestsFormat.TABLE,
    db: Db = None,
) -> None:
    """Requests of the Assembly and the Committee and the responses found in later
    reports' follow-up sections, with their status."""
    from rbb.services.request_tracking import mission_requests

    items = mission_requests(open_engine(db), mission, only_open=only_open)
    if format_ is RequestsFormat.JSON:
        sys.stdout.write(json.dumps([item.model_dump(mode="json") for item in items],
                                    ensure_ascii=False, indent=2) + "\n")
    elif format_ is RequestsFormat.CSV:
        sys.stdout.write(requests_csv(items))
    else:
        _print_table(mission.upper(), items, only_open)


def _responses(item: "TrackedRequest") -> str:
    return "; ".join(f"{r.document.period} {r.document.kind.value}"
                     f"{f' line {r.source_line}' if r.source_line else ''}"
                     for r in item.responses)


def requests_csv(items: "tuple[TrackedRequest, ...]") -> str:
    """One row per request; every text cell neutralised (rbb.model.spreadsheet)."""
    from rbb.model.spreadsheet import csv_line

    lines = [csv_line(CSV_COLUMNS)]
    for item in items:
        source = item.source
        lines.append(csv_line((
            item.mission, item.key, source.body, source.symbol, source.paragraph,
            item.period.label if item.period else None,
            "yes" if item.period_inferred else "no", item.status.value, item.reason,
            item.heading, item.text, _responses(item))))
    return "".join(lines)


def _print_table(mission: str, items: "tuple[TrackedRequest, ...]", only_open: bool) -> None:
    what = "open requests" if only_open else "requests"
    table = Table("source", "period", "status", "responses", "request",
                  title=f"{mission}: {len(items)} {what}")
    for item in items:
        text = item.text if len(item.text) <= TEXT_SHOWN else f"{item.text[:TEXT_SHOWN]}…"
        period = (f"{item.period}{' (session)' if item.period_inferred else ''}"
                  if item.period else "")
        table.add_row(Text(item.source.label), Text(period),
                      Text(item.status.value, style=_COLOURS.get(item.status.value, "")),
                      Text(_responses(item) or "none"), Text(text))
    out.print(table)
