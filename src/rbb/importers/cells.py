"""Table cells in the UN's number formats, the one place that reads them.

``33 040.5`` (space, thin space or no-break space between thousands),
``2,000`` (comma), ``(119.7)`` (negative), ``—``/``–``/``-`` (nil, zero),
``n/a`` (no value), ``≥ 44 per cent``, ``14.2%``, ``\\$5,137.2``,
``$\\geq 2,000$`` (a LaTeX remnant of the word-processor conversion).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NIL_MARKS = frozenset({"—", "–", "-", "‒", "―"})
NOT_APPLICABLE = frozenset({"n/a", "N/A", "n.a.", "...", "not applicable", "Not applicable"})
HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
"""An HTML tag of a flattened page (``<td>``, ``<p style="...">``), bounded so that a
stray ``<`` in a long line costs little: what readers of such copies replace by a space."""
_SPACES = "\u2009\u202f\u00a0 "
_LATEX = {r"\geq": "≥", r"\leq": "≤", r"\pm": "±", r"\%": "%", r"\$": "$"}
_COMPARATORS = ("≥", "≤", ">=", "<=", ">", "<", "±")
_NUMBER = re.compile(
    r"^(?P<neg>\()?(?P<sign>[-−])?\$?(?P<int>\d{1,3}(?:[ ,\u2009\u202f\u00a0]\d{3})+|\d+)"
    r"(?P<frac>\.\d+)?(?P<close>\))?$"
)


class CellError(ValueError):
    """A cell that should hold a number and does not."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A parsed cell: the exact value and what was printed around it."""

    text: str
    value: Decimal | None
    nil: bool = False
    comparator: str | None = None
    unit: str | None = None
    tolerance: Decimal | None = None

    @property
    def normalised(self) -> str:
        """The value as the facts CSV writes it: plain, ``-`` for negatives, empty for n/a."""
        return "" if self.value is None else format(self.value, "f")


def clean(text: str) -> str:
    """Strip conversion debris: LaTeX maths, escaped dollars, tags, footnote marks."""
    out = text
    for latex, plain in _LATEX.items():
        out = out.replace(latex, plain)
    out = re.sub(r"</?[a-z]+>", "", out)
    out = out.replace("**", "")
    out = re.sub(r"\s*\^[a-z]\b", "", out)
    return out.strip()


def letters(text: str) -> str:
    """Letters only, lower case: a label compared whatever its spacing, stars and
    marks (``Net change`` → ``netchange``)."""
    return re.sub(r"[^a-z]", "", text.lower())


def compact(text: str) -> str:
    """Letters and digits only: ``P-5– P-4`` → ``p5p4``."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int:
    """The number of a section: ``XIV`` → 14."""
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def parse_number(text: str) -> Decimal | None:
    """The exact value of a numeric cell; 0 for a nil dash, None for n/a.

    Raises CellError for text that is not a number in any UN format.
    """
    cell = parse_cell(text)
    if cell.comparator is not None or cell.unit is not None:
        raise CellError(f"expected a plain number, found {text!r}")
    return cell.value


def parse_cell(text: str) -> Cell:
    """Read a cell that may carry a comparator, a unit or a tolerance."""
    raw = text
    body = clean(text).replace("$", "").strip()
    if body in NIL_MARKS:
        return Cell(raw, Decimal(0), nil=True)
    if body in NOT_APPLICABLE:
        return Cell(raw, None)
    tolerance: Decimal | None = None
    tol = re.search(r"\s*±\s*(\d+(?:\.\d+)?)\s*(?:per cent|%)?\s*$", body)
    if tol and not body.startswith("±"):
        tolerance = Decimal(tol.group(1))
        body = body[: tol.start()].strip()
    comparator = None
    for mark in _COMPARATORS:
        if body.startswith(mark):
            comparator = {">=": "≥", "<=": "≤"}.get(mark, mark)
            body = body[len(mark):].strip()
            break
    unit = None
    for suffix, name in ((" per cent", "per cent"), ("per cent", "per cent"),
                         (" percent", "per cent"), ("%", "per cent")):
        if body.endswith(suffix):
            unit = name
            body = body[: -len(suffix)].strip()
            break
    if body.startswith("(") and body.endswith("%)"):
        unit, body = "per cent", body[:-2].strip() + ")"
    value = _number(body)
    if value is None:
        raise CellError(f"expected a number such as 33 040.5, (119.7) or —, found {raw!r}")
    return Cell(raw, value, comparator=comparator, unit=unit, tolerance=tolerance)


def _number(body: str) -> Decimal | None:
    match = _NUMBER.match(body.strip())
    if match is None or bool(match["neg"]) != bool(match["close"]):
        return None
    digits = re.sub(r"[ ,\u2009\u202f\u00a0]", "", match["int"]) + (match["frac"] or "")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return -value if match["neg"] or match["sign"] else value


def amount_and_percentage(amount: str, percentage: str) -> tuple[Decimal | None, Decimal | None]:
    """A variance as the analysis of variances quotes it beside a class: ``$2,651.2``
    and ``12.5%``, or ``($479.1)`` and ``(5.0%)``; CellError for anything else."""
    first, second = parse_cell(amount), parse_cell(percentage)
    if first.unit is not None or first.comparator or second.comparator:
        raise CellError(f"expected an amount and a percentage, found {amount!r} and "
                        f"{percentage!r}")
    return first.value, second.value


def is_number(text: str) -> bool:
    try:
        parse_number(text)
    except CellError:
        return False
    return True


_TOKEN = re.compile(r"\(?\$?[\d,.]+%?\)?%?|[—–‒―-]|n/a")


def split_numbers(text: str, expected: int | None = None) -> list[str]:
    """Split a run of space-separated numeric cells from PDF text into cells.

    Thousands are grouped with single spaces (``41 298.5``), cells with one or
    more spaces, so ``113 100 11.5`` is ambiguous on its own: a group of three
    digits joins the number before it when it carries the decimal part of a
    money figure (``040.5``), or when ``expected`` says there are fewer cells
    than tokens.
    """
    tokens = [t for t in re.split(r"[ \u2009\u202f\u00a0]+", text.strip()) if t]
    cells: list[str] = []
    for token in tokens:
        if (
            cells
            and re.fullmatch(r"\(?\$?\d{1,3}", cells[-1])
            and re.fullmatch(r"\d{3}\.\d+\)?%?", token)
        ):
            cells[-1] = f"{cells[-1]} {token}"
        else:
            cells.append(token)
    if expected is not None:
        index = len(cells) - 1
        while len(cells) > expected and index > 0:
            if re.fullmatch(r"\(?\d{1,3}", cells[index - 1]) and re.fullmatch(
                r"\d{3}(?:\.\d+)?\)?", cells[index]
            ):
                cells[index - 1 : index + 1] = [f"{cells[index - 1]} {cells[index]}"]
            index -= 1
    return cells


_DOLLARS = re.compile(
    r"\$\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?=[.,;:)]*(?:\s|$))"
    r"(?:\s+(?P<scale>million|billion))?")
_DOLLAR_SIGN = re.compile(r"\$\s?\S+")
_THOUSANDS = {None: Decimal("0.001"), "million": Decimal(1000), "billion": Decimal(1000000)}


def dollar_amounts(text: str) -> tuple[list[tuple[Decimal, int]], list[tuple[str, int]]]:
    """The amounts running text prints in dollars, in thousands of dollars as the
    tables hold them (``$685,900`` → 685.9, ``$1.2 million`` → 1200), each with the
    offset of its number; and each ``$`` followed by something that is not an amount
    (``$68x,900``), with its offset, for an error that names it."""
    amounts: list[tuple[Decimal, int]] = []
    for match in _DOLLARS.finditer(text):
        dollars = Decimal(match["number"].replace(",", ""))
        amounts.append((_plain(dollars * _THOUSANDS[match["scale"]]), match.start("number")))
    read = {match.start() for match in _DOLLARS.finditer(text)}
    unread = [(sign.group(0), sign.start()) for sign in _DOLLAR_SIGN.finditer(text)
              if sign.start() not in read]
    return amounts, unread


def _plain(value: Decimal) -> Decimal:
    """46045.300 → 46045.3, without turning 1200000 into 1.2E+6."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value


def trailing_cells(line: str, count: int | None = None, *,
                   units: bool = False) -> tuple[str, list[str]]:
    """Split ``Official travel 319.8 180.4 139.4 43.6`` into its label and cells.

    Takes numeric tokens from the right while they parse; ``count`` caps how
    many cells the row may have. With ``units``, cells may carry a unit or a
    dollar sign, as the analysis of variances quotes them:
    ``United Nations Volunteers ($63.5) (7.1%)``.
    """
    tokens = re.split(r"[ \u2009\u202f\u00a0]+", line.strip())
    taken: list[str] = []
    readable = _is_cell if units else is_number
    while tokens and _TOKEN.fullmatch(tokens[-1]) and readable(tokens[-1]):
        taken.insert(0, tokens.pop())
    label = " ".join(tokens).strip()
    cells = split_numbers(" ".join(taken), None)
    if count is not None and len(cells) > count:
        cells = split_numbers(" ".join(taken), count)
        while len(cells) > count:
            label = f"{label} {cells.pop(0)}".strip()
    return label, cells


def _is_cell(text: str) -> bool:
    try:
        parse_cell(text)
    except CellError:
        return False
    return True
