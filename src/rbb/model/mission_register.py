"""The mission register: every peacekeeping operation since 1948 and the budgets
reported like them, read from ``rbb/data/reference/missions.csv`` (the file names its
public source). A bad row is an InputError naming the file and the row."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from pydantic import ValidationError

from .errors import InputError
from .mission import Mission, MissionKind

SHIPPED_FILE = "rbb/data/reference/missions.csv"
COLUMNS = ("code", "kind", "name", "other_names", "other_codes", "follows", "start", "end",
           "headquarters", "establishing_resolution")
MAX_REGISTER_BYTES = 1_000_000
_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-"})


def fold(name: str) -> str:
    """A name as it is compared: one space between words, straight apostrophes and
    hyphens, lower case."""
    return " ".join(name.translate(_FOLD).split()).lower()


def printed_code(code: str) -> str:
    """The code as a report prints it: ``UNEF-I`` is printed "UNEF I"."""
    return code.replace("-", " ") if re.fullmatch(r"[A-Z]+(-[IV]+)", code) else code


@dataclass(frozen=True)
class MissionRegister:
    """The register's missions by code, and the names and codes that lead to them."""

    missions: tuple[Mission, ...]
    _by_code: dict[str, Mission] = field(init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _by_match: dict[str, Mission] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Mission] = {}
        by_match: dict[str, Mission] = {}
        for mission in self.missions:
            for code in mission.codes:
                by_code.setdefault(code, mission)
                by_match.setdefault(f"({printed_code(code)})", mission)
                by_match.setdefault(f"({code})", mission)
            for name in mission.names:
                by_match.setdefault(fold(name), mission)
        # One alternation, longest first: at the first place the text names a mission the
        # longest name there wins. Names are literal text, so the search stays linear.
        keys = sorted(by_match, key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(key) for key in keys)) if keys else None
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_match", by_match)
        object.__setattr__(self, "_pattern", pattern)

    def __iter__(self) -> Iterator[Mission]:
        return iter(self.missions)

    def __len__(self) -> int:
        return len(self.missions)

    def by_code(self, code: str) -> Mission | None:
        wanted = "-".join(code.strip().upper().split())
        return self._by_code.get(wanted)

    def named_in(self, text: str) -> Mission | None:
        if self._pattern is None:
            return None
        match = self._pattern.search(_fold_keeping_codes(text))
        return None if match is None else self._by_match.get(match.group(0))

    def close_codes(self, code: str, *, limit: int = 5) -> list[str]:
        """Codes like ``code``, to suggest when it is not in the register."""
        wanted = code.strip().upper()
        return difflib.get_close_matches(wanted, list(self._by_code), n=limit, cutoff=0.6)

    def of_kind(self, kind: MissionKind) -> tuple[Mission, ...]:
        return tuple(m for m in self.missions if m.kind is kind)


def _fold_keeping_codes(text: str) -> str:
    # Names are matched in lower case, codes in capitals: fold the text once for names and
    # restore the capitals inside parentheses, where a code is printed.
    flat = " ".join(text.translate(_FOLD).split())
    lowered = flat.lower()
    if len(lowered) != len(flat):  # a character whose lower case is longer ("İ"): kept
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in flat)
    chars = list(lowered)
    for match in re.finditer(r"\([A-Z][A-Z0-9 -]{1,31}\)", flat):
        chars[match.start():match.end()] = match.group(0)
    return "".join(chars)


def load_register(text: str, *, file: str) -> MissionRegister:
    """Read a register file: every row valid, codes and names unique, or an InputError
    naming the file and the line."""
    if len(text.encode("utf-8")) > MAX_REGISTER_BYTES:
        raise InputError(f"the register is over {MAX_REGISTER_BYTES} bytes", file=file)
    lines = text.splitlines()
    numbered = [(number, line) for number, line in enumerate(lines, start=1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InputError("the register is empty; expected a header line "
                         f"({','.join(COLUMNS)}) and one row per mission", file=file)
    reader = csv.reader(io.StringIO("\n".join(line for _, line in numbered)))
    header = next(reader)
    if tuple(header) != COLUMNS:
        raise InputError(f"expected the columns {','.join(COLUMNS)}; found {','.join(header)}",
                         file=file, line=numbered[0][0])
    missions: list[Mission] = []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for (number, _), cells in zip(numbered[1:], reader, strict=False):
        mission = _row(cells, file=file, line=number)
        for code in mission.codes:
            if code in seen_codes:
                raise InputError(f"the code {code} is already on line {seen_codes[code]}",
                                 file=file, line=number)
            seen_codes[code] = number
        for name in mission.names:
            if fold(name) in seen_names:
                raise InputError(f"the name {name!r} is already on line {seen_names[fold(name)]}",
                                 file=file, line=number)
            seen_names[fold(name)] = number
        missions.append(mission)
    for mission in missions:
        if mission.follows is not None and mission.follows not in seen_codes:
            raise InputError(f"{mission.code} follows {mission.follows}, which is not in the "
                             "register", file=file, line=seen_codes[mission.code])
    return MissionRegister(tuple(missions))


def _row(cells: list[str], *, file: str, line: int) -> Mission:
    if len(cells) != len(COLUMNS):
        raise InputError(f"expected {len(COLUMNS)} cells ({','.join(COLUMNS)}); found "
                         f"{len(cells)}", file=file, line=line)
    row: Mapping[str, str] = {column: cell.strip() for column, cell in zip(COLUMNS, cells,
                                                                           strict=True)}
    try:
        return Mission(
            code=row["code"],
            kind=MissionKind(row["kind"]) if row["kind"] else MissionKind.OPERATION,
            name=row["name"],
            other_names=_several(row["other_names"]),
            other_codes=_several(row["other_codes"]),
            follows=row["follows"] or None,
            start=row["start"] or None,
            end=row["end"] or None,
            headquarters=row["headquarters"] or None,
            establishing_resolution=row["establishing_resolution"] or None,
        )
    except ValueError as error:
        raise InputError(f"row of {row['code'] or 'no code'}: {_reason(error)}",
                         file=file, line=line) from None


def _several(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _reason(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg']}"
                         for e in error.errors())
    return str(error)


@cache
def shipped_register() -> MissionRegister:
    """The register rbb ships, read once."""
    text = files("rbb.data").joinpath("reference", "missions.csv").read_text("utf-8")
    return load_register(text, file=SHIPPED_FILE)
