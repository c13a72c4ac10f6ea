"""The mission register rbb ships: every row valid, codes and names unique, dates in
order, as many operations as its source lists; and how a text names a mission."""

from __future__ import annotations

import re
import time
from importlib.resources import files

import pytest

from rbb.model.errors import InputError
from rbb.model.mission import MissionKind, mission_for_code, mission_for_name
from rbb.model.mission_register import (
    COLUMNS,
    fold,
    load_register,
    printed_code,
    shipped_register,
)

SHIPPED = files("rbb.data").joinpath("reference", "missions.csv").read_text("utf-8")
HEADER = ",".join(COLUMNS)


def _stated_count() -> int:
    """The number of operations the file's own comment says its source lists."""
    found = re.search(r"\((\d+) operations\)", SHIPPED)
    assert found is not None, "the register names how many operations its source lists"
    return int(found[1])


def test_the_file_names_its_public_source() -> None:
    head = "\n".join(line for line in SHIPPED.splitlines() if line.startswith("#"))
    assert "peacekeeping.un.org" in head and "List of peacekeeping operations" in head


def test_every_operation_of_the_list_is_in_the_register() -> None:
    register = shipped_register()
    operations = register.of_kind(MissionKind.OPERATION)
    assert len(operations) == _stated_count() == 71
    support = register.of_kind(MissionKind.SUPPORT_BUDGET)
    assert {m.code for m in support} == {"SUPPORT-ACCOUNT", "UNGSC", "RSCE"}
    assert len(register) == len(operations) + len(support)


def test_codes_and_names_are_unique_and_dates_in_order() -> None:
    register = shipped_register()
    codes = [code for m in register for code in m.codes]
    names = [fold(name) for m in register for name in m.names]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for mission in register:
        if mission.kind is MissionKind.OPERATION:
            assert mission.start is not None, mission.code
            assert mission.establishing_resolution, mission.code
        if mission.start and mission.end:
            assert mission.start <= mission.end, mission.code
        if mission.follows:
            earlier = register.by_code(mission.follows)
            assert earlier is not None and earlier.start is not None and mission.start
            assert earlier.start <= mission.start, mission.code


def test_the_active_operations() -> None:
    # The operations the list shows without an end: the 11 deployed today.
    active = {m.code for m in shipped_register().of_kind(MissionKind.OPERATION) if m.active}
    assert active == {"UNTSO", "UNMOGIP", "UNFICYP", "UNDOF", "UNIFIL", "MINURSO", "UNMIK",
                      "MONUSCO", "UNISFA", "UNMISS", "MINUSCA"}


@pytest.mark.parametrize(("text", "code"), [
    ("Report of the Secretary-General on the United Nations Mission in the Republic of "
     "South Sudan (UNMISS) for the period", "UNMISS"),
    ("budget of the united nations mission in south sudan", "UNMISS"),
    ("the United Nations Mission in the Central African Republic and Chad", "MINURCAT"),
    ("the United Nations Mission in the Central African Republic was", "MINURCA"),
    ("the force (UNEF I) withdrew", "UNEF-I"),
    ("Budget for the United Nations Logistics Base at Brindisi, Italy", "UNGSC"),
    ("transferred from the UNLB (UNLB) stocks", "UNGSC"),
    ("the Regional Service Centre in Entebbe, Uganda, for the period", "RSCE"),
    ("the African Union–United Nations Hybrid Operation in Darfur", "UNAMID"),
    ("United Nations Operation in Côte d’Ivoire", "UNOCI"),
])
def test_a_text_names_a_mission_by_any_name_or_code(text: str, code: str) -> None:
    found = mission_for_name(text)
    assert found is not None and found.code == code


def test_a_character_whose_lower_case_is_longer_changes_nothing() -> None:
    found = mission_for_name("İstanbul office of the United Nations Mission in Liberia (UNMIL)")
    assert found is not None and found.code == "UNMIL"


def test_the_first_mission_named_is_the_one_read() -> None:
    text = ("Budget for the United Nations Interim Security Force for Abyei, which shares "
            "support with the United Nations Mission in South Sudan (UNMISS)")
    found = mission_for_name(text)
    assert found is not None and found.code == "UNISFA"


def test_no_mission_named() -> None:
    assert mission_for_name("The United Nations Mission of Nowhere (UNMON)") is None
    assert mission_for_name("(unmiss) in lower case is not a code") is None


def test_codes_as_printed() -> None:
    assert printed_code("UNEF-II") == "UNEF II"
    assert printed_code("SUPPORT-ACCOUNT") == "SUPPORT-ACCOUNT"
    for asked, code in (("unef ii", "UNEF-II"), ("MONUC", "MONUC"), ("UNPSG", "UNCPSG"),
                        (" unmik ", "UNMIK")):
        found = mission_for_code(asked)
        assert found is not None and found.code == code
    assert mission_for_code("NOPE") is None


def test_reading_a_long_text_stays_fast() -> None:
    # Near-misses everywhere: every position starts a name the register almost holds.
    text = "United Nations Mission in the Central African " * 450  # ~20,000 characters
    started = time.perf_counter()
    assert mission_for_name(text[:20000]) is None
    assert time.perf_counter() - started < 0.5


def _register(*rows: str) -> str:
    return "\n".join(("# a test register", HEADER, *rows)) + "\n"


@pytest.mark.parametrize(("rows", "message"), [
    (("X1,operation,A mission,,,,1999-13,,,",), "missions.csv:3: row of X1: start"),
    (("lower,operation,A mission,,,,,,,",), "missions.csv:3: row of lower: code"),
    (("X1,operation,A mission,,,,2001-01,2000-01,,",), "ends (2000-01) before it starts"),
    (("X1,operation,A mission,,,,,,,", "X1,operation,Another,,,,,,,"),
     "missions.csv:4: the code X1 is already on line 3"),
    (("X1,operation,A mission,,,,,,,", "X2,operation,a  MISSION,,,,,,,"),
     "missions.csv:4: the name 'a  MISSION' is already on line 3"),
    (("X1,operation,A mission,,,X9,,,,",), "X1 follows X9, which is not in the register"),
    (("X1,mission,A mission,,,,,,,",), "missions.csv:3: row of X1: 'mission' is not a valid"),
    (("X1,operation,A mission",), "missions.csv:3: expected 10 cells"),
])
def test_a_bad_row_names_the_file_and_line(rows: tuple[str, ...], message: str) -> None:
    with pytest.raises(InputError) as raised:
        load_register(_register(*rows), file="missions.csv")
    assert message in str(raised.value)


def test_a_file_without_the_columns_is_refused() -> None:
    with pytest.raises(InputError, match=r"missions\.csv:1: expected the columns"):
        load_register("code,name\nX1,A\n", file="missions.csv")
