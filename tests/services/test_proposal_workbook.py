"""A proposal's revision as an Excel workbook and back, on SQLite and PostgreSQL: the
sheets protected with only the input cells open, an untouched workbook reading as no
change, edited figures and texts coming back exact, every bad cell refused by
``Sheet!cell`` with nothing stored, and a workbook of an older revision merged onto the
newer one only where the cells it edits were left alone since."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from rbb.importers.limits import ReadingLimits
from rbb.model import Period
from rbb.model.errors import InputError, StaleRevisionError
from rbb.model.frameworks import Comparator
from rbb.services.proposal_service import ProposalService
from rbb.services.proposal_workbook import (
    COSTS,
    FRAMEWORKS,
    VACANCY,
    VARIANCES,
    main_table,
    workbook,
)
from rbb.services.proposal_workbook_reading import import_workbook
from tests.services.test_proposal_service import seeded_proposals, with_cell

PROPOSED = "cost_estimates_2025_26"


@pytest.fixture
def service(engine: Engine) -> ProposalService:
    return seeded_proposals(engine)


@pytest.fixture
def proposal(service: ProposalService) -> int:
    return service.new_copied("UNMIK:2025/26", by="ed").id


def exported(service: ProposalService, proposal: int, number: int, path: Path) -> Path:
    workbook(proposal, number, service.document(proposal, number)).save(path)
    return path


def edited(path: Path, sheet: str, row_key: str, heading: str, value: Any) -> str:
    """Set the cell of the row keyed ``row_key`` under ``heading``; its address."""
    book = load_workbook(path)
    found = book[sheet]
    column = [c.value for c in found[1]].index(heading) + 1
    row = next(r for r in range(2, found.max_row + 1)
               if found.cell(r, 1).value == row_key)
    cell = found.cell(row, column)
    cell.value = value
    book.save(path)
    return f"{sheet}!{cell.coordinate}"


def test_sheets_protected_with_the_inputs_open(service: ProposalService, proposal: int,
                                               tmp_path: Path) -> None:
    book = load_workbook(exported(service, proposal, 1, tmp_path / "p.xlsx"))
    assert book.sheetnames == ["About", COSTS, VACANCY, FRAMEWORKS, VARIANCES]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert (about["Proposal"], about["Revision"], about["Mission"], about["Period"]) == (
        proposal, 1, "UNMIK", "2025/26")
    costs = book[COSTS]
    assert costs.protection.sheet and costs.freeze_panes == "B2"
    headings = [c.value for c in costs[1]]
    row = next(r for r in costs.iter_rows(min_row=2) if r[0].value == "international_staff")
    proposed = row[headings.index("Cost estimates (2025/26)")]
    apportionment = row[headings.index("Apportionment (2024/25)")]
    variance = row[headings.index("Variance: Amount (derived)")]
    assert not proposed.protection.locked and proposed.number_format == "#,##0.0##"
    assert apportionment.protection.locked and variance.protection.locked
    assert variance.value == f"={proposed.coordinate}-{apportionment.coordinate}"
    # Every amount input is validated as a decimal ≥ 0.
    rule = next(v for v in costs.data_validations.dataValidation if v.type == "decimal"
                and proposed.coordinate in v.sqref)
    assert (rule.operator, rule.formula1) == ("greaterThanOrEqual", "0")
    # A subtotal is derived: locked, its value shown.
    subtotal = next(r for r in costs.iter_rows(min_row=2)
                    if r[0].value == "civilian_personnel")
    assert subtotal[headings.index("Cost estimates (2025/26)")].protection.locked
    assert any(v.type == "list" for v in book[FRAMEWORKS].data_validations.dataValidation)


def test_an_untouched_workbook_is_no_change(service: ProposalService, proposal: int,
                                            tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    done = import_workbook(service, proposal, path, by="ed")
    assert done.reading.edits == () and done.diff.same and done.saved is None
    assert service.store.proposal(proposal).head == 1
    # An empty proposal (a new mission: no tables yet) has empty sheets, read back alike.
    empty = service.new_empty("minusca", Period.parse("2026/27"), by="ed").id
    path = exported(service, empty, 1, tmp_path / "empty.xlsx")
    assert import_workbook(service, empty, path, by="ed").reading.edits == ()


def test_edited_amount_and_explanation_come_back_exact(service: ProposalService,
                                                       proposal: int, tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    amount = edited(path, COSTS, "international_staff", "Cost estimates (2025/26)",
                    Decimal("22000.125"))
    text = ("The increased requirements are attributable to the lower vacancy rate of "
            "8.8 per cent.")
    where = edited(path, VARIANCES, "international_staff 1", "Explanation", text)
    rate = edited(path, VACANCY, "international_staff 2025/26 proposed", "Rate (per cent)",
                  Decimal("10.5"))
    dry = import_workbook(service, proposal, path, by="ed", dry_run=True)
    assert [e.where for e in dry.reading.edits] == [amount, rate, where]
    # The comparison shows the rate too: 10.5 − 8.8 (the seed's) = 1.7 per cent.
    assert [(r.category, r.period, r.old, r.new, r.change) for r in dry.diff.vacancy] == [
        ("international_staff", "2025/26", Decimal("8.8"), Decimal("10.5"), Decimal("1.7"))]
    assert dry.saved is None and service.store.proposal(proposal).head == 1
    done = import_workbook(service, proposal, path, by="ed", comment="staffing reviewed")
    assert done.saved == 2
    document = service.document(proposal, 2)
    table = main_table(document)
    assert table is not None
    row = next(r for r in table.rows if r.line == "international_staff")
    # The variance is computed again: 22,000.125 − 21,139.4 (apportionment) = 860.725,
    # 860.725 / 21,139.4 = 4.07…, 4.1 per cent.
    assert row.values[PROPOSED] == Decimal("22000.125")
    assert row.values["variance_amount"] == Decimal("860.725")
    assert row.values["variance_percentage"] == Decimal("4.1")
    explanation = next(e for e in document.variance_explanations
                       if e.line == "international_staff")
    assert explanation.paragraphs[0].text == text
    factor = next(f for f in document.vacancy_factors
                  if f.category.value == "international_staff"
                  and f.period == document.period and f.kind.value == "proposed")
    assert factor.rate == Decimal("10.5")
    # The change, 22,000.125 − 23,790.6 = −1,790.475, is carried into civilian personnel
    # (36,682.0 → 34,891.525), gross and total requirements (46,045.3 → 44,254.825) and
    # net requirements (41,157.5 → 39,367.025), in the summary table too; civilian
    # personnel's variance is 34,891.525 − 34,478.0 = 413.525, 1.2 per cent.
    expected = {"civilian_personnel": Decimal("34891.525"),
                "gross_requirements": Decimal("44254.825"),
                "net_requirements": Decimal("39367.025"),
                "total_requirements": Decimal("44254.825")}
    for money in document.financial_tables:
        held = {r.line: r.values for r in money.rows if r.line in expected}
        assert {line: values[PROPOSED] for line, values in held.items()} == expected
        assert (held["civilian_personnel"]["variance_amount"],
                held["civilian_personnel"]["variance_percentage"]) == (Decimal("413.525"),
                                                                       Decimal("1.2"))
    assert {f.line for f in done.diff.figures} == {"international_staff", *expected}
    assert [t.where for t in done.diff.texts] == ["variance explanation international_staff 44"]


def test_a_text_that_looks_like_a_formula_round_trips(service: ProposalService,
                                                      proposal: int, tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    # Written as rbb writes such text: one quote before the trigger.
    edited(path, VARIANCES, "medical 1", "Explanation", "'-6.8 thousand: fewer supplies.")
    done = import_workbook(service, proposal, path, by="ed")
    explanation = next(e for e in service.document(proposal, 2).variance_explanations
                       if e.line == "medical")
    assert done.saved == 2 and explanation.paragraphs[0].text == "-6.8 thousand: fewer supplies."


@pytest.mark.parametrize(("sheet", "row_key", "heading", "value", "message"), [
    (COSTS, "ground_transportation", "Cost estimates (2025/26)", -140.9,
     r"Cost estimates!F\d+: found -140.9; expected a number ≥ 0"),
    (COSTS, "ground_transportation", "Cost estimates (2025/26)", "lots",
     r"Cost estimates!F\d+: found text 'lots'; expected a number ≥ 0"),
    (VACANCY, "international_staff 2025/26 proposed", "Rate (per cent)", 108,
     r"Vacancy factors!E\d+: found 108; expected a percentage from 0 to 100"),
    (VARIANCES, "medical 1", "Explanation", '=HYPERLINK("http://example.org","x")',
     r"Variance explanations!F\d+: found the formula '=HYPERLINK.*; expected text"),
    (COSTS, "ground_transportation", "Line", "armoured_vehicles",
     r"Cost estimates!A\d+: found text 'armoured_vehicles'; expected a line of the "
     "revision exported"),
    (FRAMEWORKS, "substantive 1.1.1", "Comparator", "about",
     r"Frameworks!G\d+: found text 'about'; expected one of ≥ ≤ > < ±"),
])
def test_a_bad_cell_is_refused_by_its_address_and_nothing_stored(
        service: ProposalService, proposal: int, tmp_path: Path, sheet: str, row_key: str,
        heading: str, value: object, message: str) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    edited(path, VARIANCES, "military_observers 1", "Explanation", "A good edit.")
    edited(path, sheet, row_key, heading, value)
    with pytest.raises(InputError, match=message):
        import_workbook(service, proposal, path, by="ed")
    assert service.store.proposal(proposal).head == 1


def test_a_missing_sheet_or_another_file_is_refused(service: ProposalService, proposal: int,
                                                    tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    book = load_workbook(path)
    del book[VACANCY]
    book.save(path)
    with pytest.raises(InputError, match="Vacancy factors!A1: found no sheet 'Vacancy "
                                         "factors'"):
        import_workbook(service, proposal, path, by="ed")
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(InputError, match="found no sheet 'About'"):
        import_workbook(service, proposal, other, by="ed")
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="not an Excel workbook"):
        import_workbook(service, proposal, text, by="ed")
    assert service.store.proposal(proposal).head == 1


def test_an_older_workbook_merges_only_onto_untouched_cells(
        service: ProposalService, proposal: int, tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    # Revision 2 changes ground transportation's cost estimate (140.9 in the seed).
    newer = with_cell(service.document(proposal, 1), "financial_resources",
                      "ground_transportation", PROPOSED, Decimal("150.0"))
    service.save(proposal, newer, based_on=1, by="ed")
    # The workbook of revision 1 edits another cell: merged onto revision 2.
    edited(path, COSTS, "medical", "Cost estimates (2025/26)", Decimal("90"))
    done = import_workbook(service, proposal, path, by="ed")
    assert (done.reading.revision, done.head, done.saved) == (1, 2, 3)
    table = main_table(service.document(proposal, 3))
    assert table is not None
    values = {r.line: r.values[PROPOSED] for r in table.rows}
    assert (values["ground_transportation"], values["medical"]) == (Decimal("150.0"),
                                                                    Decimal("90"))
    # The same workbook editing the cell revision 2 changed too: refused, both named.
    where = edited(path, COSTS, "ground_transportation", "Cost estimates (2025/26)",
                   Decimal("130"))
    with pytest.raises(StaleRevisionError, match=rf"exported from revision 1, and revision "
                                                 rf"3 was saved since .*{where}"):
        import_workbook(service, proposal, path, by="ed")
    assert service.store.proposal(proposal).head == 3


def test_framework_targets_and_quantities_come_back(service: ProposalService, proposal: int,
                                                    tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    # Indicator 1.1.1: 935 activities targeted for 2025/26 in the seed, now at least 940.
    edited(path, FRAMEWORKS, "substantive 1.1.1", "Value", 940)
    edited(path, FRAMEWORKS, "substantive 1.1.1", "Comparator", "≥")
    edited(path, FRAMEWORKS, "substantive 1.1.1", "As printed", "≥ 940")
    # The second output of 1.1: 23 identified return sites in the seed, now 25.
    edited(path, FRAMEWORKS, "substantive 1.1/2 #1", "Value", 25)
    assert import_workbook(service, proposal, path, by="ed").saved == 2
    component = next(c for c in service.document(proposal, 2).components
                     if c.key == "substantive")
    ea = component.expected_accomplishments[0]
    target = next(v for v in ea.indicators[0].values if v.period.label == "2025/26")
    assert (target.value, target.comparator, target.text) == (
        Decimal("940"), Comparator.AT_LEAST, "≥ 940")
    assert ea.outputs[1].quantities[0].value == Decimal("25")


def test_a_line_explained_twice_keeps_its_two_rows_apart(service: ProposalService,
                                                        proposal: int, tmp_path: Path) -> None:
    document = service.document(proposal, 1)
    medical = next(e for e in document.variance_explanations if e.line == "medical")
    again = medical.model_copy(update={"paragraphs": (
        medical.paragraphs[0].model_copy(update={"text": "Repeated in the report."}),)})
    service.save(proposal, document.model_copy(update={
        "variance_explanations": (*document.variance_explanations, again)}),
        based_on=1, by="ed")
    path = exported(service, proposal, 2, tmp_path / "p.xlsx")
    edited(path, VARIANCES, "medical 1 (2)", "Explanation", "Printed twice in the report.")
    assert import_workbook(service, proposal, path, by="ed").saved == 3
    texts = [e.paragraphs[0].text for e in service.document(proposal, 3).variance_explanations
             if e.line == "medical"]
    assert texts == [medical.paragraphs[0].text, "Printed twice in the report."]


def test_a_workbook_beyond_the_reading_limits_is_refused(service: ProposalService,
                                                         proposal: int, tmp_path: Path) -> None:
    path = exported(service, proposal, 1, tmp_path / "p.xlsx")
    # The money table by class has 30 rows, a heading row more on its sheet.
    with pytest.raises(InputError, match="sheet Cost estimates has more than 20 rows "
                                         r"\(RBB_MAX_ROWS\); expected a workbook as "
                                         "`rbb workbook export` writes it"):
        import_workbook(service, proposal, path, by="ed", limits=ReadingLimits(max_rows=20))
    with pytest.raises(InputError, match=r"unpacks to .* bytes, more than"):
        import_workbook(service, proposal, path, by="ed",
                        limits=ReadingLimits(max_unpacked_bytes=1000))
    assert service.store.proposal(proposal).head == 1
