"""The analysis of variances, drafted from the attribution in the reports' own phrasing.

Section III of a budget report explains each class whose variance crosses
the threshold in a fixed form: "The increased requirements are attributable
primarily to the application of the lower vacancy rate of 8.8 per cent ...";
"The reduced requirements are attributable to: (a) ...; and (b) ..."; "...
offset in part by ...". Here the drivers with the largest parts become those
clauses: one driver with two thirds or more of the movement in the variance's
direction is "primarily" the cause; otherwise every driver with a quarter of
it is listed; drivers pulling the other way by a tenth of the variance or
more are the offset. A residual is always stated. Every number a sentence
prints is kept as a link to the driver it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rbb.model.currencies import plural_name, singular_name
from rbb.model.tables import FigureLink, VarianceExplanation, VarianceParagraph

from .attribution import ClassAttribution, Part
from .catalogue import UNIFORMED, unit_cost_words
from .exact import HUNDRED, to_decimal
from .inputs import ClassInputs, unit_in_dollars

PRIMARY_SHARE = Fraction(2, 3)
LISTED_SHARE = Fraction(1, 4)
OFFSET_SHARE = Fraction(1, 10)


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    links: tuple[FigureLink, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """The two periods' inputs of a class and how the report names the earlier one."""

    before: ClassInputs
    after: ClassInputs
    base_label: str
    """``the approved budget for the 2025/26 period``."""


def explain(attribution: ClassAttribution, context: Context,
            percentage: Decimal | None, first_number: int) -> VarianceExplanation:
    """The explanation of one class: its variance and numbered paragraphs."""
    paragraphs = []
    number = first_number
    for text, links in _sentences(attribution, context):
        paragraphs.append(VarianceParagraph(number=number, text=text, links=links))
        number += 1
    return VarianceExplanation(line=attribution.line, label=attribution.label,
                               amount=attribution.variance, percentage=percentage,
                               paragraphs=tuple(paragraphs))


def _sentences(attribution: ClassAttribution,
               context: Context) -> Iterator[tuple[str, tuple[FigureLink, ...]]]:
    variance = attribution.variance
    if not variance:
        return
    direction = "increased" if variance > 0 else "reduced"
    parts = [p for p in attribution.parts if p.amount]
    along = sorted((p for p in parts if (p.amount > 0) == (variance > 0)),
                   key=lambda p: -abs(p.exact))
    against = sorted((p for p in parts if (p.amount > 0) != (variance > 0)),
                     key=lambda p: -abs(p.exact))
    moved = sum((abs(p.exact) for p in along), Fraction(0))
    if along:
        main = along[0]
        if abs(main.exact) >= PRIMARY_SHARE * moved:
            clause = _clause(main, context)
            word = "primarily " if len(parts) > 1 else ""
            yield (f"The {direction} requirements are attributable {word}to {clause.text}.",
                   clause.links)
        else:
            listed = [_clause(p, context) for p in along if abs(p.exact) >= LISTED_SHARE * moved]
            yield (f"The {direction} requirements are attributable to: {_enumerate(listed)}.",
                   tuple(link for c in listed for link in c.links))
    offsets = [_clause(p, context) for p in against
               if abs(p.exact) >= OFFSET_SHARE * abs(Fraction(variance))]
    if offsets:
        text = offsets[0].text if len(offsets) == 1 else _enumerate(offsets)
        yield (f"The {direction} requirements are offset in part by {text}.",
               tuple(link for c in offsets for link in c.links))
    if attribution.residual:
        amount = _thousands(attribution.residual)
        yield (f"A residual of {amount} thousand dollars is not explained by the cost drivers.",
               (FigureLink(text=amount, value=attribution.residual,
                           source=f"residual {attribution.line}: printed variance less the "
                                  "variance the drivers give"),))


def _enumerate(clauses: list[Clause]) -> str:
    letters = "abcdefghij"
    items = [f"({letters[i]}) {c.text}" for i, c in enumerate(clauses)]
    if len(items) == 1:
        return items[0]
    return "; ".join(items[:-1]) + "; and " + items[-1]


def _clause(part: Part, context: Context) -> Clause:
    return _CLAUSES.get(part.factor, _generic)(part, context)


def _vacancy(part: Part, context: Context) -> Clause:
    new, old = _rate(context.after), _rate(context.before)
    word = "lower" if new < old else "higher"
    new_text, old_text = f"{new} per cent", f"{old} per cent"
    return Clause(
        f"the application of the {word} vacancy rate of {new_text}, compared with "
        f"{old_text} applied in {context.base_label}",
        (_link(new_text, new, context.after, "vacancy factor"),
         _link(old_text, old, context.before, "vacancy factor")))


def _exchange(part: Part, context: Context) -> Clause:
    links: list[FigureLink] = []
    pieces = []
    for currency, new in sorted(context.after.exchange.items()):
        old = context.before.exchange.get(currency, new)
        word = singular_name(currency)
        new_text, old_text = f"{_rate_text(new)} {word}", f"{_rate_text(old)} {word}"
        pieces.append(f"the application of the exchange rate of {new_text} to one United "
                      f"States dollar, compared with {old_text} applied in {context.base_label}")
        links += [_link(new_text, to_decimal(new), context.after, f"exchange rate {currency}"),
                  _link(old_text, to_decimal(old), context.before, f"exchange rate {currency}")]
    if not pieces:
        return _generic(part, context)
    return Clause(" and ".join(pieces), tuple(links))


def _unit_cost(part: Part, context: Context) -> Clause:
    word = "higher" if part.exact > 0 else "lower"
    new, old = _average(context.after), _average(context.before)
    currency = context.after.currency.get("", "USD")
    money = plural_name(currency)
    unit = "person" if context.after.line in UNIFORMED else "full-time equivalent"
    new_text, old_text = f"{new} thousand {money}", f"{old} thousand"
    return Clause(
        f"the {word} {unit_cost_words(context.after.line)} ({new_text} per {unit}, compared "
        f"with {old_text} in {context.base_label})",
        (_link(new_text, new, context.after, "standard cost"),
         _link(old_text, old, context.before, "standard cost")))


def _posts(part: Part, context: Context) -> Clause:
    new, old = sum(context.after.posts.values()), sum(context.before.posts.values())
    word = "higher" if new > old else "lower"
    new_text, old_text = f"{new} posts", f"{old}"
    return Clause(
        f"the {word} number of posts and personnel ({new_text}, compared with {old_text} in "
        f"{context.base_label})",
        (_link(new_text, Decimal(new), context.after, "posts"),
         _link(old_text, Decimal(old), context.before, "posts")))


def _generic(part: Part, context: Context) -> Clause:
    word = "higher" if part.exact > 0 else "lower"
    what = {"allowance": "mission subsistence allowance rates", "quantity": "quantities",
            "price": "unit prices"}.get(part.factor, "requirements not linked to a cost driver")
    return Clause(f"{word} {what} ({part.after}, compared with {part.before})", ())


_CLAUSES = {"vacancy_factor": _vacancy, "exchange_rate": _exchange, "unit_cost": _unit_cost,
            "posts": _posts}


def _rate(inputs: ClassInputs) -> Decimal:
    """The vacancy rate of a class's posts (their weighted average where bands differ)."""
    posts = sum(inputs.posts.values())
    if not posts:
        return Decimal("0.0")
    weighted = sum((n * inputs.vacancy.get(b, Fraction(0)) for b, n in inputs.posts.items()),
                   Fraction(0))
    return to_decimal(weighted * HUNDRED / posts, 1)


def _average(inputs: ClassInputs) -> Decimal:
    """Average standard cost per full-time equivalent, in the class's own currency."""
    fte = inputs.full_time_equivalents()
    if not fte:
        return Decimal("0.0")
    if inputs.currency.get("", "USD") == "USD":
        total = sum((n * (1 - inputs.vacancy.get(b, Fraction(0))) * unit_in_dollars(inputs, b)
                     for b, n in inputs.posts.items()), Fraction(0))
    else:
        total = sum((n * (1 - inputs.vacancy.get(b, Fraction(0)))
                     * inputs.unit.get(b, inputs.unit.get("", Fraction(0)))
                     for b, n in inputs.posts.items()), Fraction(0))
    return to_decimal(total / fte, 1)


def _rate_text(rate: Fraction) -> str:
    """Exchange rates as the reports print them, with at least three decimals (0.948)."""
    value = to_decimal(rate)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -3:
        value = value.quantize(Decimal("0.001"))
    return format(value, "f")


def _thousands(value: Decimal) -> str:
    return format(value, "f")


def _link(text: str, value: Decimal, inputs: ClassInputs, name: str) -> FigureLink:
    origin = next((s.provenance for s in inputs.sources if s.name.startswith(name)), "drivers")
    return FigureLink(text=text, value=value,
                      source=f"{name} {inputs.line} {inputs.period}: {origin}")
