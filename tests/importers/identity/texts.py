"""Report heads written for these tests (not copied from any report or seed): the
masthead, title block and first lines of each kind of report, in the layout of the
General Assembly's documents, with invented symbols, dates and agenda items."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Head:
    """A report head and the identity it prints."""

    text: str
    kind: str
    code: str
    name: str
    period: str
    """``2006/07`` for a financial year, else the dates as stated."""
    symbol: str
    date: str
    session: str
    agenda_item: str


def masthead(symbol: str, date: str, session: str, item: str) -> str:
    return (f"United Nations\n{symbol}\n\nGeneral Assembly\nDistr.: General\n{date}\n\n"
            f"Original: English\n\n{session}\nAgenda item {item}\n")


def contents(*entries: str) -> str:
    """A PDF contents page: entries with dot leaders, the page numbers printed apart."""
    lines = ["Contents", "Page"]
    for number, entry in enumerate(entries, start=3):
        lines += [f"{entry} . . . . . . . . . . . . . . . . . .", str(number * 4)]
    return "\n".join(lines) + "\n"


def budget(name: str, code: str, start: int, *, symbol: str, date: str, session: str,
           item: str) -> Head:
    period = f"1 July {start} to 30 June {start + 1}"
    text = (masthead(symbol, date, session, item)
            + f"\nFinancing of the {name}\n\nBudget for the {name} for the period from "
            f"{period}\n\nReport of the Secretary-General\n\n"
            + contents("I. Mandate and planned results", "II. Financial resources",
                       "III. Analysis of variances")
            + f"\nSummary\nThe present report contains the budget for the {name} ({code}) for "
            f"the period from {period}, which amounts to $12,345,600.\n")
    return Head(text, "budget", code, name, f"{start}/{(start + 1) % 100:02d}", symbol, date,
                session, item)


def performance(name: str, code: str, start: int, *, symbol: str, date: str, session: str,
                item: str) -> Head:
    period = f"1 July {start} to 30 June {start + 1}"
    text = (masthead(symbol, date, session, item)
            + f"\nFinancing of the {name}\n\nPerformance report on the budget of the {name} "
            f"for the period from {period}\n\nReport of the Secretary-General\n\n"
            + contents("I. Introduction", "II. Mandate performance", "III. Resource performance",
                       "IV. Analysis of variances")
            + f"\nSummary\nThe total expenditure for the {name} ({code}) for the period from "
            f"{period} has been linked to the mission's objective. The proposed budget for the "
            "next period is presented separately.\n")
    return Head(text, "performance", code, name, f"{start}/{(start + 1) % 100:02d}", symbol,
                date, session, item)


HEADS: tuple[Head, ...] = (
    budget("United Nations Mission for the Referendum in Western Sahara", "MINURSO", 2009,
           symbol="A/63/700", date="3 February 2009", session="Sixty-third session",
           item="142"),
    performance("African Union-United Nations Hybrid Operation in Darfur", "UNAMID", 2010,
                symbol="A/65/600", date="1 December 2010", session="Sixty-fifth session",
                item="151"),
    budget("United Nations Organization Stabilization Mission in the Democratic Republic of "
           "the Congo", "MONUSCO", 2013, symbol="A/67/800", date="1 March 2013",
           session="Sixty-seventh session", item="145 (a)"),
    performance("United Nations Multidimensional Integrated Stabilization Mission in the "
                "Central African Republic", "MINUSCA", 2017, symbol="A/72/600",
                date="20 December 2017", session="Seventy-second session", item="155"),
    budget("United Nations Peacekeeping Force in Cyprus", "UNFICYP", 2008, symbol="A/62/700",
           date="1 February 2008", session="Sixty-second session", item="137"),
    performance("United Nations Disengagement Observer Force", "UNDOF", 2005,
                symbol="A/60/600", date="2 December 2005", session="Sixtieth session",
                item="136 (a)"),
    budget("United Nations Interim Force in Lebanon", "UNIFIL", 2011, symbol="A/65/700",
           date="1 February 2011", session="Sixty-fifth session", item="153 (b)"),
    budget("United Nations Mission in the Sudan", "UNMIS", 2007, symbol="A/61/800",
           date="15 February 2007", session="Sixty-first session", item="141"),
    budget("United Nations Logistics Base at Brindisi, Italy", "UNLB", 2012,
           symbol="A/66/700", date="1 February 2012", session="Sixty-sixth session",
           item="146"),
    performance("Regional Service Centre in Entebbe, Uganda", "RSCE", 2015, symbol="A/70/600",
                date="1 December 2015", session="Seventieth session", item="148"),
)
"""Budgets and performance reports of each shape of name."""


OTHER_KINDS: tuple[Head, ...] = (
    Head(masthead("A/60/700", "6 March 2006", "Sixtieth session", "139")
         + "\nFinancing of the United Nations Operation in Burundi\n\nRevised budget for the "
         "United Nations Operation in Burundi for the period from 1 July 2005 to 30 June 2006"
         "\n\nReport of the Secretary-General\n\nSummary\nThe present report contains the "
         "revised budget for the United Nations Operation in Burundi (ONUB) ...\n",
         "revised_budget", "ONUB", "United Nations Operation in Burundi", "2005/06",
         "A/60/700", "6 March 2006", "Sixtieth session", "139"),
    Head(masthead("A/C.5/49/40", "12 December 1994", "Forty-ninth session", "120 (b)")
         + "\nFinancing of the United Nations Peacekeeping Force in Cyprus\n\nReport of the "
         "Secretary-General\n\n1. The present report contains the cost estimates of the United "
         "Nations Peacekeeping Force in Cyprus (UNFICYP) for the period from 1 October 1994 to "
         "30 June 1995.\n", "financing_report", "UNFICYP",
         "United Nations Peacekeeping Force in Cyprus", "1 October 1994 to 30 June 1995",
         "A/C.5/49/40", "12 December 1994", "Forty-ninth session", "120 (b)"),
    Head(masthead("A/74/737/Add.9", "21 April 2020", "Seventy-fourth session", "163")
         + "\nFinancing of the United Nations Mission in South Sudan\n\nBudget performance for "
         "the period from 1 July 2018 to 30 June 2019 and proposed budget for the period from 1 "
         "July 2020 to 30 June 2021 for the United Nations Mission in South Sudan\n\nReport of "
         "the Advisory Committee on Administrative and Budgetary Questions\n\nI. Introduction\n"
         "1. The Advisory Committee has considered the reports of the Secretary-General on the "
         "financing of the United Nations Mission in South Sudan (UNMISS).\n",
         "acabq_report", "UNMISS", "United Nations Mission in South Sudan", "2020/21",
         "A/74/737/Add.9", "21 April 2020", "Seventy-fourth session", "163"),
    Head(masthead("A/59/700", "1 February 2005", "Fifty-ninth session", "138")
         + "\nBudget for the period from 1 July 2005 to 30 June 2006 of the United Nations Mission "
         "in Ethiopia and Eritrea\n\nReport of the Secretary-General\n\nSummary\nThe present "
         "report contains the budget of the United Nations Mission in Ethiopia and Eritrea (UNMEE)"
         " ...\n", "budget", "UNMEE", "United Nations Mission in Ethiopia and Eritrea",
         "2005/06", "A/59/700", "1 February 2005", "Fifty-ninth session", "138"),
)
"""The other kinds, and a title that states its period before the mission."""
