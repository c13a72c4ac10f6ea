"""The tables of the two seed reports, read straight from the seed text.

Independent of ``rbb.importers`` on purpose: a few regular expressions over the
seed lines of each table give the label and the printed numbers of every row,
which the fidelity tests look for in the generated Markdown and PDF text.
Numbers are compared as printed, after the spelling differences that do not
change a figure are normalised: thousands separators (space, thin space, comma),
the dollar and per cent signs, and the dash used for nil (``—``, ``–``, ``-``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "src" / "rbb" / "data" / "seeds"
BUDGET = SEEDS / "unmik-budget-2025-26.txt"
PERFORMANCE = SEEDS / "unmik-performance-2021-22.txt"

DASHES = "—–-"
SPACES = " \u2009\u202f\u00a0"
_MONEY = re.compile(r"\(?\$?\(?\d{1,3}(?:[ \u2009\u202f\u00a0,]\d{3})*(?:\.\d+)?%?\)?%?\)?")
_MONEY_AT_END = re.compile(r"(?:^|(?<=\s))(" + _MONEY.pattern + r")$")
_COUNT = re.compile(r"\(?\$?\d[\d,]*(?:\.\d+)?%?\)?%?")


@dataclass(frozen=True)
class SeedRow:
    label: str
    numbers: tuple[str, ...]
    """Normalised (``normal_number``)."""
    printed: tuple[str, ...]
    """As printed in the seed."""
    line: int


@dataclass(frozen=True)
class TableSpec:
    name: str
    start: str
    """Regex of the seed line the table starts after."""
    stop: str
    """Regex of the seed line that ends it."""
    anchors: tuple[str, ...]
    """Regexes of generated lines (Markdown or PDF text, markup removed, see
    ``plain_line``) found one after the other; the table follows the last."""
    money: bool = True
    """Amounts with one decimal (thousands may be space-separated in PDF text);
    otherwise counts and percentages separated by spaces."""
    carry_label: bool = False
    """A row of figures without a label takes the label printed on the line before."""


def normal_number(token: str) -> str:
    """``20 914.9`` → ``20914.9``; ``(\\$479.1)`` → ``-479.1``; ``(5.0%)`` → ``-5.0``;
    any dash → ``-``."""
    token = token.strip()
    if token and all(ch in DASHES for ch in token):
        return "-"
    negative = token.startswith("(") and token.endswith(")")
    body = token.strip("()").replace("$", "").replace("%", "").strip("()")
    for space in SPACES + ",":
        body = body.replace(space, "")
    return f"-{body}" if negative else body


def is_number(token: str) -> bool:
    token = token.strip()
    if token and all(ch in DASHES for ch in token):
        return True
    return bool(_COUNT.fullmatch(token.replace(" ", "").replace("\u2009", "")))


def compact(text: str) -> str:
    r"""A printed figure (or a run of them) without what may differ in spelling:
    ``(\$2,651.2)`` → ``(2651.2)``, ``20 914.9`` → ``20914.9``, any dash → ``–``."""
    for ch in SPACES + ",$%\t":
        text = text.replace(ch, "")
    return re.sub(f"[{DASHES}]", "–", text)


def plain_line(line: str) -> str:
    """A generated line without Markdown or HTML markup, for finding anchors."""
    line = re.sub(r"<[^>]+>", "", line)
    line = re.sub(r"[#*|\\]", " ", line)
    return " ".join(line.split())


def normal_label(label: str) -> str:
    label = re.sub(r"<[^>]+>", "", label)
    label = re.sub(r"\s*\^[a-z]\b", "", label)
    label = label.replace("*", "").replace("\\", "")
    label = re.sub(r"^[IVX]+\.\s+", "", label.strip())
    return " ".join(label.replace("\u2003", " ").split()).casefold()


def labels_match(seed: str, generated: str) -> bool:
    """Same label, allowing what text extraction does to a label: a footnote letter
    glued to its end (``agreementa``), a label wrapped onto the line above (only its
    last part is on the row's line), a row whose text spans two cells (category and
    initiative)."""
    seed, generated = normal_label(seed), normal_label(generated)
    if not seed:
        return True
    return seed == generated or generated.endswith(" " + seed) or \
        generated.startswith(seed + " ") or \
        (len(seed) > 1 and seed[-1] in "ab" and seed[:-1] == generated)


def split_tabbed(line: str) -> tuple[str, list[str]]:
    cells = [re.sub(r"<[^>]+>|\*\*|\\", "", c).strip() for c in line.split("\t")]
    label = cells[0]
    numbers = [c for c in cells[1:] if c and is_number(c)]
    return label, numbers


def split_spaced(line: str, *, money: bool) -> tuple[str, list[str]]:
    """Label and trailing figures of a line of PDF text (or an untabbed seed line).

    Money figures carry one decimal and may group thousands with a space
    (``20 177.4``); counts and percentages are single tokens."""
    text = re.sub(r"\*\*|\\", "", line).rstrip()
    numbers: list[str] = []
    while text:
        last = text.split()[-1]
        if all(ch in DASHES for ch in last):
            token = last
        elif money:
            found = _MONEY_AT_END.search(text)
            if found is None or "." not in found.group(1):
                break
            token = found.group(1)
        elif is_number(last):
            token = last
        else:
            break
        numbers.insert(0, token)
        text = text[:len(text) - len(token)].rstrip()
    return text, numbers


def read_rows(lines: list[str], spec: TableSpec, *, tabbed: bool) -> list[SeedRow]:
    start = next(i for i, line in enumerate(lines) if re.search(spec.start, line))
    stop = next(i for i in range(start + 1, len(lines)) if re.search(spec.stop, lines[i]))
    rows: list[SeedRow] = []
    previous_label = ""
    for number in range(start + 1, stop):
        line = lines[number]
        if not line.strip():
            continue
        if tabbed and "\t" in line:
            label, numbers = split_tabbed(line)
        else:
            label, numbers = split_spaced(line, money=spec.money)
        if not numbers:
            previous_label = label or previous_label
            continue
        if not label.strip():
            if not spec.carry_label:
                continue
            label = previous_label
        rows.append(SeedRow(label, tuple(normal_number(n) for n in numbers), tuple(numbers),
                            number + 1))
    return rows


BUDGET_TABLES = (
    TableSpec("summary financial resources", r"^Financial resources$", r"^Human resources",
              (r"^Summary$", r"^Financial resources$")),
    TableSpec("summary human resources", r"^Human resources\^a", r"^\^a Represents",
              (r"^Summary$", r"^Human resources")),
    TableSpec("table 1", r"^Table 1$", r"Estimated amount \(civilian personnel\)",
              (r"^Table 1$",), money=False),
    TableSpec("civilian cost, executive direction", r"Estimated amount \(civilian personnel\)",
              r"^Component 1: substantive", (r"^Table 1$", r"Estimated amount \(civilian")),
    TableSpec("table 2", r"^Table 2$", r"^\*Estimated amount", (r"^Table 2$",), money=False),
    TableSpec("civilian cost, substantive", r"^\*Estimated amount", r"^Component 2",
              (r"^Table 2$", r"Estimated amount \(civilian")),
    TableSpec("table 3", r"^Table 3$", r"<i>Estimated amount", (r"^Table 3$",), money=False),
    TableSpec("civilian cost, support", r"<i>Estimated amount", r"^Evaluation activities",
              (r"^Table 3$", r"Estimated amount \(civilian")),
    TableSpec("financial resources", r"^\(Thousands of United States dollars; budget year is 1",
              r"^B\. Non-budgeted", (r"^II\. Financial resources$", r"^A\. Overall$")),
    TableSpec("non-budgeted contributions", r"<i>Estimated value</i>", r"^\^a Inclusive",
              (r"^B\. Non-budgeted contributions$",)),
    TableSpec("efficiency gains", r"<i>Initiative</i>", r"^D\. Vacancy factors",
              (r"^C\. Efficiency gains$",)),
    TableSpec("vacancy factors", r"^\(Percentage\)", r"^32\. ", (r"^D\. Vacancy factors$",),
              money=False),
    TableSpec("training costs", r"<i>Category</i>\t<i>Estimated amount</i>", r"^34\. ",
              (r"^E\. Training$",)),
    TableSpec("training participants", r"^\(Number of participants\)", r"^\^a Includes",
              (r"^E\. Training$", r"^\(Number of participants\)$"), money=False),
    TableSpec("official travel", r"<i>Number of person-trips planned", r"^37\. ",
              (r"^F\. Official travel, non-training$",)),
    TableSpec("programmatic activities", r"<i>Proposed amount</i>", r"^39\. ",
              (r"^G\. Programmatic activities$",)),
    TableSpec("quick-impact projects", r"<i>Number of projects</i>", r"^41\. ",
              (r"^H\. Quick-impact projects$",)),
    TableSpec("analysis of variances", r"^III\. Analysis of variances¹", r"^IV\. Actions",
              (r"^III\. Analysis of variances1?$",), carry_label=True),
)

PERFORMANCE_TABLES = (
    TableSpec("summary financial resources", r"^Performance of financial resources",
              r"^Human resources incumbency performance",
              (r"^Summary$", r"^Performance of financial resources$")),
    TableSpec("incumbency", r"^Human resources incumbency performance", r"^\s*a Represents",
              (r"^Summary$", r"^Human resources incumbency performance$"), money=False),
    TableSpec("financial resources", r"^\s*A\. Financial resources",
              r"^\s*B\. Summary information on redeployments",
              (r"^III\. Resource performance$", r"^A\. Financial resources$")),
    TableSpec("redeployments", r"^\s*B\. Summary information on redeployments", r"^47\. ",
              (r"^B\. Summary information on redeployments across groups$",)),
    TableSpec("other revenue", r"^\s*1\. Other revenue and adjustments", r"^\s*2\. Borrowing",
              (r"^1\. Other revenue and adjustments$",)),
    TableSpec("borrowing", r"^\s*2\. Borrowing", r"^\s*E\. Substantive", (r"^2\. Borrowing$",)),
    TableSpec("programmatic activities", r"^\s*E\. Substantive and other programmatic",
              r"^\s*F\. Value", (r"^E\. Substantive and other programmatic activities$",)),
    TableSpec("non-budgeted contributions", r"^\s*F\. Value of non-budgeted", r"^\s*IV\. Analysis",
              (r"^F\. Value of non-budgeted contributions$",)),
    TableSpec("analysis of variances", r"^\s*IV\. Analysis of variances", r"^\s*V\. Actions",
              (r"^IV\. Analysis of variances1?$",)),
)


@cache
def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@cache
def budget_rows(name: str) -> list[SeedRow]:
    spec = next(s for s in BUDGET_TABLES if s.name == name)
    return read_rows(seed_lines(BUDGET), spec, tabbed=True)


@cache
def performance_rows(name: str) -> list[SeedRow]:
    spec = next(s for s in PERFORMANCE_TABLES if s.name == name)
    return read_rows(seed_lines(PERFORMANCE), spec, tabbed=False)
