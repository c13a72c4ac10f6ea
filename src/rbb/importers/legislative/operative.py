"""A resolution's text as the Assembly numbers it: its operative paragraphs, the dollar
amounts each states, and the footnotes naming the reports it considered.

The public copies print a resolution one line of the page a line (PDF text), one
paragraph a line, or the whole page as one line; a page header (``A/RES/65/300``, a
page number, a job number) or a footnote block may stand between two lines of one
paragraph. The text is read as one run of words whose every offset keeps the line it
came from, so a paragraph and each amount keep their line in any rendering.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal

from ..identity.renderings import SYMBOL, is_furniture
from ..source import SourceText

MAX_PARAGRAPHS = 400
"""More numbered paragraphs than any resolution prints: the rest is not read."""

_RES_HEADER = re.compile(r"A/RES/\d{2,3}/\d{1,4}(?: [A-H])?(?: Page \d{1,3})?")
_RULE = re.compile(r"_{5,}")
_FOOTNOTE_SYMBOLS = re.compile(
    rf"(?:(\d{{1,2}})/?\s+)?((?:{SYMBOL})(?:(?:,\s*|\s+and\s+)(?:{SYMBOL}|Add\.\d{{1,3}}"
    rf"|Corr\.\d{{1,2}}))*)\.?")
"""A footnote naming reports: "A/65/621 and A/65/711.", "2 A/56/887 and Add.7."."""
_SYMBOL_IN = re.compile(rf"{SYMBOL}|Add\.\d{{1,3}}|Corr\.\d{{1,2}}")
_PARAGRAPH_LINE = re.compile(r"\d{1,3}\.\s+[A-Z][a-z]+")
_PREAMBLE_START = re.compile(r"The General Assembly\s*,", re.IGNORECASE)
_PARAGRAPH = re.compile(r"(?<![\w/.,])(\d{1,3})\.\s+(?=[A-Z][a-z]+(?:-[a-z]+)?\b)")
""""5. Decides ...": a number, a point, a capitalised verb."""
_SG_MARKER = re.compile(
    r"reports? of the Secretary-General\b[^;]{0,400}?[a-z,]\s?(\d{1,2})/?(?=\s|,|$)")
"""The footnote mark after "the report(s) of the Secretary-General on the financing of
the <mission>"."""

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
AMOUNT = re.compile(
    rf"(?:US\s?\$|\$)\s?(?P<signed>{_NUMBER})(?:\s+(?P<scale>million|billion)\b)?"
    rf"|(?<![\d,.$])(?P<plain>{_NUMBER})(?:\s+(?P<plain_scale>million|billion))?"
    rf"(?=\s+(?:United States\s+)?dollars\b)")
"""A dollar amount as resolutions print it: "$46,045,300", "US$9,799,600", "46,045,300
dollars", "26,913,800 United States dollars", "202.4 million United States dollars"."""
_PAGE_NUMBER_AFTER = re.compile(r"(?<=[;.])\s+\d{1,3}$")
"""A page's number a one-line copy prints after the page's last paragraph."""
_NET = re.compile(r"\s*(?:(?:United States\s+)?dollars\s+)?net\b", re.IGNORECASE)
_THOUSANDS = {None: Decimal("0.001"), "million": Decimal(1000), "billion": Decimal(1000000)}


@dataclass(frozen=True, slots=True)
class Body:
    """The text as one run of words, and where each of its lines begins in it."""

    text: str
    starts: tuple[int, ...]
    numbers: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        return self.numbers[max(0, bisect_right(self.starts, offset) - 1)]


@dataclass(frozen=True, slots=True)
class PrintedAmount:
    amount: Decimal
    """Thousands of dollars, exact."""
    start: int
    end: int
    line: int
    net: bool
    """A net amount, printed after its gross one ("26,913,800 dollars gross
    (26,499,800 dollars net)")."""


@dataclass(frozen=True, slots=True)
class OperativeParagraph:
    number: str
    start: int
    """Where its text begins in the body (after "5. ")."""
    text: str
    line: int
    amounts: tuple[PrintedAmount, ...]


def body_of(source: SourceText) -> Body:
    """The lines as one run of single spaces: page furniture (headers, page numbers,
    job numbers) and footnote blocks (from a rule of underscores to the next page's
    header, or to the next numbered paragraph) left out; a word broken at a line's end
    joined again."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    length = 0
    in_footnotes = False
    for line in source.lines:
        text = " ".join(line.text.replace("\xa0", " ").split())
        if _RULE.fullmatch(text):
            in_footnotes = True
            continue
        furniture = not text or is_furniture(text) or _RES_HEADER.fullmatch(text) is not None
        if in_footnotes:
            if _RES_HEADER.fullmatch(text):
                in_footnotes = False  # the next page's header: the text resumes after it
                continue
            if not _PARAGRAPH_LINE.match(text):
                continue
            in_footnotes = False
        if furniture:
            continue
        if _RES_HEADER.match(text):
            text = text[_RES_HEADER.match(text).end():].lstrip()  # type: ignore[union-attr]
        if parts and parts[-1].endswith("-") and len(parts[-1]) > 1 \
                and parts[-1][-2].isalpha():
            joined = parts[-1] if text[:1].isupper() else parts[-1][:-1]
            length += len(joined) - len(parts[-1])
            parts[-1] = joined
        elif parts:
            parts.append(" ")
            length += 1
        starts.append(length)
        numbers.append(line.number)
        parts.append(text)
        length += len(text)
    return Body("".join(parts), tuple(starts), tuple(numbers))


def operative_paragraphs(body: Body) -> list[OperativeParagraph]:
    """The numbered paragraphs after "The General Assembly,", each numbered one more
    than the one before ("paragraph 16 above" is no paragraph); a page that starts
    inside the resolution starts at the first number it prints."""
    preamble = _PREAMBLE_START.search(body.text)
    begin = preamble.end() if preamble else 0
    found: list[tuple[int, int, int]] = []
    for match in _PARAGRAPH.finditer(body.text, begin):
        number = int(match.group(1))
        if found and number != found[-1][0] + 1:
            continue
        found.append((number, match.start(), match.end()))
        if len(found) >= MAX_PARAGRAPHS:
            break
    paragraphs = []
    for index, (number, at, text_at) in enumerate(found):
        if index + 1 < len(found):
            end = _before_heading(body.text, text_at, found[index + 1][1])
        else:
            end = _end_of_last(body.text, text_at)
        text = _PAGE_NUMBER_AFTER.sub("", body.text[text_at:end].rstrip())
        paragraphs.append(OperativeParagraph(
            number=str(number), start=text_at, text=text, line=body.line_at(at),
            amounts=tuple(amounts_in(body, text_at, text_at + len(text)))))
    return paragraphs


def _before_heading(text: str, start: int, end: int) -> int:
    """A paragraph ends with its sentence (";" or "."): words after it, before the next
    paragraph's number, are a heading ("Budget estimates for the period from ...")."""
    body = text[start:end].rstrip()
    if not body or body[-1] in ";.:,":
        return start + len(body)
    last = max(body.rfind("; "), body.rfind(". "))
    return start + last + 1 if last >= 0 else start + len(body)


def _end_of_last(text: str, start: int) -> int:
    """The last paragraph ends with its sentence (";" or "."), before the plenary
    meeting's line or what a copy prints after it."""
    plenary = re.compile(r"\d{1,3}(?:st|nd|rd|th) plenary meeting").search(text, start)
    return plenary.start() if plenary else len(text)


def amounts_in(body: Body, start: int, end: int) -> list[PrintedAmount]:
    found = []
    for match in AMOUNT.finditer(body.text, start, end):
        number = match["signed"] or match["plain"]
        scale = match["scale"] or match["plain_scale"]
        dollars = Decimal(number.replace(",", ""))
        net = _NET.match(body.text, match.end()) is not None
        found.append(PrintedAmount(
            amount=plain(dollars * _THOUSANDS[scale]), start=match.start(), end=match.end(),
            line=body.line_at(match.start()), net=net))
    return found


def plain(value: Decimal) -> Decimal:
    """46045.300 → 46045.3, without turning 1200000 into 1.2E+6."""
    value = value.normalize()
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else value


def considered_reports(source: SourceText, body: Body) -> tuple[str, ...]:
    """The symbols of the Secretary-General's reports the resolution considered: the
    footnote the preamble marks after "the reports of the Secretary-General" (by its
    number; where a copy lost the mark or the numbers, the first footnote naming
    reports, which the preamble's first sentence marks)."""
    footnotes: list[tuple[str | None, str]] = []
    pending_number: str | None = None
    for line in source.lines[:2000]:
        text = " ".join(line.text.split())
        if re.fullmatch(r"\d{1,2}", text):
            pending_number = text
            continue
        match = _FOOTNOTE_SYMBOLS.fullmatch(text)
        if match is not None and not _RES_HEADER.fullmatch(text):
            footnotes.append((match.group(1) or pending_number, match.group(2)))
        pending_number = None
    if not footnotes:
        return ()
    marker = _SG_MARKER.search(body.text, 0, 6000)
    chosen = next((symbols for number, symbols in footnotes
                   if marker is not None and number == marker.group(1)), footnotes[0][1])
    return _symbols(chosen)


def _symbols(listed: str) -> tuple[str, ...]:
    """"A/56/887 and Add.7" → A/56/887, A/56/887/Add.7."""
    symbols: list[str] = []
    for match in _SYMBOL_IN.finditer(listed):
        found = match.group()
        if not found.startswith("A/") and symbols:
            base = symbols[-1].split("/Add.")[0].split("/Corr.")[0]
            found = f"{base}/{found}"
        symbols.append(found)
    return tuple(dict.fromkeys(symbols))
