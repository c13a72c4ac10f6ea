"""The grades a post is budgeted at, read from ``rbb/data/reference/grades.csv`` (the file
names its source): each grade's band in the staffing tables and its category of personnel.

A post action names a grade (``P-4``, ``FS-5``, ``NO-B``, ``G-6``) or, where only the
table's band is known (actions inferred from a stored table), the band's own designation
(``P-5–P-4``, ``NPO``). A grade the register does not hold is refused."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files

from .errors import InputError
from .staffing import PersonnelCategory, StaffingColumn

SHIPPED_FILE = "rbb/data/reference/grades.csv"
COLUMNS = ("grade", "band", "category", "level", "rank")
_FOLD = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


class GradeLevel(StrEnum):
    GRADE = "grade"
    BAND = "band"
    """A band's designation: a post known only by the column it is counted in."""


@dataclass(frozen=True)
class Grade:
    code: str
    """As the reports print it: ``P-4``, ``NO-B``, ``P-5–P-4``."""
    band: StaffingColumn
    category: PersonnelCategory
    level: GradeLevel
    rank: int
    """Order within the category, the highest grade first."""


def fold(code: str) -> str:
    """A grade as it is compared: dashes of any kind as hyphens, no spaces, upper case
    (``p-5 – p-4`` is ``P-5-P-4``)."""
    return "".join(code.translate(_FOLD).split()).upper()


@dataclass(frozen=True)
class GradeRegister:
    grades: tuple[Grade, ...]

    def find(self, code: str) -> Grade | None:
        wanted = fold(code)
        return next((g for g in self.grades if fold(g.code) == wanted), None)

    def band_grade(self, band: StaffingColumn) -> Grade | None:
        """The designation standing for a post known only by its band."""
        return next((g for g in self.grades
                     if g.band is band and g.level is GradeLevel.BAND), None)

    def expected(self) -> str:
        """The grades as an error message lists them."""
        return ", ".join(g.code for g in self.grades if g.level is GradeLevel.GRADE)


def load_grades(text: str, *, file: str = SHIPPED_FILE) -> GradeRegister:
    """The register from its CSV text (lines starting ``#`` are the file's notes); a bad
    row is an InputError naming the file and the line."""
    lines = text.splitlines()
    body = [(n, line) for n, line in enumerate(lines, start=1) if not line.startswith("#")]
    if not body:
        raise InputError("the grade register is empty", file=file)
    header_line, header = body[0]
    if tuple(next(csv.reader([header]))) != COLUMNS:
        raise InputError(f"the header is not {','.join(COLUMNS)}", file=file, line=header_line)
    grades = []
    for line, row in body[1:]:
        if not row.strip():
            continue
        cells = next(csv.reader(io.StringIO(row)))
        if len(cells) != len(COLUMNS):
            raise InputError(f"expected {len(COLUMNS)} cells, found {len(cells)}",
                             file=file, line=line)
        code, band, category, level, rank = (c.strip() for c in cells)
        try:
            grades.append(Grade(code=code, band=StaffingColumn(band),
                                category=PersonnelCategory(category),
                                level=GradeLevel(level), rank=int(rank)))
        except ValueError as error:
            raise InputError(f"grade {code!r}: {error}", file=file, line=line) from None
    return GradeRegister(tuple(grades))


@cache
def shipped_grades() -> GradeRegister:
    """The register rbb ships, read once."""
    text = files("rbb.data").joinpath("reference", "grades.csv").read_text("utf-8")
    return load_grades(text)


def grade_of(code: str) -> Grade:
    """The grade the register holds under ``code``, or a ValueError listing the grades
    (so that a record's validation names the field)."""
    found = shipped_grades().find(code)
    if found is None:
        raise ValueError(f"{code[:40]!r} is not a grade (expected one of "
                         f"{shipped_grades().expected()}, or a band such as P-5–P-4)")
    return found
