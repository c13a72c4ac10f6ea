"""The drafted explanations name the accounts that carried the months they cite
(rbb.costing.performance_narrative): a fictional mission's small ledger, by hand."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from rbb.costing.performance_draft import draft_performance, months_of
from rbb.costing.performance_narrative import LABEL_AT_MOST, one_line
from rbb.engine.checks import run_checks
from rbb.model import Severity
from rbb.model.ledger import AccountMonth, ClassMonth
from rbb.model.tables import VarianceExplanation
from tests.costing.test_performance_draft import P2425, fictional_budget


def account(code: str, class_code: str, label: str, month: dt.date,
            obligated: str = "0", adjusted: str = "0") -> AccountMonth:
    return AccountMonth(account=code, class_code=class_code, label=label, month=month,
                        obligated=Decimal(obligated), adjusted=Decimal(adjusted))


def class_months(accounts: list[AccountMonth]) -> list[ClassMonth]:
    """The class months the same ledger gives: its account months summed."""
    sums: dict[tuple[str, dt.date], list[Decimal]] = defaultdict(
        lambda: [Decimal(0), Decimal(0)])
    for entry in accounts:
        sums[entry.class_code, entry.month][0] += entry.obligated
        sums[entry.class_code, entry.month][1] += entry.adjusted
    return [ClassMonth(class_code=c, month=m, obligated=o, adjusted=a)
            for (c, m), (o, a) in sums.items()]


def explained(rows: dict[str, str], accounts: list[AccountMonth]) -> VarianceExplanation:
    draft = draft_performance(fictional_budget(rows), class_months(accounts), period=P2425,
                              accounts=accounts)
    assert not [f for f in run_checks([draft]) if f.severity is Severity.ERROR]
    [explanation] = draft.variance_explanations
    return explanation


def test_one_account_carries_the_month_mostly() -> None:
    # Ground transportation: $1,200,000 apportioned, $100,000 a month. Eleven months
    # spend fuel $60,000 + repairs $40,000; March 2025 fuel $15,000 + repairs $5,000 =
    # $20,000, the month the explanation cites. Fuel carries 15 of its 20 thousand,
    # three quarters: over two thirds, "mostly under" fuel alone.
    line = "ground_transportation"
    accounts = []
    for month in months_of(P2425):
        fuel, repairs = ("15000", "5000") if month.month == 3 else ("60000", "40000")
        accounts += [account("7315", line, "Fuel", month, fuel),
                     account("7316", line, "Repairs", month, repairs)]
    explanation = explained({line: "1200.0"}, accounts)
    [paragraph] = explanation.paragraphs
    assert paragraph.text == (
        "The reduced requirements were attributable primarily to lower expenditure in "
        "March 2025 ($20,000), against an even monthly share of the apportionment of "
        "$100,000. The expenditure of March 2025 was recorded mostly under Fuel (account "
        "7315: $15,000).")
    fuel = paragraph.links[-1]
    assert (fuel.text, fuel.value) == ("$15,000", Decimal(15))
    assert fuel.source == "ledger ground_transportation account 7315 2025-03: obligated " \
        "plus adjusted"


def test_accounts_with_a_quarter_each_are_listed_and_the_offset_named() -> None:
    # Facilities: $600,000 apportioned, $50,000 a month, all rent in nine months. May
    # 2025: rent 60 + generators 40 + security 20 = 120 thousand; June: 50 + 50 + 10 =
    # 110; July 2024: rent 30 (the offset). Total 450 + 120 + 110 + 30 = 710: variance
    # −110.0. May and June together: rent 110, generators 90, security 30, of 230;
    # rent 110 ÷ 230 = 0.48 is under two thirds; rent and generators have a quarter
    # each (57.5), security (30) not.
    line = "facilities_and_infrastructure"
    split = {5: ("60000", "40000", "20000"), 6: ("50000", "50000", "10000"),
             7: ("30000", "0", "0")}
    accounts = []
    for month in months_of(P2425):
        rent, generators, security = split.get(month.month, ("50000", "0", "0"))
        accounts += [account("7311", line, "Rental of premises", month, rent),
                     account("7312", line, "Generators", month, generators),
                     account("7313", line, "Security services", month, security)]
    explanation = explained({line: "600.0"}, accounts)
    texts = [p.text for p in explanation.paragraphs]
    assert texts[0].endswith(
        "in: (a) May 2025 ($120,000); and (b) June 2025 ($110,000). The expenditure of "
        "those months was recorded mainly under Rental of premises (account 7311: "
        "$110,000) and Generators (account 7312: $90,000).")
    # July 2024 is all rent: the one account with any posting that month.
    assert texts[1] == (
        "The increased requirements were offset in part by lower expenditure in July 2024 "
        "($30,000), against the monthly share of $50,000. The expenditure of July 2024 "
        "was recorded entirely under Rental of premises (account 7311: $30,000).")
    links = explanation.paragraphs[0].links
    assert [(link.text, link.source) for link in links[-2:]] == [
        ("$110,000", f"ledger {line} account 7311 2025-05, 2025-06: obligated plus adjusted"),
        ("$90,000", f"ledger {line} account 7312 2025-05, 2025-06: obligated plus adjusted")]


def test_spread_over_accounts_none_with_a_quarter() -> None:
    # Medical: $240,000 apportioned, $20,000 a month; $15,000 spent every month, $3,000
    # in each of five accounts: each a fifth of the year's $180,000, none a quarter.
    accounts = [account(f"719{n}", "medical", f"Medical item {n}", month, "3000")
                for month in months_of(P2425) for n in range(5)]
    [paragraph] = explained({"medical": "240.0"}, accounts).paragraphs
    assert paragraph.text.endswith(
        "against an even monthly share of the apportionment of $20,000. The expenditure of "
        "those months was recorded over 5 accounts, none carrying a quarter of it.")


def test_national_staff_accounts_of_both_parts_are_named_under_the_whole() -> None:
    # National staff apportioned as a whole, $400,000 ($33,333.33 a month). The accounts
    # map to its parts: officers $10,000 and General Service $15,000 a month, $300,000
    # in all (variance 100.0, 25.0 per cent), lower every month. Over the twelve months:
    # General Service 180 thousand (0.6), officers 120 (0.4): both over a quarter.
    accounts = []
    for month in months_of(P2425):
        accounts += [account("7121", "national_professional_officers", "Salaries - NPO",
                             month, "10000"),
                     account("7123", "national_general_service_staff", "Salaries - GS",
                             month, "15000")]
    [paragraph] = explained({"national_staff": "400.0"}, accounts).paragraphs
    assert paragraph.text.endswith(
        "The expenditure of those months was recorded mainly under Salaries - GS (account "
        "7123: $180,000) and Salaries - NPO (account 7121: $120,000).")
    assert paragraph.links[-1].source == ("ledger national_staff account 7121 12 months "
                                          "between 2024-07 and 2025-06: obligated plus "
                                          "adjusted")


def test_net_credits_named_by_the_account_they_were_posted_to() -> None:
    # Nothing apportioned for medical. April 2025: an obligation of a prior period
    # cancelled, −$150,000 on account 7191; May: $10,000 obligated on 7192. Net −140.0,
    # a variance of 140.0 (reduced). Over the period the credits are 7191's alone (150
    # of the 150 credited), though 7192 posted the other way: "mostly", not "entirely".
    accounts = [account("7191", "medical", "Medical services", dt.date(2025, 4, 1),
                        adjusted="-150000"),
                account("7192", "medical", "Medical supplies", dt.date(2025, 5, 1),
                        obligated="10000")]
    # (The adjustment, over a tenth of the variance, is said in a paragraph of its own.)
    paragraph, adjustments = explained({"official_travel": "0.0"}, accounts).paragraphs
    assert adjustments.text.startswith("Net adjustments to the period's postings of "
                                       "($150,000)")
    assert paragraph.text == (
        "The reduced requirements were attributable to net credits of $140,000 posted "
        "against a nil apportionment, the largest in April 2025 (net credits of $150,000). "
        "The net credits of the period were posted mostly under Medical services "
        "(account 7191: $150,000).")
    assert paragraph.links[-1].source.endswith("obligated plus adjusted (net credits)")


def test_a_label_cannot_break_the_sentence() -> None:
    # A mapping's label with a line break, a tab and 120 characters; and an account with
    # no label at all. Ground transportation $120,000 apportioned, $10,000 a month;
    # March spends $2,000 (7315: $1,500, 7399: $500), the others $10,000 on 7315.
    line = "ground_transportation"
    long = "Fuel\nand\tlubricants " + "for generators and vehicles " * 4
    accounts = [account("7315", line, long, m, "1500" if m.month == 3 else "10000")
                for m in months_of(P2425)]
    accounts.append(account("7399", line, "", dt.date(2025, 3, 1), "500"))
    [paragraph] = explained({line: "120.0"}, accounts).paragraphs
    named = paragraph.text.split("The expenditure of March 2025 was recorded ")[1]
    # 7315 carries 1,500 of 2,000 (three quarters): mostly under it, the label one line
    # cut at a word with an ellipsis.
    label = one_line(long, LABEL_AT_MOST)
    assert "\n" not in paragraph.text and "\t" not in paragraph.text
    assert len(label) <= LABEL_AT_MOST and label.endswith("…")
    assert label.startswith("Fuel and lubricants for generators and vehicles for")
    assert named == f"mostly under {label} (account 7315: $1,500)."
    assert one_line(" Rations \u2028 ", LABEL_AT_MOST) == "Rations"


def test_an_account_without_a_label_is_named_by_its_code() -> None:
    # As above without the long label: March 2025 is $1,000 on 7399 (no label) and $500
    # on 7315: 7399 carries two thirds exactly, "mostly under" it.
    line = "ground_transportation"
    accounts = [account("7315", line, "Fuel", m, "500" if m.month == 3 else "10000")
                for m in months_of(P2425)]
    accounts.append(account("7399", line, "", dt.date(2025, 3, 1), "1000"))
    [paragraph] = explained({line: "120.0"}, accounts).paragraphs
    assert paragraph.text.endswith("The expenditure of March 2025 was recorded mostly under "
                                   "account 7399 ($1,000).")


def test_class_months_alone_name_no_account() -> None:
    # A ledger given as class months (--months FILE) has no accounts: months only.
    line = "ground_transportation"
    months = [ClassMonth(class_code=line, month=m,
                         obligated=Decimal("20000" if m.month == 3 else "100000"))
              for m in months_of(P2425)]
    draft = draft_performance(fictional_budget({line: "1200.0"}), months, period=P2425)
    [explanation] = draft.variance_explanations
    assert "account" not in explanation.paragraphs[0].text
