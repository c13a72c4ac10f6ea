"""Identity of the openings of other operations' reports (tests/data/openings/) equals
what a person transcribed from each (transcriptions.yaml). The rules were written from
the structure of the reports, then checked against these files."""

from __future__ import annotations

from typing import Any

import pytest

from rbb.importers import identity
from rbb.importers.detect import DocumentMeta, detect
from rbb.model import Mission
from rbb.model.errors import InputError
from rbb.model.mission import mission_for_name
from tests.importers.test_openings import FILES, opening, transcriptions

_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
          "seventh": 7, "eighth": 8, "ninth": 9}
_TENS = {"fifti": 50, "sixti": 60, "seventi": 70, "eighti": 80, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80}


def session_number(session: str) -> int:
    """"Sixty-first session" is the 61st; "Sixtieth session" the 60th."""
    ordinal = session.split()[0].lower()
    if "-" in ordinal:
        tens, unit = ordinal.split("-")
        return _TENS[tens] + _UNITS[unit]
    return _TENS[ordinal.removesuffix("eth")]


def _expected(name: str) -> dict[str, Any]:
    expected = dict(transcriptions()[name]["identity"])
    return expected


def _read(meta: DocumentMeta) -> dict[str, Any]:
    return {
        "kind": meta.kind.value, "mission_code": meta.mission.code,
        "mission_name": meta.mission.name,
        "period": {"start_year": meta.period.start.year, "end_year": meta.period.end.year},
        "symbol": meta.symbol, "date": meta.date.isoformat() if meta.date else None,
        "session": session_number(meta.session) if meta.session else None,
        "agenda_item": meta.agenda_item,
    }


@pytest.mark.parametrize("name", FILES)
def test_identity_equals_the_transcription(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a register that knows the transcribed mission by its name (what
    ``mission_for_name`` gives once the full register lands), for the openings that
    print the name without its code."""
    expected = _expected(name)
    known = Mission(code=expected["mission_code"], name=expected["mission_name"])

    def register(text: str, register: object = None) -> Mission | None:
        return known if text == known.name else mission_for_name(text)

    monkeypatch.setattr(identity, "mission_for_name", register)
    _, text = opening(name)
    read = _read(detect(text, file=name))
    assert read == {key: expected.get(key) for key in read}


@pytest.mark.parametrize("name", [n for n in FILES
                                  if transcriptions()[n]["identity"].get("code_printed", True)
                                  is False])
def test_a_name_printed_without_its_code_needs_the_register(name: str) -> None:
    expected = _expected(name)
    _, text = opening(name)
    if mission_for_name(expected["mission_name"]) is not None:
        assert detect(text, file=name).mission.code == expected["mission_code"]
        return
    with pytest.raises(InputError, match=f"the mission '{expected['mission_name']}' is named "
                                         "without its code") as raised:
        detect(text, file=name)
    assert raised.value.file == name
