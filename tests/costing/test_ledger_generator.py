"""The generated ledger (docs/execution.md, "A generated ledger"): it adds up exactly,
class by class, to the expenditure of the stored report; its months follow what the
report says of its monthly expenditure; it is seeded, streamed, and written as CSV and
Parquet that read back to the same sums."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import tracemalloc
from collections import Counter, defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from rbb.costing.ledger_generator import (
    COLUMNS,
    LocalCurrency,
    csv_rows,
    generate_ledger,
    ledger_rows,
    plan_ledger,
    stated_rate,
)
from rbb.costing.ledger_months import stated_peak_months
from rbb.model.classes import CLASSES, NATIONAL_STAFF_PARTS
from rbb.model.cycle import DocumentKind, Period, Stage
from rbb.model.document import Document
from rbb.model.errors import InputError
from rbb.model.ledger import ClassMonth, LedgerLine
from rbb.model.ledger_accounts import (
    OUTSIDE_GROSS,
    account_mappings,
    read_account_mappings,
    reported_class,
)
from rbb.model.mission import Mission
from rbb.model.money import ColumnRole, MoneyColumn, MoneyRow, MoneyTable
from rbb.model.tables import MonthlyExpenditure, Paragraph
from rbb.services.generated_ledger import write_generated_ledger
from tests.conftest import PERFORMANCE_SEED, imported

CLASS_OF = {m.account: m.class_code for m in account_mappings()}


def performance() -> Document:
    return imported(PERFORMANCE_SEED).document


def printed_classes(document: Document) -> set[str]:
    table = document.financial_table("financial_resources")
    assert table is not None
    return {row.line for row in table.rows}


def expenditure_by_class(lines: list[LedgerLine], printed: set[str]) -> dict[str, Decimal]:
    """What the performance report would print: obligations plus adjustments, in dollars,
    by the class the table prints (national staff's parts rolled up where it prints the
    whole)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.document_type.value != "disbursement":
            sums[reported_class(CLASS_OF[line.account], printed)] += line.amount_usd
    return dict(sums)


def class_months(lines: list[LedgerLine]) -> list[ClassMonth]:
    """The aggregate the ledger's store makes (``ClassMonth``), built here by hand."""
    cells: dict[tuple[str, dt.date], dict[str, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal))
    for line in lines:
        key = (CLASS_OF[line.account], line.posting_date.replace(day=1))
        cells[key][line.document_type.value] += line.amount_usd
    return [ClassMonth(class_code=code, month=month, obligated=c["obligation"],
                       disbursed=c["disbursement"], adjusted=c["adjustment"])
            for (code, month), c in cells.items()]


def test_classes_add_up_to_the_expenditure_column_to_the_cent() -> None:
    document = performance()
    lines = list(generate_ledger(document, lines=30_000, seed=7))
    sums = expenditure_by_class(lines, printed_classes(document))
    table = document.financial_table("financial_resources")
    assert table is not None
    expected = {row.line: row.values["expenditure_2021_22"] * 1000 for row in table.rows
                if row.row_type.value == "item" and row.line in {c.code for c in CLASSES}}
    assert {code: sums.get(code, Decimal(0)) for code in expected} == expected
    # By hand from A/77/589's financial resources table (seed lines 4070, 4072, 4090):
    # "International staff 20 177.4 20 194.1" -> $20,194,100.00; "National staff 11 400.7
    # 10 937.1" -> $10,937,100.00; "Facilities and infrastructure 2 732.2 2 665.6" ->
    # $2,665,600.00.
    assert sums["international_staff"] == Decimal("20194100.00")
    assert sums["national_staff"] == Decimal("10937100.00")
    assert sums["facilities_and_infrastructure"] == Decimal("2665600.00")
    # Gross requirements, expenditure (seed line 4114): 40 612.6 thousand; staff assessment
    # income (line 4116, "Staff assessment income 4 105.4 4 150.9 ..."): 4 150.9 thousand,
    # posted to its own account, outside the gross.
    months = class_months(lines)
    assert sum(m.expenditure for m in months if m.class_code in OUTSIDE_GROSS) == \
        Decimal("4150900.00")
    assert sum(m.expenditure for m in months if m.class_code not in OUTSIDE_GROSS) == \
        Decimal("40612600.00")
    assert len(lines) == 30_000


def test_lines_are_valid_records_and_disbursements_pay_their_obligations() -> None:
    document = performance()
    lines = list(generate_ledger(document, lines=20_000, seed=3))
    for line in lines[::97]:
        assert LedgerLine.model_validate(line.model_dump()) == line
    numbers = [line.document_number for line in lines]
    assert len(set(numbers)) == len(numbers)
    assert [line.row for line in lines] == list(range(1, 20_001))
    obligations = {line.document_number: line for line in lines
                   if line.document_type.value == "obligation"}
    payments = [line for line in lines if line.document_type.value == "disbursement"]
    assert payments
    for payment in payments:
        paid = obligations[payment.text.split(": ")[0].removeprefix("Payment against ")]
        assert (payment.account, payment.funds_centre, payment.currency) == (
            paid.account, paid.funds_centre, paid.currency)
        assert Decimal(0) < payment.amount_usd <= paid.amount_usd
        assert paid.posting_date <= payment.posting_date <= document.period.end
    assert all(document.period.start <= line.posting_date <= document.period.end
               for line in lines)
    assert {line.account for line in lines} <= set(CLASS_OF)


def test_euro_lines_at_the_rate_the_report_states() -> None:
    # A/77/589, para. 50 (seed lines 4355-4357): "an actual average rate of 0.892 euros to
    # 1 United States dollar compared with the budgeted rate of 0.837".
    document = performance()
    rate = stated_rate(document)
    assert rate is not None and (rate.code, rate.rate) == ("EUR", Fraction("0.892"))
    lines = list(generate_ledger(document, lines=10_000, seed=1))
    euros = [line for line in lines if line.currency == "EUR"]
    assert 0 < len(euros) < len(lines)
    for line in euros[::13]:
        # e.g. $1,312.37 x 0.892 = 1,170.63404 -> EUR 1,170.63
        exact = line.amount_usd * Decimal("0.892")
        assert abs(line.amount - exact) <= Decimal("0.005")
    assert all(line.amount == line.amount_usd for line in lines if line.currency == "USD")


def month_totals(rows: list[tuple[object, ...]]) -> dict[dt.date, int]:
    totals: Counter[dt.date] = Counter()
    for row in rows:
        if row[6] != "disbursement":
            date = row[2]
            assert isinstance(date, dt.date) and isinstance(row[9], int)
            totals[date.replace(day=1)] += row[9]
    return dict(totals)


def test_months_named_as_higher_by_the_report_are_its_highest() -> None:
    # A/77/589, para. 48 (seed line 4191): "The higher expenditure in July and September
    # 2021 ... The higher expenditure in December 2021 ... the expenditure spike in June
    # 2022"; its monthly chart's figures are not in the text (monthly_expenditure empty).
    document = performance()
    assert document.monthly_expenditure == ()
    peaks = (dt.date(2021, 7, 1), dt.date(2021, 9, 1), dt.date(2021, 12, 1),
             dt.date(2022, 6, 1))
    assert stated_peak_months(document) == peaks
    plan = plan_ledger(document, lines=20_000, seed=5)
    assert plan.months_from.startswith("months the report names as higher")
    totals = month_totals(list(ledger_rows(plan)))
    assert len(totals) == 12
    others = [amount for month, amount in totals.items() if month not in peaks]
    # Stated tolerance (docs/execution.md): every named month at least 25 per cent above
    # every other month (the generator sets them 30 per cent above, less rounding).
    assert min(totals[month] for month in peaks) >= max(others) * 1.25


def fictional(*, kind: DocumentKind = DocumentKind.BUDGET, monthly: bool = False,
              paragraphs: tuple[Paragraph, ...] = (),
              dates: tuple[dt.date, dt.date] | None = None) -> Document:
    """A handwritten budget of a fictional mission, national staff printed in its two
    parts, a class with a negative figure, and (optionally) printed monthly figures."""
    period = Period.parse("2030/31")
    stage = Stage.EXPENDITURE if kind is DocumentKind.PERFORMANCE else Stage.COST_ESTIMATES
    key = f"{stage.value}_2030_31"
    figures = {"international_staff": "1234.5", "national_professional_officers": "100.2",
               "national_general_service_staff": "300.3", "national_staff": "400.5",
               "ground_transportation": "77.7", "quick_impact_projects": "50.0",
               "air_operations": "-0.4", "medical": "0"}
    table = MoneyTable(key="financial_resources", title="Financial resources", columns=(
        MoneyColumn(key=key, label="Cost estimates", role=ColumnRole.AMOUNT, stage=stage,
                    period=period),), rows=tuple(
        MoneyRow(line=code, label=code, values={key: Decimal(value)})
        for code, value in figures.items()))
    months = [dt.date(2030 + (m < 7), m, 1) for m in (*range(7, 13), *range(1, 7))]
    # Printed monthly figures adding up to the classes' positive expenditure: 1,234.5 +
    # 100.2 + 300.3 + 77.7 + 50.0 = 1,762.7 thousand (the -0.4 of air operations aside).
    printed = [Decimal(v) for v in ("300.0", "100.0", "100.0", "250.0", "100.0", "100.0",
                                    "150.0", "100.0", "100.0", "150.0", "112.7", "200.0")]
    return Document(
        kind=kind, period=period, title="Budget of a fictional mission",
        mission=Mission(code="FICTMIS", name="Fictional Mission", provisional=True),
        financial_tables=(table,), paragraphs=paragraphs, period_dates=dates,
        monthly_expenditure=tuple(MonthlyExpenditure(month=m, amount=a)
                                  for m, a in zip(months, printed, strict=True))
        if monthly else ())


def test_a_fictional_budget_with_its_national_staff_in_two_parts() -> None:
    document = fictional()
    lines = list(generate_ledger(document, lines=5_000, seed=2))
    sums = expenditure_by_class(lines, printed_classes(document))
    # national_staff (400.5) is not generated again on top of its parts (100.2 + 300.3).
    assert sums == {"international_staff": Decimal("1234500.00"),
                    "national_professional_officers": Decimal("100200.00"),
                    "national_general_service_staff": Decimal("300300.00"),
                    "ground_transportation": Decimal("77700.00"),
                    "quick_impact_projects": Decimal("50000.00"),
                    "air_operations": Decimal("-400.00")}
    negative = [line for line in lines if CLASS_OF[line.account] == "air_operations"]
    assert negative and all(line.document_type.value == "adjustment" for line in negative)
    assert all(line.currency == "USD" for line in lines)  # no rate stated: dollars only


def test_a_period_of_part_of_a_year_has_lines_on_its_days_only() -> None:
    # A mission set up on 10 October 2030, its mandate ending on 15 February 2031.
    document = fictional(dates=(dt.date(2030, 10, 10), dt.date(2031, 2, 15)))
    lines = list(generate_ledger(document, lines=4_000, seed=6))
    assert min(line.posting_date for line in lines) >= dt.date(2030, 10, 10)
    assert max(line.posting_date for line in lines) <= dt.date(2031, 2, 15)
    assert {line.posting_date.replace(day=1) for line in lines} == {
        dt.date(2030, 10, 1), dt.date(2030, 11, 1), dt.date(2030, 12, 1), dt.date(2031, 1, 1),
        dt.date(2031, 2, 1)}
    assert sum(line.amount_usd for line in lines if line.document_type.value != "disbursement"
               ) == Decimal("1762300.00")  # 1,762.7 - 0.4 thousand (see fictional)


def test_printed_monthly_figures_are_followed() -> None:
    document = fictional(monthly=True)
    plan = plan_ledger(document, lines=5_000, seed=4)
    assert plan.months_from == "printed monthly expenditure"
    totals = month_totals(list(ledger_rows(plan)))
    printed = {m.month: m.amount * 100_000 for m in document.monthly_expenditure}
    scale = Decimal(sum(totals.values())) / sum(printed.values())
    for month, cents in totals.items():
        # Stated tolerance (docs/execution.md): within a dollar of the printed figure
        # scaled to the ledger's total (1,762.7 - 0.4 = 1,762.3 thousand against 1,762.7:
        # the -0.4 of air operations is an adjustment of the last month).
        assert abs(cents - printed[month] * scale) <= 100, month


def test_peaks_and_rates_read_from_other_wordings() -> None:
    text = ("Expenditure was highest in October and November 2030, owing to the "
            "acquisition of generators; lower expenditure in May 2031 reflected delays. "
            "The budget applies 0.950 euro to one United States dollar.")
    document = fictional(paragraphs=(Paragraph(section="III.C", text=text, source_line=9),))
    assert stated_peak_months(document) == (dt.date(2030, 10, 1), dt.date(2030, 11, 1))
    rate = stated_rate(document)
    assert rate is not None and (rate.code, rate.rate) == ("EUR", Fraction("0.95"))
    totals = month_totals(list(ledger_rows(plan_ledger(document, lines=3_000))))
    peaks = {dt.date(2030, 10, 1), dt.date(2030, 11, 1)}
    assert min(totals[m] for m in peaks) > max(v for m, v in totals.items() if m not in peaks)


def test_the_same_seed_gives_the_same_ledger() -> None:
    document = performance()

    def digest(seed: int) -> str:
        rows = csv_rows(plan_ledger(document, lines=5_000, seed=seed))
        return hashlib.sha256("\n".join(",".join(row) for row in rows).encode()).hexdigest()

    assert digest(11) == digest(11)
    assert digest(11) != digest(12)


def test_a_million_lines_stream_in_bounded_memory() -> None:
    plan = plan_ledger(performance(), lines=1_000_000, seed=0)
    tracemalloc.start()
    try:
        count = sum(1 for _ in ledger_rows(plan))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 1_000_000
    # A million rows held would take hundreds of megabytes; one chunk (4,096 lines) and
    # its weights take well under 8 MB.
    assert peak < 8 * 1024 * 1024, peak


def test_the_csv_written_parses_back_with_the_same_sums(tmp_path: Path) -> None:
    document = performance()
    written = write_generated_ledger(document, tmp_path / "ledger.csv", lines=8_000, seed=9)
    with written.path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert len(rows) == 8_000
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        if row["document_type"] != "disbursement":
            code = reported_class(CLASS_OF[row["account"]], printed_classes(document))
            sums[code] += Decimal(row["amount_usd"])
    assert sums["international_staff"] == Decimal("20194100.00")
    # Gross 40 612.6 thousand (line 4114); staff assessment 4 150.9 (line 4116) beside it.
    assert sum(v for k, v in sums.items() if k not in OUTSIDE_GROSS) == Decimal("40612600.00")
    assert sums["staff_assessment_income"] == Decimal("4150900.00")
    parsed = LedgerLine.model_validate({**rows[0], "row": int(rows[0]["row"])})
    assert parsed.period == document.period


def test_parquet_has_decimal_columns_and_the_same_total(tmp_path: Path) -> None:
    import duckdb

    written = write_generated_ledger(performance(), tmp_path / "ledger.parquet",
                                     fmt="parquet", lines=4_000, seed=9)
    connection = duckdb.connect()
    try:
        types = dict(connection.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
            f"'{written.path}')").fetchall())
        total = connection.execute(
            f"SELECT sum(amount_usd) FROM '{written.path}' "
            "WHERE document_type <> 'disbursement'").fetchone()
    finally:
        connection.close()
    assert types["amount_usd"] == types["amount"] == "DECIMAL(18,2)"
    assert types["posting_date"] == "DATE"
    # The gross (line 4114) and the staff assessment (line 4116) together: 40 612.6 +
    # 4 150.9 = 44 763.5 thousand.
    assert total == (Decimal("44763500.00"),)


def test_too_few_lines_or_a_document_without_the_column_is_refused() -> None:
    with pytest.raises(InputError, match="too few"):
        plan_ledger(performance(), lines=10)
    document = fictional(kind=DocumentKind.PERFORMANCE).model_copy(
        update={"financial_tables": ()})
    with pytest.raises(InputError, match="no financial resources table"):
        plan_ledger(document, lines=100)


def test_the_account_mapping_covers_every_class() -> None:
    mapped = {m.class_code for m in account_mappings()}
    # national_staff is the sum of its two parts, which carry its accounts.
    assert mapped == ({c.code for c in CLASSES} - {"national_staff"}) | set(OUTSIDE_GROSS)
    assert set(NATIONAL_STAFF_PARTS) <= mapped
    with pytest.raises(InputError, match=r"ledger_accounts.csv:3: 'cars' is not a class"):
        read_account_mappings("# comment\naccount,class_code,label\n1,cars,Cars\n")
    with pytest.raises(InputError, match=r":3: account 1 is listed twice"):
        read_account_mappings("account,class_code,label\n1,medical,a\n1,medical,b\n")


def test_a_stated_local_currency_can_be_given() -> None:
    plan = plan_ledger(fictional(), lines=2_000, seed=1,
                       currency=LocalCurrency("XOF", Fraction(600), "given"))
    rows = list(ledger_rows(plan))
    local = [row for row in rows if row[8] == "XOF"]
    assert local and all(row[7] == row[9] * 600 for row in local)


def test_the_command_writes_the_ledger_of_a_stored_report(tmp_path: Path) -> None:
    from rbb.cli import run
    from rbb.storage import DocumentStore, create_database_engine, upgrade

    url = f"sqlite:///{tmp_path / 'rbb.sqlite'}"
    engine = create_database_engine(url)
    upgrade(engine)
    DocumentStore(engine).save(performance())
    engine.dispose()
    target = tmp_path / "out" / "ledger.csv"
    argv = ["ledger", "generate", "-m", "UNMIK", "-p", "2021/22", "-o", str(target),
            "--lines", "3000", "--seed", "5", "--db", url]
    assert run(argv) == 0
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3000
    # Gross 40 612.6 (line 4114) and staff assessment 4 150.9 (line 4116) thousand.
    assert sum(Decimal(r["amount_usd"]) for r in rows
               if r["document_type"] != "disbursement") == Decimal("44763500.00")
    assert run([*argv[:-2], "--db", url, "--format", "xlsx"]) == 2
    assert run(["ledger", "generate", "-m", "UNMIK", "-p", "2022/23", "-o", str(target),
                "--db", url]) == 1
