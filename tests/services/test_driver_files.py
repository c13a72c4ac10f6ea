"""Drivers as an Excel workbook and as YAML: exact round trips, errors by sheet, row, column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from rbb.model.errors import InputError
from rbb.services.driver_files import read_drivers, write_drivers
from tests.costing.conftest import _unmik


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_drivers_round_trip_exactly(tmp_path: Path, suffix: str) -> None:
    drivers = _unmik().calibrated
    path = write_drivers(drivers, tmp_path / f"drivers{suffix}")
    assert read_drivers(path) == drivers


def test_the_workbook_has_one_sheet_per_kind(tmp_path: Path) -> None:
    path = write_drivers(_unmik().calibrated, tmp_path / "drivers.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["about", "posts", "vacancy_factors", "standard_costs",
                               "allowance_rates", "exchange_rates", "quantities", "amounts",
                               "staff_assessment"]
    rate = list(book["exchange_rates"].iter_rows(values_only=True))[1]
    assert rate[:3] == ("EUR", "2025/26", 0.948)


def test_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = write_drivers(_unmik().calibrated, tmp_path / "drivers.xlsx")
    book = load_workbook(path)
    sheet = book["vacancy_factors"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=4, column=header.index("rate") + 1, value="ten")
    posts = book["posts"]
    posts.cell(row=2, column=[c.value for c in posts[1]].index("period") + 1, value="2025")
    book.save(path)
    with pytest.raises(InputError) as raised:
        read_drivers(path)
    message = str(raised.value)
    assert "nothing was stored" in message
    assert "sheet vacancy_factors, row 4, column rate" in message
    assert "sheet posts, row 2, column period" in message


def test_yaml_errors_name_section_item_and_field(tmp_path: Path) -> None:
    path = tmp_path / "drivers.yaml"
    path.write_text("mission: UNMIK\nperiod: 2025/26\nbase_period: 2024/25\n"
                    "vacancy_factors:\n  - {category: international_staff, period: 2025/26,"
                    " rate: 8.8}\n  - {category: international_staff, period: 2025/26,"
                    " rate: 8.8, colour: red}\nbogus: []\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_drivers(path)
    message = str(raised.value)
    assert "section vacancy_factors, item 2, field colour: unknown column" in message
    assert "section bogus: unknown sheet" in message


def test_yaml_numbers_stay_exact(tmp_path: Path) -> None:
    path = tmp_path / "drivers.yaml"
    path.write_text("mission: UNMIK\nperiod: 2025/26\nbase_period: 2024/25\n"
                    "exchange_rates:\n  - {currency: EUR, period: 2025/26, rate: 0.948}\n",
                    encoding="utf-8")
    drivers = read_drivers(path)
    assert str(drivers.exchange_rates[0].rate) == "0.948"
    assert drivers.exchange_rates[0].provenance.reference == "drivers.yaml"
