"""The filters and helpers every page formats figures with."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from rbb.web.templating import amount, number_cells, percentage

THIN = "\u2009"


def test_a_rows_cells_are_escaped_once_and_kept_as_markup() -> None:
    cells = number_cells([f"36{THIN}682.0", "<script>", "", "(119.7)"])
    assert isinstance(cells, Markup)
    assert cells == (f'<td class="num">36{THIN}682.0</td><td class="num">&lt;script&gt;</td>'
                     '<td class="num"></td><td class="num">(119.7)</td>')


def test_remembered_figures_print_the_same_whatever_their_exponent() -> None:
    # 1.0, 1.00 and 1 are equal Decimals (one entry of the remembered texts): one decimal.
    assert {amount(Decimal("1.0")), amount(Decimal("1.00")), amount(Decimal("1"))} == {"1.0"}
    assert amount(Decimal("-0.04")) == "(0.0)"  # not zero: keeps its sign
    assert amount(Decimal("0")) == "—"
    assert amount(Decimal("5"), printed=False) == ""
    assert percentage(Decimal("46.94")) == "46.9"
