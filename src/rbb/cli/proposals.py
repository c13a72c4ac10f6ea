"""``rbb proposal new|list|show|history|save|start-actions|check|diff|restore|submit|``
``return|approve|issue`` and ``rbb audit-trail verify``: budget proposals in preparation,
their revisions, states and tamper-evident audit trail (docs/preparation.md).

Thin: parse options, call :mod:`rbb.services.proposal_service`, print a Rich table (data
as ``Text``, never markup) or ``--json``. ``--by USER`` names the acting user, whose
account's role decides what it may do."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, error_console, open_engine, output_console, parse_period

if TYPE_CHECKING:
    from rbb.model.proposals import Proposal, TrailRecord
    from rbb.services.proposal_diff import RevisionDiff
    from rbb.services.proposal_service import ProposalService

app = typer.Typer(help="Budget proposals in preparation: revisions, states, comparisons "
                       "(docs/preparation.md).", no_args_is_help=True)
audit_app = typer.Typer(help="The audit trail of the budget proposals.", no_args_is_help=True)
out = output_console()
err = error_console()

By = Annotated[str, typer.Option("--by", help="The acting user (an account of rbb users); "
                                 "its role decides what it may do.")]
CommentOpt = Annotated[str, typer.Option("--comment", "-c", help="A short comment.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ProposalArg = Annotated[int, typer.Argument(min=1, help="The proposal's number.")]


def register(app_: typer.Typer) -> None:
    app_.add_typer(app, name="proposal")
    app_.add_typer(audit_app, name="audit-trail")


def _service(db: str | None) -> "ProposalService":
    from rbb.services.proposal_service import ProposalService

    return ProposalService(open_engine(db))


def _json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _print_proposal(proposal: "Proposal", as_json: bool, message: str) -> None:
    from rbb.services.proposal_service import proposal_data

    if as_json:
        _json(proposal_data(proposal))
        return
    out.print(Text(f"{message}: proposal {proposal.id}, {proposal.mission} "
                   f"{proposal.period}, {proposal.state.value}, revision {proposal.head}"))


@app.command("new")
def new_command(
    by: By,
    mission: Annotated[str | None, typer.Option(
        "--mission", "-m", help="An empty proposal for this mission (with --period).")]
    = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", help="The period proposed, e.g. 2026/27 (with --mission or "
        "--from).")] = None,
    drafted_from: Annotated[str | None, typer.Option(
        "--from", help="Draft forward from this stored budget by its drivers, as rbb draft "
        "does: MISSION:PERIOD, e.g. UNMIK:2025/26.")] = None,
    scenario: Annotated[str | None, typer.Option(
        "--scenario", help="With --from: apply a scenario's edits to the drivers.")] = None,
    copy: Annotated[str | None, typer.Option(
        "--copy", help="Start from this stored budget as it is (the draft rbb draft "
        "stored, or a budget to rework): MISSION:PERIOD.")] = None,
    comment: CommentOpt = "", as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Start a proposal (state draft, revision 1): empty for a mission, drafted forward
    from a stored budget, or copied from a stored budget."""
    from rbb.model.errors import InputError

    sources = [name for name, value in (("--mission", mission), ("--from", drafted_from),
                                        ("--copy", copy)) if value]
    if len(sources) != 1:
        raise InputError("give one of --mission (empty), --from (drafted) or --copy")
    service = _service(db)
    if copy:
        if period:
            raise InputError("--copy takes the period of the budget copied, not --period")
        proposal = service.new_copied(copy, by=by, comment=comment)
    else:
        if not period:
            raise InputError(f"{sources[0]} needs --period: the period proposed")
        if drafted_from:
            proposal = service.new_drafted(drafted_from, parse_period(period), by=by,
                                           comment=comment, scenario=scenario)
        else:
            assert mission is not None
            proposal = service.new_empty(mission, parse_period(period), by=by,
                                         comment=comment)
    _print_proposal(proposal, as_json, "started")


@app.command("list")
def list_command(
    mission: Annotated[str | None, typer.Option("--mission", "-m")] = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """The proposals stored, by mission and period."""
    from rbb.services.proposal_service import proposal_data

    found = _service(db).proposals(mission)
    if as_json:
        _json([proposal_data(p) for p in found])
        return
    table = Table("no.", "mission", "period", "state", "revision", "started by", "on",
                  title="Proposals")
    for p in found:
        table.add_row(str(p.id), Text(p.mission), p.period.label, p.state.value, str(p.head),
                      Text(p.created_by), f"{p.created_at:%Y-%m-%d}")
    out.print(table)


@app.command("show")
def show_command(
    proposal: ProposalArg,
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="A revision other than the newest.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the revision's document as canonical JSON (to edit, "
        "then rbb proposal save).")] = None,
    content: Annotated[bool, typer.Option(
        "--content", help="With -o: write the whole content, the document and its post "
        "actions ({\"document\": ..., \"post_actions\": [...]}).")] = False,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """A proposal: its state, the revision shown and what may be done next."""
    from rbb.services.proposal_service import proposal_data, record_data

    service = _service(db)
    view = service.show(proposal, revision)
    if output is not None:
        from rbb.services.data_format import to_json

        from .options import write_file

        write_file(output, service.content_json(proposal, view.head.number) if content
                   else to_json(view.document))
        err.print(Text(f"wrote revision {view.head.number} of proposal {proposal} to "
                       f"{output}"))
    if as_json:
        _json({**proposal_data(view.proposal), "revision": record_data(view.head),
               "title": view.document.title,
               "next_actions": [a.value for a in view.next_actions]})
        return
    p, head, document = view.proposal, view.head, view.document
    table = Table("", "", title=f"Proposal {p.id}", show_header=False)
    for label, value in (
            ("mission", p.mission), ("period", p.period.label), ("state", p.state.value),
            ("title", document.title),
            ("revision", f"{head.number} of {p.head}"
             + (f" (based on {head.parent})" if head.parent else "")),
            ("saved", f"{head.saved_at:%Y-%m-%d %H:%M} UTC by {head.author}"),
            ("comment", head.comment),
            ("contents", f"{len(document.financial_tables)} money tables, "
                         f"{len(document.staffing_tables)} staffing tables, "
                         f"{len(document.components)} components, "
                         f"{len(document.paragraphs)} paragraphs"),
            ("next", ", ".join(a.value for a in view.next_actions) or "nothing: final")):
        table.add_row(label, Text(value))
    out.print(table)


@app.command("history")
def history_command(proposal: ProposalArg, as_json: JsonOpt = False, db: Db = None) -> None:
    """Every revision and transition of the proposal, in the order they happened."""
    from rbb.services.proposal_service import record_data

    records = _service(db).history(proposal)
    if as_json:
        _json([record_data(r) for r in records])
        return
    table = Table("#", "what", "by", "when (UTC)", "comment", "hash",
                  title=f"History of proposal {proposal}")
    for record in records:
        table.add_row(str(record.position), Text(_what(record)), Text(_who(record)),
                      f"{_when(record):%Y-%m-%d %H:%M:%S}", Text(record.comment),
                      record.chain_hash[:12])
    out.print(table)


ResolveOpt = Annotated[list[str] | None, typer.Option(
    "--resolve", help="PATH=mine|theirs: the side kept for a field both this edit and a "
    "revision saved since changed (the paths a refused save printed); repeatable.")]


@app.command("save")
def save_command(
    proposal: ProposalArg, by: By,
    file: Annotated[Path, typer.Option("--file", "-f", help="The document as canonical JSON "
                                       "(rbb proposal show --output writes one), or the "
                                       "whole content: {\"document\": ..., "
                                       "\"post_actions\": [...]} (show --content).")],
    based_on: Annotated[int, typer.Option(
        "--based-on", min=1, help="The revision the edit started from: when another was "
        "saved since, the edit is merged into it.")],
    resolve: ResolveOpt = None,
    comment: CommentOpt = "", as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Save an edited document (or content) as a new revision of the proposal. On an
    older revision, the edit merges with the revisions saved since; fields both changed
    differently are printed side by side (exit 1, nothing stored) until --resolve
    chooses a side for each."""
    from rbb.model.errors import MergeConflictError

    service = _service(db)
    resolutions = _resolutions(resolve or [])
    content = _read_content(file, service, proposal, based_on)
    try:
        saved = service.save_content(proposal, content, based_on=based_on, by=by,
                                     comment=comment, resolutions=resolutions or None)
    except MergeConflictError as conflict:
        _print_conflicts(conflict, as_json)
        raise typer.Exit(1) from None
    _print_record(saved, as_json, f"saved revision {saved.number} of proposal {proposal}")


def _resolutions(items: list[str]) -> dict[str, Any]:
    from rbb.model.errors import InputError
    from rbb.model.proposals import Choice

    found: dict[str, Any] = {}
    for item in items:
        path, _, side = item.rpartition("=")
        if not path or side not in {c.value for c in Choice}:
            raise InputError(f"--resolve {item}: write PATH=mine or PATH=theirs")
        found[path] = Choice(side)
    return found


def _read_content(file: Path, service: "ProposalService", proposal: int, based_on: int
                  ) -> Any:
    """The file's content: a document (keeping the post actions of the revision it was
    based on) or a whole content, each read with its errors naming the field."""
    from rbb.importers.limits import ReadingLimits, too_large
    from rbb.model.errors import InputError
    from rbb.services.data_format import from_json
    from rbb.services.proposal_service import read_driver_edits, read_post_actions

    limits = ReadingLimits.from_env()
    size = file.stat().st_size
    if size > limits.max_file_bytes:
        raise too_large(str(file), size, limits, "the JSON file")
    try:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InputError(f"{file}: not JSON ({error})") from None
    if isinstance(data, dict) and "document" in data and "kind" not in data:
        extra = set(data) - {"document", "post_actions", "driver_edits"}
        if extra:
            raise InputError(f"{file}: {sorted(extra)[0]}: not a field of a content "
                             "(document, post_actions, driver_edits)")
        document = from_json(json.dumps(data["document"]), file=f"{file}: document")
        update: dict[str, Any] = {
            "document": document,
            "post_actions": read_post_actions(data.get("post_actions", []))}
        if "driver_edits" in data:  # else those of the revision it is based on
            update["driver_edits"] = read_driver_edits(data["driver_edits"])
        return service.content(proposal, based_on).model_copy(update=update)
    document = from_json(text, file=str(file))
    return service.content(proposal, based_on).model_copy(update={"document": document})


def _print_conflicts(conflict: Any, as_json: bool) -> None:
    if as_json:
        _json({"conflicts": [{"path": c.path, "label": c.label, "base": c.base,
                              "mine": c.mine, "theirs": c.theirs}
                             for c in conflict.conflicts],
               "based_on": conflict.based_on, "head": conflict.head,
               "detail": str(conflict)})
    err.print(Text(f"error: {conflict}"))
    table = Table("field", "before both", "this edit", f"revision {conflict.head}",
                  title="Fields both edits changed", show_lines=True)
    for c in conflict.conflicts:
        table.add_row(Text(f"{c.label}\n{c.path}"), Text(_shown(c.base)),
                      Text(_shown(c.mine)), Text(_shown(c.theirs)))
    err.print(table)
    err.print(Text("save again with --resolve PATH=mine or --resolve PATH=theirs for each"))


def _shown(value: object) -> str:
    if value is None:
        return "(none)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


@app.command("start-actions")
def start_actions_command(
    proposal: ProposalArg, by: By,
    based_on: Annotated[int, typer.Option(
        "--based-on", min=1, help="The revision whose staffing tables the actions are read "
        "from (the newest you saw).")],
    comment: CommentOpt = "", as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Save the revision again with the post actions its staffing tables stand for (an
    establishment or abolishment per office and band, to rewrite): from then on, its
    tables are derived from its actions."""
    saved = _service(db).start_post_actions(proposal, by=by, based_on=based_on,
                                            comment=comment)
    _print_record(saved, as_json, f"saved revision {saved.number} of proposal {proposal} "
                                  "with the post actions of its tables")


@app.command("check")
def check_command(
    proposal: ProposalArg,
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="A revision other than the newest.")] = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """The rbb check findings of a revision (the newest by default): a revision with an
    error finding cannot be submitted."""
    service = _service(db)
    number = revision or service.show(proposal).proposal.head
    findings = service.findings(proposal, number)
    if as_json:
        _json({"proposal": proposal, "revision": number,
               "findings": [f.as_json() for f in findings]})
        return
    errors = sum(1 for f in findings if f.severity.value == "error")
    table = Table("severity", "code", "where", "finding",
                  title=f"Proposal {proposal}, revision {number}: {len(findings)} "
                        f"finding(s), {errors} error(s)")
    for f in findings:
        where = " / ".join(p for p in (f.table or f.section, f.row, f.column) if p)
        table.add_row(Text(f.severity.value), Text(f.code), Text(where), Text(f.message))
    out.print(table)


@app.command("restore")
def restore_command(
    proposal: ProposalArg,
    revision: Annotated[int, typer.Argument(min=1, help="The revision to restore.")],
    by: By,
    based_on: Annotated[int | None, typer.Option(
        "--based-on", min=1, help="The newest revision you saw: refused if another was "
        "saved since (default: the newest).")] = None,
    comment: CommentOpt = "", as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Save an earlier revision's content again as a new revision."""
    saved = _service(db).restore(proposal, revision, by=by, comment=comment,
                                 based_on=based_on)
    _print_record(saved, as_json, f"restored revision {revision} of proposal {proposal} as "
                                  f"revision {saved.number}")


@app.command("diff")
def diff_command(
    proposal: ProposalArg,
    old: Annotated[int, typer.Argument(min=1, help="The earlier revision.")],
    new: Annotated[int, typer.Argument(min=1, help="The later revision.")],
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Two revisions compared: every money-table cell (thousands of US dollars as the
    tables hold them), staffing-table cell and vacancy rate that differs, the post
    actions added, removed or changed, and every paragraph, framework text, indicator
    value, justification and follow-up of a request whose words differ."""
    from rbb.services.proposal_diff import diff_data

    diff = _service(db).diff(proposal, old, new)
    if as_json:
        _json(diff_data(diff))
        return
    print_diff(diff)


def print_diff(diff: "RevisionDiff") -> None:
    """The comparison as tables of figures and word diffs (``rbb workbook import`` too):
    money, staffing counts, vacancy rates, post actions, then the texts."""
    from rbb.presentation import format_amount

    proposal, old, new = diff.proposal, diff.old, diff.new
    if diff.same:
        out.print(f"revisions {old} and {new} of proposal {proposal} hold the same figures "
                  "and text")
        return
    if diff.figures:
        table = Table("table", "line", "column", f"revision {old}", f"revision {new}",
                      "change", title=f"Figures: revision {old} → {new}")
        for f in diff.figures:
            table.add_row(Text(f.table), Text(f.label), Text(f.column),
                          *(format_amount(v, nil="—") if v is not None else "—"
                            for v in (f.old, f.new, f.change)))
        out.print(table)
    if diff.staffing:
        table = Table("table", "row", "column", f"revision {old}", f"revision {new}",
                      "change", title=f"Staffing (posts): revision {old} → {new}")
        for c in diff.staffing:
            table.add_row(Text(c.table), Text(c.row), Text(c.column),
                          *_counts(c.old, c.new, c.change))
        out.print(table)
    if diff.vacancy:
        table = Table("category", "period", "kind", f"revision {old}", f"revision {new}",
                      "change", title=f"Vacancy factors (per cent): revision {old} → {new}")
        for r in diff.vacancy:
            table.add_row(Text(r.category), Text(r.period), Text(r.kind),
                          *_counts(r.old, r.new, r.change))
        out.print(table)
    if diff.post_actions:
        table = Table("action", "", "field", f"revision {old}", f"revision {new}", "change",
                      title=f"Post actions: revision {old} → {new}")
        for p in diff.post_actions:
            action = Text(p.id + "\n")
            action.append(p.summary, style="dim")
            table.add_row(action, Text(p.status.value), Text("count"),
                          *_counts(p.old_count, p.new_count, p.count_change))
            for field in p.fields:
                table.add_row("", "", Text(field.field), Text(field.old or "—"),
                              Text(field.new or "—"), "")
        out.print(table)
    for change in (*diff.texts, *(p.justification for p in diff.post_actions
                                   if p.justification), *diff.follow_up):
        out.print(Text(change.where, style="bold"))
        line = Text()
        for op, words in change.words:
            style = {"removed": "red strike", "added": "green underline"}.get(op.value)
            marked = {"removed": f"[-{words}-]", "added": f"{{+{words}+}}"}.get(op.value,
                                                                              words)
            line.append(marked + " ", style=style)
        out.print(line)


def _counts(old: Any, new: Any, change: Any) -> list[str]:
    """Counts and rates as written (``8.8``, ``12``), the change signed; a dash where
    a side has none."""
    def shown(value: Any, sign: str = "") -> str:
        if value is None:
            return "—"
        return format(value, sign + ("f" if isinstance(value, Decimal) else "d"))

    from decimal import Decimal

    return [shown(old), shown(new), "" if change is None else shown(change, "+")]


def _transition(action_name: str) -> Any:
    def command(proposal: ProposalArg, by: By, comment: CommentOpt = "",
                as_json: JsonOpt = False, db: Db = None) -> None:
        from rbb.model.proposals import ProposalAction

        done = _service(db).act(proposal, ProposalAction(action_name), by=by,
                                comment=comment)
        _print_record(done, as_json, f"proposal {proposal}: {done.from_state.value} → "
                                     f"{done.to_state.value} (revision {done.revision})")
    command.__doc__ = _ACTION_HELP[action_name]
    return command


_ACTION_HELP = {
    "submit": "Submit the proposal for approval (editors; from draft or returned).",
    "return": "Return a submitted proposal with comments (approvers; --comment needed).",
    "approve": "Approve a submitted proposal: its revision is locked (approvers).",
    "issue": "Issue an approved proposal as the Secretary-General's report (approvers).",
}
for _name in _ACTION_HELP:
    app.command(_name)(_transition(_name))


@audit_app.command("verify")
def verify_command(
    proposal: Annotated[int | None, typer.Option("--proposal", min=1,
                                                 help="Only this proposal's trail.")] = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Recompute the audit trail's hash chain; name the first record that does not
    match (exit code 1)."""
    from rbb.services.proposal_service import check_data

    check = _service(db).verify(proposal)
    if as_json:
        _json(check_data(check))
    elif check.problem is None:
        out.print(f"the audit trail is intact: {check.records} records of "
                  f"{check.proposals} proposals")
    else:
        err.print(Text.assemble(("tampered: ", "red"), str(check.problem)))
    if check.problem is not None:
        raise typer.Exit(1)


def _print_record(record: "TrailRecord", as_json: bool, message: str) -> None:
    from rbb.services.proposal_service import record_data

    if as_json:
        _json(record_data(record))
    else:
        out.print(Text(message))


def _what(record: "TrailRecord") -> str:
    from rbb.model.proposals import Revision

    if isinstance(record, Revision):
        restored = f", restoring {record.restored_from}" if record.restored_from else ""
        parent = f" on {record.parent}" if record.parent else ""
        return f"revision {record.number}{parent}{restored}"
    return (f"{record.action.value}: {record.from_state.value} → {record.to_state.value} "
            f"(revision {record.revision})")


def _who(record: "TrailRecord") -> str:
    from rbb.model.proposals import Revision

    return record.author if isinstance(record, Revision) else record.by


def _when(record: "TrailRecord") -> Any:
    from rbb.model.proposals import Revision

    return record.saved_at if isinstance(record, Revision) else record.at
