"""Which mission a report is of: a register entry by any name it prints, or, for an
operation the register does not hold, a provisional entry from the code and name the
report prints. The texts are written for these tests, not taken from the seeds."""

from __future__ import annotations

from rbb.importers.detect import detect

BUDGET = ("Budget for the {name} ({code}) for the period from 1 July 2024 to 30 June 2025\n"
          "Report of the Secretary-General\nCost estimates proposed for the period\n")


def test_a_report_of_a_register_mission_by_another_of_its_names() -> None:
    meta = detect(BUDGET.format(name="United Nations Mission in the Republic of South Sudan",
                                code="UNMISS"), file="unmiss.txt")
    assert meta.mission.code == "UNMISS" and not meta.mission.provisional
    assert meta.mission.establishing_resolution == "Security Council resolution 1996 (2011)"


def test_a_report_of_a_former_code() -> None:
    meta = detect(BUDGET.format(name="United Nations Logistics Base at Brindisi, Italy",
                                code="UNLB"), file="unlb.txt")
    assert meta.mission.code == "UNGSC"


def test_an_operation_not_in_the_register_is_read_as_a_provisional_entry() -> None:
    meta = detect(BUDGET.format(name="United Nations Observer Mission in Atlantis",
                                code="UNOMAT"), file="atlantis.txt")
    assert meta.mission.code == "UNOMAT" and meta.mission.provisional
    assert meta.mission.name == "United Nations Observer Mission in Atlantis"
    assert meta.mission.start is None and meta.mission.headquarters is None
