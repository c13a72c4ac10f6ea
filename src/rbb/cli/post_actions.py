"""``rbb proposal post-actions N`` and ``rbb proposal post-action N add|remove``: a
proposal's post actions from the command line (docs/preparation.md, "Editing post
actions and vacancy factors"). Thin: the edits are those of the web editor
(:mod:`rbb.services.post_action_editing`), saved as a new revision based on
``--based-on``."""

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, open_engine, output_console

if TYPE_CHECKING:
    from rbb.model.proposals import ProposalContent
    from rbb.services.proposal_service import ProposalService

action_app = typer.Typer(help="Add or remove one post action of a proposal, saved as a new "
                              "revision.", no_args_is_help=True)
out = output_console()

By = Annotated[str, typer.Option("--by", help="The acting user (an account of rbb users); "
                                 "its role decides what it may do.")]
BasedOn = Annotated[int, typer.Option(
    "--based-on", min=1, help="The revision the edit starts from: another saved since "
    "and changing the same fields refuses it.")]
CommentOpt = Annotated[str, typer.Option("--comment", "-c", help="A short comment.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ProposalArg = Annotated[int, typer.Argument(min=1, help="The proposal's number.")]


def register(proposal_app: typer.Typer) -> None:
    proposal_app.command("post-actions")(list_command)
    proposal_app.add_typer(action_app, name="post-action")


def _service(db: str | None) -> "ProposalService":
    from rbb.services.proposal_service import ProposalService

    return ProposalService(open_engine(db))


def list_command(
    proposal: ProposalArg,
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="A revision other than the newest.")] = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """A revision's post actions (the newest unless --revision)."""
    from rbb.services.post_action_editing import action_data

    service = _service(db)
    number = revision or service.show(proposal).proposal.head
    actions = service.content(proposal, number).post_actions
    if as_json:
        sys.stdout.write(json.dumps({"proposal": proposal, "revision": number,
                                     "post_actions": [action_data(a) for a in actions]},
                                    indent=2, ensure_ascii=False) + "\n")
        return
    if not actions:
        out.print(Text(f"revision {number} of proposal {proposal} states no post action"))
        return
    table = Table("id", "kind", "component", "office", "grade", "count", "title",
                  "destination", "new grade", "justification",
                  title=f"Post actions of proposal {proposal}, revision {number}")
    for a in actions:
        destination = a.destination_office or ""
        if a.destination_component:
            destination += f" ({a.destination_component})"
        table.add_row(Text(a.id), a.kind.value, Text(a.component), Text(a.office),
                      Text(a.grade), str(a.count), Text(a.functional_title or ""),
                      Text(destination), Text(a.new_grade or ""), Text(a.justification))
    out.print(table)


@action_app.callback()
def action_group(ctx: typer.Context, proposal: ProposalArg) -> None:
    """The proposal whose actions are edited: rbb proposal post-action N add|remove."""
    ctx.obj = proposal


def _save(ctx: typer.Context, change: Any, *, based_on: int, by: str, comment: str,
          db: str | None, as_json: bool) -> None:
    from rbb.services.proposal_service import record_data

    proposal: int = ctx.obj
    service = _service(db)
    content: ProposalContent = service.content(proposal, based_on)
    saved = service.save_content(proposal, change(content), based_on=based_on, by=by,
                                 comment=comment)
    if as_json:
        sys.stdout.write(json.dumps(record_data(saved), indent=2, ensure_ascii=False) + "\n")
        return
    out.print(Text(f"saved revision {saved.number} of proposal {proposal}"))


@action_app.command("add")
def add_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="establishment, abolishment, "
                                      "reassignment, redeployment, reclassification or "
                                      "conversion.")],
    component: Annotated[str, typer.Option("--component", help="The component whose table "
                                           "prints the office (substantive, support).")],
    office: Annotated[str, typer.Option("--office", help="The office as its table prints "
                                        "it (a new one for an establishment).")],
    grade: Annotated[str, typer.Option("--grade", help="A grade of the register (P-4) or "
                                       "a band (P-5–P-4).")],
    by: By, based_on: BasedOn,
    count: Annotated[int, typer.Option("--count", help="Posts (1 or more).")] = 1,
    title: Annotated[str | None, typer.Option("--title", help="The functional title "
                                              "(Legal Officer).")] = None,
    justification: Annotated[str, typer.Option("--justification", "-j",
                                               help="The reasons, as the report gives "
                                               "them.")] = "",
    to_component: Annotated[str | None, typer.Option(
        "--to-component", help="A move to another component.")] = None,
    to_office: Annotated[str | None, typer.Option(
        "--to-office", help="Where a redeployed or reassigned post goes.")] = None,
    new_grade: Annotated[str | None, typer.Option(
        "--new-grade", help="The grade after a reclassification or a conversion.")] = None,
    action_id: Annotated[str | None, typer.Option(
        "--id", help="The action's id (default: the next free aN).")] = None,
    comment: CommentOpt = "", as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Add one post action, saved as a new revision based on --based-on."""
    from rbb.services.post_action_editing import add_action

    fields = {"id": action_id, "kind": kind, "component": component, "office": office,
              "grade": grade, "count": count, "functional_title": title,
              "destination_component": to_component, "destination_office": to_office,
              "new_grade": new_grade, "justification": justification}
    _save(ctx, lambda content: add_action(content, fields), based_on=based_on, by=by,
          comment=comment or f"added a {kind}", db=db, as_json=as_json)


@action_app.command("remove")
def remove_command(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(help="The action's id (a1).")],
    by: By, based_on: BasedOn, comment: CommentOpt = "", as_json: JsonOpt = False,
    db: Db = None,
) -> None:
    """Remove one post action, saved as a new revision based on --based-on."""
    from rbb.services.post_action_editing import remove_action

    _save(ctx, lambda content: remove_action(content, action_id), based_on=based_on, by=by,
          comment=comment or f"removed post action {action_id}", db=db, as_json=as_json)
