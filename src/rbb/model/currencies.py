"""Currencies by the names the reports print: reference data read from
``rbb/data/reference/currencies.csv`` (the file names its source)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

USD = "USD"


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    """ISO 4217 (``EUR``), or ``CFA`` where a report does not say which CFA franc."""
    singular: str
    plural: str
    other_names: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.singular, self.plural, *self.other_names)


@cache
def currencies() -> tuple[Currency, ...]:
    text = files("rbb.data").joinpath("reference", "currencies.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(
        "\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    return tuple(Currency(row["code"], row["singular"], row["plural"],
                          tuple(n for n in (row["other_names"] or "").split("|") if n))
                 for row in rows)


def currency(code: str) -> Currency | None:
    return next((c for c in currencies() if c.code == code.upper()), None)


@cache
def _by_name() -> dict[str, Currency]:
    return {name.lower(): c for c in currencies() for name in c.names}


def currency_named(name: str) -> Currency | None:
    """The currency a report means by ``name`` (``euros``, ``CFA francs``)."""
    return _by_name().get(" ".join(name.split()).lower())


@cache
def name_pattern() -> str:
    """A regular expression alternation of every currency name, longest first, so that
    ``West African CFA francs`` is read whole rather than as ``CFA francs``."""
    names = sorted(_by_name(), key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)


def singular_name(code: str) -> str:
    found = currency(code)
    return found.singular if found else code


def plural_name(code: str) -> str:
    if code == USD:
        return "dollars"
    found = currency(code)
    return found.plural if found else code
