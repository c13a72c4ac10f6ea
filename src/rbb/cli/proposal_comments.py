"""``rbb proposal comment|comments|resolve|reopen|anchors``: review comments on a budget
proposal, threaded and resolved (docs/preparation.md, "Review comments").

Thin: parse options, call :mod:`rbb.services.proposal_comments`, print a Rich table
(data as ``Text``, never markup) or ``--json``. ``--by USER`` names the acting user,
whose account's role decides what it may do."""

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from .options import Db, open_engine, output_console

if TYPE_CHECKING:
    from rbb.model.proposal_comments import ProposalComment
    from rbb.services.proposal_comments import ProposalCommentService

out = output_console()

By = Annotated[str, typer.Option("--by", help="The acting user (an account of rbb users); "
                                 "its role decides what it may do.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ProposalArg = Annotated[int, typer.Argument(min=1, help="The proposal's number.")]
CommentArg = Annotated[int, typer.Argument(min=1, help="The comment's number (any comment "
                                           "of the thread).")]


def register(proposal_app: typer.Typer) -> None:
    """The commands join ``rbb proposal``."""
    proposal_app.command("comment")(comment_command)
    proposal_app.command("comments")(comments_command)
    proposal_app.command("resolve")(resolve_command)
    proposal_app.command("reopen")(reopen_command)
    proposal_app.command("anchors")(anchors_command)


def _service(db: str | None) -> "ProposalCommentService":
    from rbb.services.proposal_comments import ProposalCommentService

    return ProposalCommentService(open_engine(db))


def _json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _print(comment: "ProposalComment", as_json: bool, message: str) -> None:
    from rbb.services.proposal_comments import comment_data

    if as_json:
        _json(comment_data(comment))
    else:
        out.print(Text(message))


def comment_command(
    proposal: ProposalArg, by: By,
    text: Annotated[str, typer.Option("--message", "-m", help="The comment.")],
    on: Annotated[str | None, typer.Option(
        "--on", help="What it is about: an anchor of the revision (rbb proposal anchors), "
        "e.g. indicator:substantive/1.1.2, row:financial_resources/air_operations, "
        "document.")] = None,
    reply_to: Annotated[int | None, typer.Option(
        "--reply-to", min=1, help="Reply to this comment (in its thread, on its anchor) "
        "instead of starting a thread.")] = None,
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="The revision read (default: the newest).")] = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """Comment on a part of the proposal, or reply to a comment (editors and
    approvers)."""
    from rbb.model.errors import InputError

    service = _service(db)
    if reply_to is not None:
        if on is not None:
            raise InputError("--on: a reply is on its thread's anchor; leave --on out")
        made = service.reply(proposal, reply_to, text, by=by)
        _print(made, as_json, f"comment {made.id}: a reply to {reply_to} on {made.anchor}")
        return
    if on is None:
        raise InputError("--on: say what the comment is about (rbb proposal anchors "
                         f"{proposal} lists it), or --reply-to a comment")
    made = service.comment(proposal, on, text, by=by, revision=revision)
    _print(made, as_json, f"comment {made.id} on {made.anchor} (revision {made.revision})")


def comments_command(
    proposal: ProposalArg,
    only_open: Annotated[bool, typer.Option("--open", help="Only open threads.")] = False,
    resolved: Annotated[bool, typer.Option("--resolved", help="Only resolved threads.")]
    = False,
    on: Annotated[str | None, typer.Option("--on", help="Only threads on this anchor.")]
    = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """The proposal's review comments as threads, open ones first."""
    from rbb.model.errors import InputError
    from rbb.model.proposal_comments import ThreadState
    from rbb.services.proposal_comments import thread_data

    if only_open and resolved:
        raise InputError("--open, --resolved: choose one")
    state = ThreadState.OPEN if only_open else ThreadState.RESOLVED if resolved else None
    found = _service(db).threads(proposal, state=state, anchor=on)
    if as_json:
        _json([thread_data(t) for t in found])
        return
    table = Table("#", "on", "by", "when (UTC)", "comment", "state",
                  title=f"Comments on proposal {proposal}")
    for thread in found:
        first = thread.first
        status = thread.state.value + (f" by {first.resolved_by}" if first.resolved_by else "")
        for comment, depth in ((first, 0), *thread.replies):
            table.add_row(str(comment.id), Text(comment.anchor if depth == 0 else ""),
                          Text(comment.author), f"{comment.at:%Y-%m-%d %H:%M}",
                          Text("  " * depth + ("↳ " if depth else "") + comment.text),
                          Text(status if depth == 0 else ""))
    out.print(table)


def resolve_command(proposal: ProposalArg, comment: CommentArg, by: By,
                    as_json: JsonOpt = False, db: Db = None) -> None:
    """Resolve a comment's thread (editors and approvers)."""
    done = _service(db).resolve(proposal, comment, by=by)
    _print(done, as_json, f"thread {done.id} of proposal {proposal} resolved by {by}")


def reopen_command(proposal: ProposalArg, comment: CommentArg, by: By,
                   as_json: JsonOpt = False, db: Db = None) -> None:
    """Reopen a resolved thread (its author or an approver)."""
    done = _service(db).reopen(proposal, comment, by=by)
    _print(done, as_json, f"thread {done.id} of proposal {proposal} reopened by {by}")


def anchors_command(
    proposal: ProposalArg,
    revision: Annotated[int | None, typer.Option(
        "--revision", "-r", min=1, help="The revision (default: the newest).")] = None,
    as_json: JsonOpt = False, db: Db = None,
) -> None:
    """What a revision can be commented on: each anchor's key and label."""
    found = _service(db).anchors(proposal, revision)
    if as_json:
        _json([{"key": a.key, "label": a.label} for a in found])
        return
    table = Table("anchor", "what", title=f"Anchors of proposal {proposal}")
    for anchor in found:
        table.add_row(Text(anchor.key), Text(anchor.label))
    out.print(table)
