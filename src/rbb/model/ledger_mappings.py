"""The ledger's two reference mappings as users edit them (docs/execution.md, "Account
mappings"): accounts → classes of expenditure and funds centres → offices and
components, each kept as numbered versions, like any reference data.

A version is whole (every row of the mapping), so that any version can be read, exported
or compared on its own, and an aggregate of last year is explained by the version it was
computed with. Mappings are a few hundred rows: keeping them whole costs nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from enum import StrEnum

from pydantic import Field

from .base import Record
from .classes import BY_CODE, LineKind
from .errors import InputError
from .ledger import AccountMapping, FundsCentreMapping
from .ledger_accounts import OUTSIDE_GROSS, read_account_mappings
from .spreadsheet import csv_line, restored_text

MAX_MAPPING_FILE_BYTES = 2 * 1024 * 1024
"""A mapping CSV a user imports: a chart of accounts of tens of thousands of rows fits."""


class MappingKind(StrEnum):
    """Which of the ledger's reference mappings a version is of."""

    ACCOUNTS = "accounts"
    FUNDS_CENTRES = "funds_centres"


class MappingVersion(Record):
    """One version of a mapping: who made it, why, when, and how many rows it holds."""

    kind: MappingKind
    number: int = Field(ge=1)
    """1 is the first stored (the shipped reference file, for the accounts)."""
    author: str = Field(max_length=200)
    comment: str = Field(default="", max_length=500)
    created_at: dt.datetime
    """UTC, without its zone (as the store keeps times)."""
    rows: int = Field(ge=0)


class MappingChanges(Record):
    """What a version changed of the one before it, by key (account or funds centre)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


def diff(before: dict[str, Record], after: dict[str, Record]) -> MappingChanges:
    """The keys added, removed and changed between two versions' rows (keyed)."""
    return MappingChanges(
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(sorted(k for k in before.keys() & after.keys() if before[k] != after[k])))


def account_mapping(account: str, class_code: str, label: str = "") -> AccountMapping:
    """One account's mapping as a user gives it: the class must be a class of expenditure
    of ``rbb.model.classes`` (or staff assessment, ``OUTSIDE_GROSS``); an error says which
    codes are meant otherwise."""
    line = BY_CODE.get(class_code.strip())
    if line is None or (line.kind is not LineKind.CLASS and line.code not in OUTSIDE_GROSS):
        raise InputError(f"{class_code!r} is not a class of expenditure; expected a class "
                         "code of rbb.model.classes (ground_transportation, "
                         "international_staff, ...) or staff_assessment_income")
    try:
        return AccountMapping(account=account.strip(), class_code=line.code,
                              label=label.strip())
    except ValueError as error:
        raise InputError(f"account {account!r}: expected a code of 1 to 40 characters on one "
                         f"line ({error.__class__.__name__})") from None


def funds_centre_mapping(funds_centre: str, office: str,
                         component: str | None = None) -> FundsCentreMapping:
    """One funds centre's mapping as a user gives it: an office named, a component or
    none."""
    office = office.strip()
    if not office or len(office) > 200 or any(ord(c) < 32 for c in office):
        raise InputError(f"office {office!r}: expected its name, 1 to 200 characters on "
                         "one line")
    component = (component or "").strip() or None
    if component is not None and (len(component) > 200 or any(ord(c) < 32 for c in component)):
        raise InputError(f"component {component!r}: expected at most 200 characters on "
                         "one line")
    try:
        return FundsCentreMapping(funds_centre=funds_centre.strip(), office=office,
                                  component=component)
    except ValueError:
        raise InputError(f"funds centre {funds_centre!r}: expected a code of 1 to 40 "
                         "characters on one line") from None


def read_mapping_file(data: bytes, kind: MappingKind, *, name: str
                      ) -> tuple[AccountMapping, ...] | tuple[FundsCentreMapping, ...]:
    """A mapping CSV a user gives (``account,class_code,label`` or
    ``funds_centre,office,component``; ``#`` lines are comments), every row checked; an
    error names the file and line."""
    if len(data) > MAX_MAPPING_FILE_BYTES:
        raise InputError(f"a mapping file of {len(data):,} bytes, more than "
                         f"{MAX_MAPPING_FILE_BYTES:,}", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text; expected a mapping CSV", file=name) from None
    if "\x00" in text:
        raise InputError("binary data (a NUL byte); expected a mapping CSV", file=name)
    if kind is MappingKind.ACCOUNTS:
        return tuple(m.model_copy(update={"account": restored_text(m.account),
                                          "label": restored_text(m.label)})
                     for m in read_account_mappings(text, name=name))
    return tuple(m.model_copy(update={
        "funds_centre": restored_text(m.funds_centre), "office": restored_text(m.office),
        "component": None if m.component is None else restored_text(m.component)})
        for m in read_funds_centre_mappings(text, name=name))


def read_funds_centre_mappings(text: str, *, name: str) -> tuple[FundsCentreMapping, ...]:
    """The rows of ``funds_centre,office,component`` (component may be empty); a funds
    centre listed twice, or a row without its office, is an error naming its line."""
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InputError("no header line (funds_centre,office,component)", file=name)
    rows = csv.reader(io.StringIO("\n".join(line for _, line in numbered)))
    header = [cell.strip() for cell in next(rows)]
    if header[:2] != ["funds_centre", "office"]:
        raise InputError(f"the header is {','.join(header)!r}; expected "
                         "funds_centre,office,component", file=name, line=numbered[0][0])
    found: dict[str, FundsCentreMapping] = {}
    for (number, _), cells in zip(numbered[1:], rows, strict=True):
        centre, office, component = [*cells, "", "", ""][:3]
        try:
            mapping = funds_centre_mapping(centre, office, component)
        except InputError as error:
            raise InputError(error.detail, file=name, line=number) from None
        if mapping.funds_centre in found:
            raise InputError(f"funds centre {mapping.funds_centre} is listed twice",
                             file=name, line=number)
        found[mapping.funds_centre] = mapping
    return tuple(found.values())


def mapping_csv(rows: Sequence[AccountMapping] | Sequence[FundsCentreMapping],
                kind: MappingKind) -> str:
    """A version as the CSV ``read_mapping_file`` reads back (what ``export`` writes);
    text a spreadsheet would run as a formula gets rbb's quote (``rbb.model.spreadsheet``),
    which ``read_mapping_file`` removes again."""
    if kind is MappingKind.ACCOUNTS:
        lines = [csv_line(["account", "class_code", "label"])]
        lines += [csv_line([r.account, r.class_code, r.label])
                  for r in rows if isinstance(r, AccountMapping)]
    else:
        lines = [csv_line(["funds_centre", "office", "component"])]
        lines += [csv_line([r.funds_centre, r.office, r.component])
                  for r in rows if isinstance(r, FundsCentreMapping)]
    return "".join(lines)


__all__ = ["MAX_MAPPING_FILE_BYTES", "MappingChanges", "MappingKind",
           "MappingVersion", "account_mapping", "diff", "funds_centre_mapping",
           "mapping_csv", "read_funds_centre_mappings", "read_mapping_file"]
