"""Currencies are reference data: read from the file that names its source."""

from __future__ import annotations

import re

from rbb.model.currencies import currencies, currency_named, name_pattern, plural_name


def test_every_code_is_iso_4217_or_the_unspecified_cfa_franc() -> None:
    codes = [c.code for c in currencies()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)


def _code(name: str) -> str | None:
    found = currency_named(name)
    return found.code if found else None


def test_names_as_the_reports_print_them() -> None:
    assert _code("euros") == "EUR"
    assert _code("Central  African CFA francs") == "XAF"
    assert _code("CFA francs") == "CFA"
    assert _code("doubloons") is None
    assert plural_name("EUR") == "euros" and plural_name("USD") == "dollars"


def test_the_longest_name_is_read_whole() -> None:
    match = re.search(rf"(?:{name_pattern()})", "591.9 West African CFA francs", re.IGNORECASE)
    assert match is not None and match.group(0) == "West African CFA francs"
