"""A framework component edited in a form (docs/preparation.md, "Editing the
frameworks"): the component shown as form fields, the fields typed back read into a
component, and the rules an edited component is held to, the same for the web form and
the API; a component added (its key, number and name) or removed.

The form names every item by its place in the revision the form showed (``ea0``,
``ea0.ind1``, ``ea0.out2``; ``new`` for the blank row that adds one), so what the form
does not show (earlier periods' values, a performance report's completion, the lines
the report printed them on) is kept from that revision. A refusal names the field as
the budget does: ``substantive 1.1.2 target: 'lots' is not a number (expected e.g. 95
or 4.5)``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from pydantic import ValidationError

from rbb.model.base import Record
from rbb.model.cycle import Period
from rbb.model.errors import InputError
from rbb.model.frameworks import (
    Comparator,
    Component,
    ExpectedAccomplishment,
    Indicator,
    IndicatorValue,
    Output,
    OutputQuantity,
)

R = TypeVar("R", bound=Record)
NEW = "new"
NOT_APPLICABLE = frozenset({"n/a", "not applicable"})
_NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")
_ITEM_NUMBER = re.compile(r"^\d{1,4}(?:\.\d{1,4}){1,3}$")
_FIELD = re.compile(r"^ea(\d{1,4}|new)\.(?:(ind|out)(\d{1,4}|new)\.)?([a-z_]{1,20})$")
NUMBER_TEXT_LIMIT = 40
"""Characters of a typed number: enough for any figure a framework states."""


# --- the form -------------------------------------------------------------------------

@dataclass
class IndicatorForm:
    index: str
    """Its place in the revision's expected accomplishment, or ``new``."""
    number: str
    text: str = ""
    comparator: str = ""
    value: str = ""
    unit: str = ""
    tolerance: str = ""
    printed: str = ""
    """The target as printed (``≥ 95 per cent``); empty: written from the fields."""
    remove: bool = False
    earlier: tuple[tuple[str, str], ...] = ()
    """The earlier periods' values as printed, shown read-only."""


@dataclass
class OutputForm:
    index: str
    heading: str = ""
    text: str = ""
    quantities: str = ""
    """One quantity a line, its number first: ``250 field reports``."""
    remove: bool = False


@dataclass
class AccomplishmentForm:
    index: str
    number: str
    text: str = ""
    remove: bool = False
    indicators: list[IndicatorForm] = field(default_factory=list)
    outputs: list[OutputForm] = field(default_factory=list)


@dataclass
class ComponentForm:
    key: str
    name: str = ""
    external_factors: str = ""
    accomplishments: list[AccomplishmentForm] = field(default_factory=list)


def component_form(component: Component, period: Period) -> ComponentForm:
    """The component as its editor shows it: the target of ``period`` in fields, the
    earlier periods read-only, and a blank row to add an item after each list."""
    accomplishments = []
    for i, ea in enumerate(component.expected_accomplishments):
        indicators = [_indicator_form(str(j), ind, period)
                      for j, ind in enumerate(ea.indicators)]
        indicators.append(IndicatorForm(NEW, next_number(
            ea.number, (ind.number for ind in ea.indicators))))
        outputs = [OutputForm(str(k), out.heading or "", out.text,
                              "\n".join(q.text for q in out.quantities))
                   for k, out in enumerate(ea.outputs)]
        outputs.append(OutputForm(NEW))
        accomplishments.append(AccomplishmentForm(str(i), ea.number, ea.text,
                                                  indicators=indicators, outputs=outputs))
    accomplishments.append(_new_accomplishment(component))
    return ComponentForm(component.key, component.name, component.external_factors or "",
                         accomplishments)


def _new_accomplishment(component: Component) -> AccomplishmentForm:
    prefix = str(component.number) if component.number is not None else "1"
    number = next_number(prefix, (ea.number for ea in component.expected_accomplishments))
    return AccomplishmentForm(NEW, number, indicators=[IndicatorForm(NEW, f"{number}.1")],
                              outputs=[OutputForm(NEW)])


def _indicator_form(index: str, indicator: Indicator, period: Period) -> IndicatorForm:
    target = _target(indicator, period)
    earlier = tuple((v.period.label, v.text) for v in indicator.values if v.period < period)
    if target is None:
        return IndicatorForm(index, indicator.number, indicator.text, earlier=earlier)
    return IndicatorForm(
        index, indicator.number, indicator.text,
        comparator=target.comparator.value if target.comparator else "",
        value=_plain(target.value), unit=target.unit or "",
        tolerance=_plain(target.tolerance), printed=target.text, earlier=earlier)


def next_number(prefix: str, taken: Iterable[str]) -> str:
    """The number after the highest under ``prefix``: ``1.1.3`` after ``1.1.2``."""
    last = 0
    for number in taken:
        head, _, tail = number.rpartition(".")
        if head == prefix and tail.isdigit():
            last = max(last, int(tail))
    return f"{prefix}.{last + 1}"


def form_from_fields(fields: Sequence[tuple[str, str]], key: str,
                     shown: Component | None, period: Period) -> ComponentForm:
    """The form as typed (to show it again with a refusal, or to apply it): the fields
    named as ``component_form`` names them; unknown names are ignored. ``shown`` (the
    revision's component) gives the read-only earlier values."""
    values: dict[str, str] = {}
    for name, value in fields:
        values.setdefault(name, value)
    form = ComponentForm(key, values.get("name", ""), values.get("external_factors", ""))
    accomplishments: dict[str, AccomplishmentForm] = {}
    for name, _ in fields:
        match = _FIELD.match(name)
        if match is None:
            continue
        ea_index, kind, item_index = match[1], match[2], match[3]
        ea = accomplishments.get(ea_index)
        if ea is None:
            prefix = f"ea{ea_index}."
            ea = AccomplishmentForm(ea_index, values.get(prefix + "number", ""),
                                    values.get(prefix + "text", ""),
                                    values.get(prefix + "remove") == "yes")
            accomplishments[ea_index] = ea
            form.accomplishments.append(ea)
        prefix = f"ea{ea_index}.{kind}{item_index}."
        if kind == "ind" and all(i.index != item_index for i in ea.indicators):
            ea.indicators.append(IndicatorForm(
                item_index, values.get(prefix + "number", ""), values.get(prefix + "text", ""),
                values.get(prefix + "comparator", ""), values.get(prefix + "value", ""),
                values.get(prefix + "unit", ""), values.get(prefix + "tolerance", ""),
                values.get(prefix + "printed", ""), values.get(prefix + "remove") == "yes",
                _earlier(shown, ea_index, item_index, period)))
        elif kind == "out" and all(o.index != item_index for o in ea.outputs):
            ea.outputs.append(OutputForm(
                item_index, values.get(prefix + "heading", ""), values.get(prefix + "text", ""),
                values.get(prefix + "quantities", ""), values.get(prefix + "remove") == "yes"))
    return form


def _earlier(shown: Component | None, ea_index: str, index: str, period: Period
             ) -> tuple[tuple[str, str], ...]:
    ea = _at(shown.expected_accomplishments, ea_index) if shown else None
    indicator = _at(ea.indicators, index) if ea else None
    if indicator is None:
        return ()
    return tuple((v.period.label, v.text) for v in indicator.values if v.period < period)


# --- the form applied -----------------------------------------------------------------

def apply_form(form: ComponentForm, shown: Component | None, period: Period) -> Component:
    """The component the form describes, built on ``shown`` (the revision's component,
    None for a new one): what the form does not show is kept. Refused (``InputError``,
    the field named) where a value cannot be read; then held to ``check_component``."""
    key = form.key
    accomplishments = []
    for ea_form in form.accomplishments:
        if ea_form.remove or (ea_form.index == NEW and _blank_accomplishment(ea_form)):
            continue
        was = _existing(shown.expected_accomplishments if shown else (), ea_form.index,
                        f"{key} expected accomplishment {ea_form.number}")
        where = f"{key} {ea_form.number.strip() or ea_form.index}"
        indicators = []
        for ind_form in ea_form.indicators:
            if ind_form.remove or (ind_form.index == NEW and _blank_indicator(ind_form)):
                continue
            old = _existing(was.indicators if was else (), ind_form.index,
                            f"{where} indicator {ind_form.number}")
            indicators.append(_indicator(key, ind_form, old, period))
        outputs = []
        for position, out_form in enumerate(ea_form.outputs, start=1):
            if out_form.remove or (out_form.index == NEW and not (
                    out_form.text.strip() or out_form.quantities.strip())):
                continue
            old_output = _existing(was.outputs if was else (), out_form.index,
                                   f"{where} output {position}")
            outputs.append(_output(f"{where} output {position}", out_form, old_output))
        accomplishments.append(_build(ExpectedAccomplishment, was, {
            "number": ea_form.number.strip(), "text": _text(ea_form.text),
            "indicators": tuple(indicators), "outputs": tuple(outputs)},
            where))
    base: dict[str, Any] = {"key": key, "name": _text(form.name) or key}
    component = _build(Component, shown, {
        **base, "external_factors": _text(form.external_factors) or None,
        "expected_accomplishments": tuple(accomplishments)}, key)
    check_component(component, period)
    return component


def _indicator(key: str, form: IndicatorForm, old: Indicator | None, period: Period
               ) -> Indicator:
    where = f"{key} {form.number.strip() or 'new indicator'}"
    target = _target_from(form, old, period, where)
    values = [v for v in (old.values if old else ()) if v.period != period]
    if target is not None:
        values.append(target)
    values.sort(key=lambda v: v.period)
    return _build(Indicator, old, {"number": form.number.strip(), "text": _text(form.text),
                                   "values": tuple(values)}, where)


def _target_from(form: IndicatorForm, old: Indicator | None, period: Period, where: str
                 ) -> IndicatorValue | None:
    """The period's value from the fields. The printed text follows the fields unless
    the editor changed it: left as the revision printed it, it is written anew."""
    comparator_text = form.comparator.strip()
    if comparator_text and comparator_text not in {c.value for c in Comparator}:
        raise InputError(f"{where} comparator: {comparator_text[:20]!r} is not one of "
                         f"{' '.join(c.value for c in Comparator)}")
    comparator = Comparator(comparator_text) if comparator_text else None
    value_text, printed = form.value.strip(), " ".join(form.printed.split())
    if value_text.lower() in NOT_APPLICABLE:
        value_text, printed = "", printed or "n/a"
    value = _number(value_text, f"{where} target") if value_text else None
    tolerance = (_number(form.tolerance.strip(), f"{where} tolerance")
                 if form.tolerance.strip() else None)
    if comparator is Comparator.PLUS_OR_MINUS and tolerance is None:
        raise InputError(f"{where} tolerance: ± needs the tolerance, e.g. 3")
    unit = " ".join(form.unit.split()) or None
    if value is None and not printed and comparator is None:
        return None
    previous = _target(old, period) if old else None
    if previous is not None and printed == previous.text and (
            value, unit, comparator, tolerance) != (previous.value, previous.unit,
                                                    previous.comparator, previous.tolerance):
        printed = ""
    if not printed:
        printed = written_target(value, unit, comparator, tolerance)
    return IndicatorValue(period=period, text=printed, value=value, unit=unit,
                          comparator=comparator, tolerance=tolerance,
                          source_line=previous.source_line if previous else None)


def written_target(value: Decimal | None, unit: str | None, comparator: Comparator | None,
                   tolerance: Decimal | None) -> str:
    """A target as the budget prints one: ``≥ 95 per cent``, ``2,100``, ``10.0 per cent
    ± 3 per cent``."""
    if value is None:
        return "n/a"
    figure = f"{value:,}" + (f" {unit}" if unit else "")
    if comparator is Comparator.PLUS_OR_MINUS:
        return f"{figure} ± {tolerance:,}" + (f" {unit}" if unit else "")
    return f"{comparator.value} {figure}" if comparator else figure


def _output(where: str, form: OutputForm, old: Output | None) -> Output:
    quantities = []
    for line in form.quantities.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        kept = next((q for q in (old.quantities if old else ()) if q.text == line), None)
        if kept is not None:  # as the revision holds it (``one mission``: a word)
            quantities.append(kept)
            continue
        first = line.split(" ")[0].lstrip("$")
        value = _number(first, f"{where} quantities", example="250 field reports")
        if value < 0:
            raise InputError(f"{where} quantities: {line[:40]!r} is negative (a quantity "
                             "counts what the output delivers)")
        quantities.append(OutputQuantity(value=value, text=line))
    return _build(Output, old, {"heading": _text(form.heading) or None,
                                "text": _text(form.text), "quantities": tuple(quantities)},
                  where)


# --- the rules ------------------------------------------------------------------------

def check_component(component: Component, period: Period) -> None:
    """What an edited component must hold, through the form or the API: every expected
    accomplishment, indicator and output its text, numbers well formed and used once,
    each indicator a target for ``period`` with a value (or the text n/a), quantities
    not negative."""
    key = component.key
    for problem in _problems(component, period):
        raise InputError(f"{key} {problem}")


def _problems(component: Component, period: Period) -> Iterator[str]:
    seen: set[str] = set()
    for ea in component.expected_accomplishments:
        yield from _numbered(ea.number, "expected accomplishment", seen)
        if not ea.text.strip():
            yield f"{ea.number} text: an expected accomplishment needs its text"
        for indicator in ea.indicators:
            where = indicator.number
            yield from _numbered(where, "indicator", seen)
            if not indicator.text.strip():
                yield f"{where} text: an indicator of achievement needs its text"
            target = _target(indicator, period)
            if target is None:
                yield (f"{where} target: no value for {period.label} (give one, e.g. 95, "
                       "or the text n/a)")
            elif target.value is None and target.text.strip().lower() not in NOT_APPLICABLE:
                yield (f"{where} target: {target.text[:40]!r} has no value (give one, "
                       "e.g. 95, or the text n/a)")
        for position, output in enumerate(ea.outputs, start=1):
            if not output.text.strip():
                yield f"{ea.number} output {position} text: an output needs its text"
            for quantity in output.quantities:
                if quantity.value < 0:
                    yield (f"{ea.number} output {position} quantities: "
                           f"{quantity.text[:40]!r} is negative")


def _numbered(number: str, what: str, seen: set[str]) -> Iterator[str]:
    if not _ITEM_NUMBER.match(number):
        yield (f"{number[:20] or what} number: {number[:20]!r} is not a number like "
               "1.1 or 1.1.2")
    elif number in seen:
        yield f"{number} number: {number} is used twice (a number names one item)"
    seen.add(number)


# --- small pieces ---------------------------------------------------------------------

def _target(indicator: Indicator, period: Period) -> IndicatorValue | None:
    return next((v for v in indicator.values if v.period == period), None)


def _number(text: str, where: str, *, example: str = "95 or 4.5") -> Decimal:
    if len(text) > NUMBER_TEXT_LIMIT or not _NUMBER.match(text):
        raise InputError(f"{where}: {text[:NUMBER_TEXT_LIMIT]!r} is not a number "
                         f"(expected e.g. {example})")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise InputError(f"{where}: {text[:20]!r} is not a number") from None


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _text(text: str) -> str:
    """A text as typed, its lines joined as the report prints them."""
    return " ".join(text.split())


def _at(items: Sequence[Any], index: str) -> Any:
    if index.isdigit() and int(index) < len(items):
        return items[int(index)]
    return None


def _existing(items: Sequence[Any], index: str, what: str) -> Any:
    """The item the form's row was shown from, None for a new row; a row of an item
    the revision does not hold is refused (a form altered by hand)."""
    if index == NEW:
        return None
    found = _at(items, index)
    if found is None:
        raise InputError(f"{what}: not in the revision the form showed; reload the page")
    return found


def _build(kind: type[R], old: R | None, update: dict[str, Any], where: str) -> R:
    """``kind`` built (and validated) from ``old`` with ``update``; a value the model
    refuses is named with ``where``."""
    data = {**(old.model_dump() if old is not None else {}), **update}
    try:
        return kind.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{where} {location}: {first['msg']}") from None


def _blank_indicator(form: IndicatorForm) -> bool:
    return not any(part.strip() for part in (form.text, form.value, form.comparator,
                                             form.unit, form.printed, form.tolerance))


def _blank_accomplishment(form: AccomplishmentForm) -> bool:
    return not form.text.strip() and all(
        i.index == NEW and _blank_indicator(i) for i in form.indicators) and all(
        o.index == NEW and not (o.text.strip() or o.quantities.strip()) for o in form.outputs)


# --- a component added or removed ----------------------------------------------------

COMPONENT_KEY = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
"""A component's key, as the model's ``Key`` and the API's address take it."""
NAME_LIMIT = 500
"""Characters of a component's name (the form's field is as wide)."""


def next_component_number(components: Sequence[Component]) -> int:
    """The number after the highest the components give themselves (1 for none)."""
    return max((c.number for c in components if c.number is not None), default=0) + 1


def new_component(components: Sequence[Component], key: str, number: str, name: str,
                  external_factors: str = "") -> Component:
    """A component to append, as the frameworks page's form gives it: refused
    (``InputError``, the field named) for a key that is not a key or is taken, a number
    that is not a positive whole number or is another component's, or no name. Its
    expected accomplishments are added in its own editor."""
    key = key.strip()
    if not COMPONENT_KEY.match(key):
        raise InputError(f"key: {key[:70]!r} is not a component key (lowercase letters, "
                         "digits and _, at most 64, e.g. rule_of_law)")
    if any(c.key == key for c in components):
        raise InputError(f"key: the revision has a component {key} already (edit it, or "
                         "choose another key)")
    number_text = number.strip()
    if not number_text.isdigit() or not 0 < int(number_text) < 1000:
        raise InputError(f"{key} number: {number_text[:20]!r} is not a component number "
                         "(a whole number from 1, e.g. "
                         f"{next_component_number(components)})")
    taken = next((c for c in components if c.number == int(number_text)), None)
    if taken is not None:
        raise InputError(f"{key} number: {int(number_text)} is the number of component "
                         f"{taken.key} (e.g. {next_component_number(components)})")
    title = _text(name)
    if not title:
        raise InputError(f"{key} name: a component needs its name (e.g. Rule of law)")
    if len(title) > NAME_LIMIT:
        raise InputError(f"{key} name: longer than {NAME_LIMIT} characters")
    return Component(key=key, number=int(number_text), name=title,
                     external_factors=_text(external_factors) or None)


def without(components: Sequence[Component], key: str) -> tuple[Component, ...]:
    """The components but the one with ``key``; ``InputError`` naming ``component``
    when there is none (another save removed it)."""
    if all(c.key != key for c in components):
        raise InputError(f"component: the revision has no component {key} (removed "
                         "already?)")
    return tuple(c for c in components if c.key != key)


def replaced(components: Sequence[Component], component: Component
             ) -> tuple[Component, ...]:
    """The components with ``component`` in place of the one with its key, or added at
    the end."""
    found = [component if c.key == component.key else c for c in components]
    if all(c.key != component.key for c in components):
        found.append(component)
    return tuple(found)
