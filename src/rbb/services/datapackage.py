"""A Frictionless Data Package of stored documents: datapackage.json and one
CSV per table, for analysts who want the figures in pandas or a spreadsheet."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from rbb.model import Document
from rbb.model.facts import FACT_HEADER, document_facts
from rbb.model.spreadsheet import SpreadsheetCell, csv_line

Cell = SpreadsheetCell


def document_id(document: Document) -> str:
    period = document.period.label.replace("/", "-")
    return f"{document.mission.code}-{period}-{document.kind.value}"


def _documents(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        yield [document_id(doc), doc.mission.code, doc.period.label, doc.kind.value, doc.title,
               doc.symbol, doc.date.isoformat() if doc.date else None,
               doc.source.name if doc.source else None]


def _facts(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        for fact in document_facts(doc):
            yield [document_id(doc), *fact.cells()]


def _financial(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        for table in doc.financial_tables:
            for row in table.rows:
                for column in table.columns:
                    if column.key not in row.values:
                        continue
                    yield [document_id(doc), table.key, row.line, row.label, row.row_type.value,
                           column.key, column.role.value,
                           column.stage.value if column.stage else None,
                           column.period.label if column.period else None,
                           row.values[column.key], row.source_line]


def _staffing(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        for table in doc.staffing_tables:
            for row in table.rows:
                for column, count in row.counts.items():
                    yield [document_id(doc), table.key, table.component, row.office,
                           row.parent_office, row.row_type.value, row.kind.value,
                           row.period.label if row.period else None, column.value, count,
                           row.source_line]


def _indicators(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        for component in doc.components:
            for ea in component.expected_accomplishments:
                for indicator in ea.indicators:
                    for value in indicator.values:
                        yield [document_id(doc), component.key, ea.number, indicator.number,
                               indicator.text, value.period.label, value.text, value.value,
                               value.unit, value.comparator.value if value.comparator else None,
                               indicator.actual, value.source_line]


def _outputs(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        for component in doc.components:
            for ea in component.expected_accomplishments:
                for index, output in enumerate(ea.outputs, start=1):
                    yield [document_id(doc), component.key, ea.number, index, output.heading,
                           output.text, output.quantity, output.completed,
                           output.completed_quantity, output.remarks, output.source_line]


def _variances(docs: Sequence[Document]) -> Iterator[list[Cell]]:
    for doc in docs:
        for explanation in doc.variance_explanations:
            text = "\n\n".join(p.text for p in explanation.paragraphs)
            yield [document_id(doc), explanation.line, explanation.label, explanation.amount,
                   explanation.percentage, text, explanation.source_line]


_DOC = ("document", "string")
_LINE = ("source_line", "integer")
RESOURCES = (
    ("documents", "Documents", (_DOC, ("mission", "string"), ("period", "string"),
                                ("kind", "string"), ("title", "string"), ("symbol", "string"),
                                ("date", "date"), ("source_name", "string")), _documents),
    ("facts", "Every number with its provenance",
     (_DOC, *((name, "integer" if name == "source_line" else
               "number" if name == "value" else "string") for name in FACT_HEADER)), _facts),
    ("financial_resources", "Financial resources by class and stage",
     (_DOC, ("table", "string"), ("line", "string"), ("label", "string"), ("row_type", "string"),
      ("column", "string"), ("role", "string"), ("stage", "string"), ("period", "string"),
      ("value", "number"), _LINE), _financial),
    ("staffing", "Posts by office and grade band",
     (_DOC, ("table", "string"), ("component", "string"), ("office", "string"),
      ("parent_office", "string"), ("row_type", "string"), ("kind", "string"),
      ("period", "string"), ("column", "string"), ("count", "integer"), _LINE), _staffing),
    ("indicators", "Indicators of achievement and their values",
     (_DOC, ("component", "string"), ("expected_accomplishment", "string"),
      ("indicator", "string"), ("text", "string"), ("period", "string"),
      ("printed", "string"), ("value", "number"), ("unit", "string"),
      ("comparator", "string"), ("actual", "string"), _LINE), _indicators),
    ("outputs", "Outputs, planned and completed",
     (_DOC, ("component", "string"), ("expected_accomplishment", "string"),
      ("index", "integer"), ("heading", "string"), ("text", "string"),
      ("quantity", "number"), ("completed", "string"), ("completed_quantity", "number"),
      ("remarks", "string"), _LINE), _outputs),
    ("variance_explanations", "Analysis of variances",
     (_DOC, ("line", "string"), ("label", "string"), ("amount", "number"),
      ("percentage", "number"), ("explanation", "string"), _LINE), _variances),
)


def write_datapackage(documents: Sequence[Document], directory: Path) -> Path:
    """Write the package; returns the path of datapackage.json."""
    directory.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, title, fields, rows in RESOURCES:
        path = directory / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(csv_line([field for field, _ in fields]))
            for row in rows(documents):
                handle.write(csv_line(row))
        resources.append({
            "name": name, "title": title, "path": path.name, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": f, "type": t} for f, t in fields]},
        })
    descriptor = {
        "profile": "tabular-data-package",
        "name": "rbb-documents",
        "title": "Results-based budgeting documents exported by rbb",
        "description": "Amounts are in thousands of United States dollars unless the unit "
                       "column says otherwise; source_line is the 1-based line of the imported "
                       "text on which a number is printed.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    target = directory / "datapackage.json"
    target.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    return target
