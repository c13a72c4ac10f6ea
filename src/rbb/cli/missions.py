"""``rbb missions list|show|edit``: the register of peacekeeping operations and of the
budgets reported like them (docs/missions.md)."""

import getpass
import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, open_engine, output_console

if TYPE_CHECKING:
    from rbb.model.mission import Mission
    from rbb.services.mission_register_service import MissionRegisterService

app = typer.Typer(help="The register of peacekeeping operations since 1948 and of the "
                       "support budgets (docs/missions.md).", no_args_is_help=True)
out = output_console()

Code = Annotated[str, typer.Argument(help="The mission's code, e.g. UNMISS (or UNEF-I).")]


def _service(db: str | None) -> "MissionRegisterService":
    from rbb.services.mission_register_service import MissionRegisterService

    return MissionRegisterService(open_engine(db))


def _as_json(mission: "Mission") -> dict[str, object]:
    data: dict[str, object] = mission.model_dump(mode="json", exclude={"offices",
                                                                       "mandate_references"})
    data["active"] = mission.active
    return data


@app.command("list")
def list_command(
    active: Annotated[bool, typer.Option("--active", help="Only operations not closed.")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Only closed operations.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    db: Db = None,
) -> None:
    """Every entry of the register: code, name, start, end, headquarters."""
    if active and closed:
        raise typer.BadParameter("choose --active or --closed, not both")
    missions = _service(db).missions(active=True if active else False if closed else None)
    if as_json:
        typer.echo(json.dumps([_as_json(m) for m in missions], ensure_ascii=False, indent=2))
        return
    table = Table("code", "name", "start", "end", "headquarters", "provisional",
                  title=f"Mission register ({len(missions)})")
    for m in missions:
        table.add_row(Text(m.code), Text(m.name), Text(m.start or ""),
                      Text(m.end or ("active" if m.kind.value == "operation" else "")),
                      Text(m.headquarters or ""), Text("provisional" if m.provisional else ""))
    out.print(table)


@app.command()
def show(code: Code, as_json: Annotated[bool, typer.Option("--json")] = False,
         db: Db = None) -> None:
    """Every fact of one entry, its other names, and the documents stored for it."""
    facts = _service(db).facts(code)
    m = facts.mission
    if as_json:
        data = _as_json(m)
        data["documents"] = [{"period": s.period.label, "kind": s.kind.value,
                              "symbol": s.symbol} for s in facts.documents]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    table = Table("fact", "value", title=f"{m.code}", show_header=False)
    rows = [
        ("code", m.code), ("name", m.name), ("kind", m.kind.value.replace("_", " ")),
        ("other names", "; ".join(m.other_names)), ("other codes", ", ".join(m.other_codes)),
        ("follows", m.follows or ""), ("start", m.start or ""),
        ("end", m.end or ("active" if m.kind.value == "operation" else "")),
        ("headquarters", m.headquarters or ""),
        ("established by", m.establishing_resolution or ""),
        ("provisional", "yes: read from a report, not in the register" if m.provisional
         else "no"),
    ]
    if facts.edited_at is not None:
        rows.append(("edited", f"{facts.edited_at:%Y-%m-%d %H:%M} by {facts.edited_by or '?'}"))
    documents = ", ".join(f"{s.period.label} {s.kind.value}" for s in facts.documents)
    rows.append(("documents", documents or "none stored"))
    for label, value in rows:
        table.add_row(Text(label), Text(value))
    out.print(table)


@app.command()
def edit(
    code: Code,
    name: Annotated[str | None, typer.Option("--name", help="The full name.")] = None,
    other_names: Annotated[list[str] | None, typer.Option(
        "--other-name", help="A further printed name (repeat for several; replaces them).")]
    = None,
    headquarters: Annotated[str | None, typer.Option("--headquarters")] = None,
    start: Annotated[str | None, typer.Option("--start", help="YYYY-MM")] = None,
    end: Annotated[str | None, typer.Option("--end", help="YYYY-MM; empty text: active")]
    = None,
    resolution: Annotated[str | None, typer.Option(
        "--resolution", help='The establishing resolution, e.g. "Security Council '
                             'resolution 1996 (2011)".')] = None,
    db: Db = None,
) -> None:
    """Change an entry's facts (whoever runs rbb on the store administers it; in the web
    app, users with the admin role). Seeding the register again keeps the edit."""
    given = {"name": name, "other_names": other_names, "headquarters": headquarters,
             "start": start, "end": end, "establishing_resolution": resolution}
    changes = {key: value for key, value in given.items() if value is not None}
    edited = _service(db).edit(code, changes, by=f"cli:{_user()}")
    out.print(Text(f"edited {edited.code}: {', '.join(sorted(changes))}"))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
