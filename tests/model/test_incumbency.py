"""The incumbency row's optional planned average: older stored documents (without it)
still load, and a row that prints one gives a ``planned_average`` fact."""

from decimal import Decimal

from rbb.model import Document, DocumentKind, IncumbencyRow, PersonnelCategory
from rbb.model.facts import document_facts
from rbb.model.mission import mission_for_code


def _document(*rows: IncumbencyRow) -> Document:
    return Document(kind=DocumentKind.PERFORMANCE, mission=mission_for_code("UNMIK"),
                    period="2006/07", title="Performance report", incumbency=rows)


def test_a_row_stored_before_the_planned_column_loads_without_it() -> None:
    stored = ('{"category": "military_observers", "label": "Military observers", '
              '"approved": "40", "actual_average": "38", "vacancy_rate": "5.0", '
              '"source_line": 9}')
    row = IncumbencyRow.model_validate_json(stored)
    assert row.planned_average is None
    assert row.vacancy_base == ("approved", Decimal(40))


def test_the_planned_average_round_trips_exactly() -> None:
    row = IncumbencyRow(category=PersonnelCategory.NATIONAL_STAFF, label="National staff",
                        approved=Decimal(120), planned_average=Decimal("97.5"),
                        actual_average=Decimal(90), vacancy_rate=Decimal("7.7"))
    again = IncumbencyRow.model_validate_json(row.model_dump_json())
    assert again.planned_average == Decimal("97.5")
    assert again == row


def test_facts_carry_the_planned_average_only_where_printed() -> None:
    # handwritten: approved 300, planned 250, actual 240 -> (250 - 240) / 250 = 4.0
    four = IncumbencyRow(category=PersonnelCategory.MILITARY_CONTINGENTS,
                         label="Military contingents", approved=Decimal(300),
                         planned_average=Decimal(250), actual_average=Decimal(240),
                         vacancy_rate=Decimal("4.0"), source_line=20)
    # handwritten: approved 50, actual 45 -> (50 - 45) / 50 = 10.0
    three = IncumbencyRow(category=PersonnelCategory.INTERNATIONAL_STAFF,
                          label="International staff", approved=Decimal(50),
                          actual_average=Decimal(45), vacancy_rate=Decimal("10.0"),
                          source_line=21)
    facts = [(f.row, f.column, f.value, f.unit, f.source_line)
             for f in document_facts(_document(four, three)) if f.table == "incumbency"]
    assert facts == [
        ("military_contingents", "approved", Decimal(300), "persons", 20),
        ("military_contingents", "planned_average", Decimal(250), "persons", 20),
        ("military_contingents", "actual_average", Decimal(240), "persons", 20),
        ("military_contingents", "vacancy_rate", Decimal("4.0"), "percent", 20),
        ("international_staff", "approved", Decimal(50), "persons", 21),
        ("international_staff", "actual_average", Decimal(45), "persons", 21),
        ("international_staff", "vacancy_rate", Decimal("10.0"), "percent", 21),
    ]


def test_a_row_without_a_planned_average_is_stored_as_before() -> None:
    """No ``planned_average`` key where none is printed: the stored body (and its hash)
    of a document read before the column existed does not change."""
    row = IncumbencyRow(category=PersonnelCategory.MILITARY_OBSERVERS,
                        label="Military observers", approved=Decimal(40),
                        actual_average=Decimal(38), vacancy_rate=Decimal("5.0"), source_line=9)
    assert "planned_average" not in row.model_dump_json()
    with_it = row.model_copy(update={"planned_average": Decimal(39)})
    assert '"planned_average":"39"' in with_it.model_dump_json()
