"""Column mappings saved per source and read back; a mapping file read as untrusted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rbb.importers.ledger import (
    DEFAULT_MAPPING,
    ColumnMapping,
    ColumnSource,
    load_mapping,
    save_mapping,
)
from rbb.model.errors import InputError
from rbb.model.ledger import LedgerDocumentType

from .test_csv import OTHER_ERP


@pytest.mark.parametrize("name", ["erp.yaml", "erp.json", "rbb.yml"])
@pytest.mark.parametrize("mapping", [OTHER_ERP, DEFAULT_MAPPING])
def test_saved_and_loaded(tmp_path: Path, name: str, mapping: ColumnMapping) -> None:
    path = tmp_path / name
    save_mapping(mapping, path)
    assert load_mapping(path) == mapping


def test_a_handwritten_yaml_mapping(tmp_path: Path) -> None:
    path = tmp_path / "umoja-like.yaml"
    path.write_text("""\
name: Fictional mission's funds management extract
document_number: Document Number
posting_date: Posting Date
fund: Fund
funds_centre: Funds Center
account: Commitment Item
document_type: Value Type
amount: Amount in Transaction Currency
currency: Transaction Currency
amount_usd: Amount in USD
period: Fiscal Period
period_format: YYYY/PPP
date_formats: ["%m/%d/%Y", "%Y-%m-%d"]
thousands_separator: ","
document_types: {"51": obligation, "57": disbursement, "ADJ": adjustment}
""", encoding="utf-8")
    mapping = load_mapping(path)
    assert mapping.account == ColumnSource(column="Commitment Item")
    assert mapping.document_types["51"] is LedgerDocumentType.OBLIGATION
    assert mapping.period_format == "YYYY/PPP" and mapping.text is None


def test_a_constant_and_a_column(tmp_path: Path) -> None:
    mapping = DEFAULT_MAPPING.model_copy(update={"currency": ColumnSource(constant="EUR")})
    path = tmp_path / "m.yaml"
    save_mapping(mapping, path)
    assert "currency:\n  constant: EUR\n" in path.read_text()
    assert "fund: fund\n" in path.read_text()


BASE = ("document_number: a\nposting_date: b\nfund: c\nfunds_centre: d\naccount: e\n"
        "document_type: f\namount: g\n")


@pytest.mark.parametrize(("text", "message"), [
    ("document_number: [", "not YAML"),
    ("- a list", "not a mapping of fields"),
    ('{"document_number": 1,', "not JSON"),
    ("base: &b Doc\ndocument_number: *b\n", "anchors and aliases"),
    ("document_number: D\n", "posting_date: Field required"),
    ("colour: blue\n", "colour: Extra inputs are not permitted"),
    (BASE + "currency: {column: C, constant: USD}\n", "either a column or a constant"),
    (BASE + "period_format: YYYY\n", "either YY (2022/23) or PP"),
    (BASE + "decimal_separator: ','\nthousands_separator: ','\n", "thousands separator can"),
    (BASE + "document_types: {po: obligation, PO: disbursement}\n", "given twice"),
    (BASE + "date_formats: []\n", "at least 1 item"),
])
def test_a_mapping_file_that_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        load_mapping(path)
    assert caught.value.file == "m.yaml"


def test_a_large_mapping_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("# padding\n" * 10_000)
    with pytest.raises(InputError, match="more than 65,536"):
        load_mapping(path)


def test_the_header_of_an_extract_for_a_user_writing_a_mapping(tmp_path: Path) -> None:
    from rbb.importers.ledger import extract_header

    from .ledger_files import write_csv
    from .test_csv import OTHER_HEADER

    path = write_csv(tmp_path / "erp.csv", [], OTHER_HEADER, ";")
    assert extract_header(path, OTHER_ERP) == OTHER_HEADER
