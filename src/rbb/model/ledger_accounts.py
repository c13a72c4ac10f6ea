"""The account mapping rbb ships: each account of a ledger and the class of expenditure it
is reported under, read from ``rbb/data/reference/ledger_accounts.csv`` (the file says where
its numbering comes from, and that its numbers are illustrative).

Read by the ledger's storage (a line's class) and by the generator (a class's accounts)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib.resources import files

from .classes import BY_CODE, NATIONAL_STAFF_PARTS, LineKind
from .errors import InputError
from .ledger import AccountMapping

REFERENCE = "ledger_accounts.csv"

OUTSIDE_GROSS = ("staff_assessment_income",)
"""Lines an account may map to besides the classes: staff assessment, credited to the Tax
Equalization Fund and printed below the gross requirements (never part of them)."""


def read_account_mappings(text: str, *, name: str = REFERENCE) -> tuple[AccountMapping, ...]:
    """The mappings of a CSV text (``account,class_code,label``; ``#`` lines are comments).
    ``class_code`` is a class, or a line of ``OUTSIDE_GROSS``. An unknown class, a
    repeated account or a bad code is an error naming its line."""
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InputError("no header line (account,class_code,label)", file=name)
    rows = csv.reader(io.StringIO("\n".join(line for _, line in numbered)))
    header = [cell.strip() for cell in next(rows)]
    if header[:2] != ["account", "class_code"]:
        raise InputError(f"the header is {','.join(header)!r}; expected account,class_code,label",
                         file=name, line=numbered[0][0])
    found: dict[str, AccountMapping] = {}
    for (number, _), cells in zip(numbered[1:], rows, strict=True):
        account, class_code = [*cells, "", ""][:2]
        line = BY_CODE.get(class_code.strip())
        if line is None or (line.kind is not LineKind.CLASS and line.code not in OUTSIDE_GROSS):
            raise InputError(f"{class_code!r} is not a class of expenditure", file=name,
                             line=number)
        try:
            mapping = AccountMapping(account=account.strip(), class_code=line.code,
                                     label=(cells[2] if len(cells) > 2 else "").strip())
        except ValueError as error:
            raise InputError(f"account {account!r}: {error}", file=name, line=number) from None
        if mapping.account in found:
            raise InputError(f"account {mapping.account} is listed twice", file=name,
                             line=number)
        found[mapping.account] = mapping
    return tuple(found.values())


@cache
def account_mappings() -> tuple[AccountMapping, ...]:
    """rbb's reference mapping (``data/reference/ledger_accounts.csv``)."""
    text = files("rbb.data").joinpath("reference", REFERENCE).read_text("utf-8")
    return read_account_mappings(text)


def accounts_of_class(class_code: str, mappings: tuple[AccountMapping, ...] | None = None
                      ) -> tuple[AccountMapping, ...]:
    """The accounts a class's postings go to; ``national_staff`` has those of its two parts."""
    wanted = set(NATIONAL_STAFF_PARTS) if class_code == "national_staff" else {class_code}
    return tuple(m for m in (mappings or account_mappings()) if m.class_code in wanted)


def reported_class(class_code: str, printed: set[str] | frozenset[str]) -> str:
    """The class a mapped class is reported under in a table that prints ``printed``: a
    part of national staff rolls up to ``national_staff`` where only the whole is printed."""
    if class_code in NATIONAL_STAFF_PARTS and class_code not in printed \
            and "national_staff" in printed:
        return "national_staff"
    return class_code
