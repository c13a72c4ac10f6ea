"""``rbb check``: audit every identity of stored documents or of files.

The checks live in :mod:`rbb.engine`; this module only chooses the documents,
renders the findings (a Rich table, JSON or JUnit XML) and sets the exit status:
1 when any finding is an error, 0 otherwise.
"""

import io
import json
import sys
from collections import Counter
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rbb.model.cycle import DocumentKind
from rbb.model.errors import InputError, NotFoundError

from .options import Db, error_console, open_store, parse_period, write_file

if TYPE_CHECKING:
    from rbb.model import Document, Finding
    from rbb.model.findings import SkippedCheck
    from rbb.storage import DocumentStore

    Partial = tuple[Document, list[SkippedCheck]]

err = error_console()
_COLOURS = {"error": "red", "warning": "yellow", "rounding": "cyan"}
"""By ``Severity`` value: the model's records are loaded when a check runs."""


class CheckFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JUNIT = "junit"


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)


def check_command(
    files_: Annotated[list[Path] | None, typer.Argument(
        metavar="FILE", help="Report files to import in memory and check "
                             "(default: the stored documents).")] = None,
    mission: Annotated[str | None, typer.Option("--mission", "-m", help="Mission code.")]
    = None,
    period: Annotated[str | None, typer.Option("--period", "-p", help="Period, e.g. 2025/26.")]
    = None,
    kind: Annotated[DocumentKind | None, typer.Option("--kind", "-k",
                    help="budget, performance, acabq_report or ga_resolution.")] = None,
    format_: Annotated[CheckFormat, typer.Option("--format", "-f",
                       help="table (readable), json, or junit (XML for CI).")]
    = CheckFormat.TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                      help="Write the findings to this file instead of stdout.")] = None,
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="Compute the stored documents' findings again instead of "
                          "reading those stored with them.")] = False,
    db: Db = None,
) -> None:
    """Check every total, variance and cross-table identity (exit 1 on errors).

    Files are checked as they are read. The findings of stored documents are computed
    when a document is stored (and again when the checks change) and read from the
    store; --refresh computes them all again."""
    from rbb.model import Severity

    if files_:
        if mission or period or kind or refresh:
            raise InputError("give FILE... or --mission/--period/--kind/--refresh, not both")
        from rbb.engine.checks import run_checks, sort_findings
        from rbb.engine.locate import refine_source_lines

        documents, read = _imported(files_)
        texts = {str(d.key): _lines(text) for d, text in zip(documents, read, strict=True)}
        from rbb.engine.checks import skipped_checks

        findings = sort_findings(refine_source_lines(
            run_checks(documents), {name: lines for name, lines in texts.items() if lines}))
        names = [str(document.key) for document in documents]
        partial = [(d, skipped_checks(d)) for d in documents
                   if d.coverage is not None and not d.coverage.complete]
    else:
        names, findings, partial = _stored(open_store(db), mission, period, kind,
                                           refresh=refresh)
    text = _render(findings, names, format_, colour=output is None and sys.stdout.isatty(),
                   skipped={str(d.key): {c.code: c.reason for c in checks}
                            for d, checks in partial})
    if format_ is CheckFormat.TABLE:
        text = _partial_notes(partial) + text
    else:  # the findings' format stays as it is; the notes go to stderr
        for line in _partial_notes(partial).splitlines():
            err.print(line, markup=False, highlight=False)
    if output is not None:
        write_file(output, text)
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text)
    if format_ is not CheckFormat.TABLE or output is not None:
        err.print(_summary(findings, len(names)), highlight=False)
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


def _imported(paths: Sequence[Path]) -> "tuple[list[Document], list[str | None]]":
    """The documents, and the text each was read from (read once, by the bounded
    worker: the file is never read again here)."""
    from rbb.services.imports import parse_files

    documents, texts = [], []
    for result in parse_files(list(paths)):
        if result.document is None or result.errors:
            first = result.errors[0] if result.errors else None
            detail = f": {first.location()}: {first.message}" if first else ""
            raise InputError(f"{result.file} could not be imported{detail}")
        documents.append(result.document)
        texts.append(result.text)
    return documents, texts


def _lines(text: str | None) -> list[str] | None:
    """The report's lines as the importer numbered them."""
    return None if text is None else text.split("\n")


def _stored(store: "DocumentStore", mission: str | None, period: str | None,
            kind: DocumentKind | None, *, refresh: bool
            ) -> "tuple[list[str], list[Finding], list[Partial]]":
    """The names of the selected documents, their stored findings (those of the
    cross-document checks computed among all stored documents of their missions), and
    those of them stored as partial documents with the checks skipped on each."""
    from rbb.services.stored_findings import FindingFilter, StoredFindings, partial_documents

    findings = StoredFindings(store.engine)
    summaries = store.summaries(mission=mission)
    code = mission.upper() if mission else None
    if not (mission or period or kind):
        findings.refresh(everything=refresh)
        return ([f"{s.mission} {s.period.label} {s.kind.value}" for s in summaries],
                [stored.finding for stored in findings.find(FindingFilter())],
                partial_documents(store, [s.id for s in summaries]))
    label = parse_period(period).label if period else None
    chosen = [s for s in summaries if (label is None or s.period.label == label)
              and (kind is None or s.kind is kind)]
    if not chosen:
        wanted = " ".join(x for x in (mission and mission.upper(), label,
                                      kind and kind.value) if x)
        raise NotFoundError(f"no stored document matches {wanted}")
    ids = tuple(s.id for s in chosen)
    if refresh:
        findings.refresh(mission=code, document_ids=ids, everything=True)
    return ([f"{s.mission} {s.period.label} {s.kind.value}" for s in chosen],
            [stored.finding for stored in findings.find(FindingFilter(document_ids=ids))],
            partial_documents(store, ids))


def _partial_notes(partial: "Sequence[Partial]") -> str:
    """What ``rbb check`` says of each partial document: the sections its text lacks,
    and each check skipped with the reason."""
    lines = []
    for document, skipped in partial:
        coverage = document.coverage
        sections = ", ".join(f"{e.label} {e.title!r}" for e in coverage.missing_sections) \
            if coverage is not None else ""
        tables = ", ".join(coverage.missing_table_titles) if coverage is not None else ""
        said = [f"these sections were not in the text: {sections}" if sections else "",
                f"tables missing: {tables}" if tables else ""]
        lines.append(f"partial document {document.key}: "
                     f"{'; '.join(s for s in said if s) or 'the text is an excerpt'}")
        lines += [f"  skipped {check.code} ({check.title}): {check.reason}" for check in skipped]
        lines.append(f"  {len(skipped)} check(s) skipped on {document.key}")
    return "".join(line + "\n" for line in lines)


def _render(findings: "Sequence[Finding]", names: Sequence[str], format_: CheckFormat, *,
            colour: bool, skipped: dict[str, dict[str, str]] | None = None) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if format_ is CheckFormat.JSON:
        return json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False) + "\n"
    if format_ is CheckFormat.JUNIT:
        from rbb.engine.checks import documentation_by_code

        from .junit import junit_xml

        return junit_xml(findings, names, documentation_by_code(), skipped)
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=colour, no_color=not colour,
                      markup=False)
    if findings:
        table = Table("severity", "code", "document", "line", "where", "printed", "computed",
                      "message", title="rbb check", show_lines=False)
        for finding in findings:
            style = _COLOURS[finding.severity.value]
            where = " / ".join(x for x in (finding.section, finding.table, finding.row,
                                           finding.column) if x)
            table.add_row(Text(finding.severity.value, style=style), finding.code,
                          finding.document, str(finding.source_line or ""), where,
                          _plain(finding.printed), _plain(finding.computed), finding.message)
        console.print(table)
    console.print(_summary(findings, len(names)), highlight=False)
    return buffer.getvalue()


def _plain(value: object) -> str:
    return "" if value is None else format(value, "f")


def _summary(findings: "Sequence[Finding]", documents: int) -> str:
    counts = Counter(f.severity.value for f in findings)
    return (f"{counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['rounding']} rounding difference(s) in {documents} document(s)")
