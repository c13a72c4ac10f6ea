"""The numbers a planned output states, with what they count.

Rule: a quantity is a number standing as a word of its own (``230 field
reports``, ``2,000 requests``, ``$41.3 million``), with the words after it up
to punctuation or a preposition (``14 civilian staff premises`` of ``14
civilian staff premises at 5 locations``). Not quantities, because they
identify rather than count:

- years (``2019``, ``2020–2030``) and period labels (``2021/22``);
- numbers joined to letters, hyphens, slashes or colons (``COVID-19``,
  ``P-3``, ``FS-7``, ``24/7``, ``ISO 14001:2015``, ``S/2021/861``);
- numbers after a word that names a thing by number (``Goal 16``,
  ``resolution 1244``, ``Extension 2``, ``para. 38``, ``ISO 9001``);
- dates (``15 November 2021``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from rbb.model.frameworks import OutputQuantity

from .layout import Joined

_NUMBER = re.compile(
    r"(?<![\w/.:,\-–−])(?P<dollar>\$)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<million>\s+(?:million|billion))?(?![\w/:\-–−%]|[.,]\d)")
_IDENTIFIER_WORDS = frozenset({
    "goal", "goals", "resolution", "resolutions", "iso", "level", "extension", "para", "paras",
    "paragraph", "paragraphs", "phase", "tier", "article", "articles", "section", "annex",
    "chapter", "gate", "sector", "version", "no", "grade", "rule", "regulation",
})
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_STOP = frozenset({"by", "to", "for", "at", "in", "with", "and", "on", "of", "through",
                   "including", "from", "as", "within", "per", "across", "into", "or", "a",
                   "an", "the", "that", "which", "each", "under", "over", "between", "among"})
_WORDS_AFTER = 4


def quantities(text: Joined) -> list[OutputQuantity]:
    found = []
    for match in _NUMBER.finditer(text.text):
        if _identifier(text.text, match):
            continue
        value = Decimal(match["num"].replace(",", ""))
        printed = text.text[match.start():match.end()] + _counted(text.text[match.end():])
        found.append(OutputQuantity(value=value, text=printed.strip(),
                                    source_line=text.line_at(match.start("num"))))
    return found


def _identifier(text: str, match: re.Match[str]) -> bool:
    number = match["num"]
    if re.fullmatch(r"(?:19|20)\d\d", number) and not match["dollar"]:
        return True
    before = text[: match.start()].split()
    word_before = re.sub(r"[^\w]", "", before[-1]).lower() if before else ""
    if word_before in _IDENTIFIER_WORDS or word_before in _MONTHS:
        return True
    after = text[match.end():].lstrip().lower()
    return after.startswith(_MONTHS)


def _counted(rest: str) -> str:
    """The words after a number, up to punctuation or a preposition."""
    words: list[str] = []
    for token in rest.split()[:_WORDS_AFTER]:
        word = token.rstrip(",;:.)")
        if token.startswith("(") or word.lower() in _STOP or not word or \
                (words and word.endswith("ing")):
            break
        words.append(word)
        if word != token:
            break
    return (" " + " ".join(words)) if words else ""
