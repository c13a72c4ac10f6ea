"""An importer for a small invented format, to show what a plugin's importer is:
one ``Importer`` subclass and one entry point (``[rbb.importers] example =
rbb_example_plugin.importer:IMPORTER``).

An example report is a marker line, its identity, then one class of expenditure
and its amount (thousands of United States dollars) per line::

    RBB-EXAMPLE-REPORT
    mission: MINURSO | United Nations Mission for the Referendum in Western Sahara
    period: 2024/25
    kind: budget
    Official travel: 412.7
    Facilities and infrastructure: 9 874.0

The amounts are cost estimates in a budget and expenditure in a performance report.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from rbb.importers import Importer, ImportInput, ImportResult
from rbb.importers.cells import CellError, parse_number
from rbb.model import (
    Diagnostic,
    DiagnosticSeverity,
    Document,
    DocumentKind,
    Mission,
    MoneyColumn,
    MoneyRow,
    MoneyTable,
    Period,
    SourceFile,
    Stage,
)
from rbb.model.classes import line_for_label
from rbb.model.money import ColumnRole, column_key

MARKER = "RBB-EXAMPLE-REPORT"
_IDENTITY = ("mission", "period", "kind")


class ExampleReport(Importer):
    name = "example"
    expects = f"an example report (a text whose first line is {MARKER})"

    def identify(self, file: ImportInput) -> bool:
        return file.text is not None and file.text.lstrip().startswith(MARKER)

    def extract(self, file: ImportInput) -> ImportResult:
        lines = (file.text or "").split("\n")
        problems: list[Diagnostic] = []

        def error(code: str, message: str, line: int) -> None:
            problems.append(Diagnostic(severity=DiagnosticSeverity.ERROR, code=code,
                                       message=message, file=file.name, line=line,
                                       text=lines[line - 1].strip()))

        identity: dict[str, str] = {}
        amounts: list[tuple[str, str, int]] = []
        for number, text in enumerate(lines, start=1):
            label, _, value = text.partition(":")
            if not text.strip() or text.strip() == MARKER:
                continue
            if not value:
                error("unplaced-line", "expected 'label: value'", number)
            elif label.strip().lower() in _IDENTITY:
                identity[label.strip().lower()] = value.strip()
            else:
                amounts.append((label.strip(), value.strip(), number))
        missing = [name for name in _IDENTITY if name not in identity]
        if missing:
            error("input", f"no {', '.join(missing)}: expected the lines 'mission: CODE | name', "
                  "'period: 2024/25' and 'kind: budget' (or performance)", len(lines))
            return ImportResult(file.name, None, tuple(problems))
        try:
            period = Period.parse(identity["period"])
            kind = DocumentKind(identity["kind"])
        except ValueError as problem:
            error("input", f"{problem}: expected 'period: 2024/25' and 'kind: budget'",
                  len(lines))
            return ImportResult(file.name, None, tuple(problems))
        stage = Stage.COST_ESTIMATES if kind is DocumentKind.BUDGET else Stage.EXPENDITURE
        column = MoneyColumn(key=column_key(stage, period), label=f"{stage.value} ({period})",
                             role=ColumnRole.AMOUNT, stage=stage, period=period)
        rows = []
        for label, value, number in amounts:
            found = line_for_label(label)
            if found is None:
                error("unknown-class", f"{label!r}: expected a class of expenditure", number)
                continue
            try:
                amount = parse_number(value)
            except CellError as problem:
                error("bad-number", f"{label}: {problem}", number)
                continue
            rows.append(MoneyRow(line=found.code, label=label, values={column.key: amount},
                                 source_line=number))
        code, _, name = identity["mission"].partition("|")
        document = Document(
            kind=kind, mission=Mission(code=code.strip(), name=name.strip() or code.strip()),
            period=period, title=f"Example {kind.value} for {period}",
            source=SourceFile(name=PurePath(file.name).name,
                              sha256=hashlib.sha256(file.data).hexdigest(),
                              shape=self.name, lines=len(lines)),
            financial_tables=(MoneyTable(key="financial_resources", title="Financial resources",
                                         columns=(column,), rows=tuple(rows)),))
        return ImportResult(file.name, document, tuple(problems))


IMPORTER = ExampleReport()
