"""Property tests: the Committee's and the Assembly's texts with lines dropped,
duplicated, swapped, cut or joined, and with amounts corrupted. Reading never raises and
never reports a parser failure; a result is a document with every figure on a line of
the text, or diagnostics naming the file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rbb.importers import ImportResult, import_text
from rbb.model import Document

from .test_resolution import _with_ruritania

DATA = Path(__file__).parents[2] / "data" / "legislative"
TEXTS = ("acabq/unsmv-2037-38-handwritten.txt", "acabq/unmik-2024-25-quoted.txt",
         "acabq/unifil-2007-08-opening.txt", "resolutions/fictional-unmir-2031.txt",
         "resolutions/unifil-56-214-b-pages-1-and-4.txt")

_SETTINGS = settings(max_examples=30, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


_REGISTER = _with_ruritania()
"""The shipped register and the fictional mission of the resolution written for tests."""


@cache
def _lines(name: str) -> tuple[str, ...]:
    return tuple((DATA / name).read_text(encoding="utf-8").splitlines())


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.sampled_from(TEXTS))
    lines = list(_lines(name))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        match draw(st.sampled_from(("drop", "duplicate", "swap", "cut", "join", "amount"))):
            case "drop":
                del lines[at]
            case "duplicate":
                lines.insert(at, lines[at])
            case "swap":
                other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
                lines[at], lines[other] = lines[other], lines[at]
            case "cut":
                line = lines[at]
                lines[at] = line[:draw(st.integers(min_value=0, max_value=len(line)))]
            case "join" if at + 1 < len(lines):
                lines[at:at + 2] = [lines[at] + " " + lines[at + 1]]
            case "amount":
                noise = draw(st.sampled_from(("$", "$1,2,3", "$9" * 30, "1 0.5 million",
                                              "US$", "(para.", "per cent ($", "\u00a0")))
                lines[at] = lines[at].replace("$", noise, 1) if "$" in lines[at] \
                    else lines[at] + " " + noise
    return name, "\n".join(lines) + "\n"


def _on_its_lines(document: Document, text: str) -> bool:
    last = len(text.splitlines())
    lines = [f.source_line for f in document.stage_figures]
    lines += [r.source_line for r in document.recommendations]
    lines += [d.source_line for d in document.decisions]
    lines += [f.source_line for f in document.financing]
    for item in (*document.recommendations, *document.decisions):
        lines += list(item.amount_source_lines)
    return all(line is None or 1 <= line <= last for line in lines)


@_SETTINGS
@given(_mutated())
def test_a_mutated_legislative_text_never_breaks_the_reader(case: tuple[str, str]) -> None:
    name, text = case
    result: ImportResult = import_text(text, name=Path(name).name, register=_REGISTER)
    assert all(d.code != "parser-failure" for d in result.diagnostics), result.diagnostics
    if result.document is None:
        assert result.errors and all(d.file == Path(name).name for d in result.errors)
    else:
        assert _on_its_lines(result.document, text)
        # amounts exact and bounded: a corrupted amount is refused, never a float
        for item in (*result.document.recommendations, *result.document.decisions):
            assert all(amount.is_finite() for amount in item.amounts)



def test_the_texts_mutated_read_as_documents_unmutated() -> None:
    """What the property mutates: texts the readers turn into documents as they are."""
    for name in TEXTS:
        text = "\n".join(_lines(name)) + "\n"
        result = import_text(text, name=Path(name).name, register=_REGISTER)
        assert result.document is not None, (name, result.diagnostics)
        assert _on_its_lines(result.document, text)
