"""Every file name rbb makes for a report or a download is built from validated parts
and checked once more: no path separator, no control character, nothing that ends a
quoted Content-Disposition value."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from rbb.model import Document, DocumentKey, DocumentKind, Period
from rbb.model.base import generated_file_name
from rbb.reports import report_filename, report_formats
from rbb.web.downloads import filename, formats
from tests.reports.fixtures import documents

SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@pytest.mark.parametrize("kind", ["budget", "performance"])
def test_report_file_names_are_plain(kind: str) -> None:
    for fmt in report_formats():
        name = report_filename(documents()[kind], fmt)
        assert SAFE.fullmatch(name), name
    assert report_filename(documents()["budget"], report_formats()[0]).startswith(
        "unmik-budget-2025-26.")


def test_download_names_are_plain() -> None:
    key = DocumentKey(mission="UNMIK", period=Period.parse("2021/22"),
                      kind=DocumentKind.PERFORMANCE)
    for fmt in formats():
        assert SAFE.fullmatch(filename(key, fmt)), filename(key, fmt)


@pytest.mark.parametrize("code", ["../etc", "UNMIK/x", "UN\\MIK", "UNMIK\r\nSet-Cookie",
                                  'UNMIK"; x="', "unmik", "UNMIK\x00"])
def test_a_hostile_mission_code_is_refused_where_it_is_read(code: str) -> None:
    data = documents()["budget"].model_dump(mode="json")
    data["mission"]["code"] = code
    with pytest.raises(ValidationError):
        Document.model_validate(data)


@pytest.mark.parametrize("code", ["../etc", "UNMIK\r\nSet-Cookie: a=b", 'X"; filename="a.exe'])
def test_the_last_check_refuses_what_slipped_past_validation(code: str) -> None:
    # model_copy does not validate: the name is checked again where it is made.
    seed = documents()["budget"]
    document = seed.model_copy(update={"mission": seed.mission.model_copy(
        update={"code": code})})
    with pytest.raises(ValueError, match="not a file name rbb would make"):
        report_filename(document, report_formats()[0])
    key = DocumentKey.model_construct(mission=code, period=seed.period, kind=seed.kind)
    with pytest.raises(ValueError, match="not a file name rbb would make"):
        filename(key, formats()[0])


def test_generated_file_name_accepts_only_plain_names() -> None:
    assert generated_file_name("unmik-budget-2025-26.pdf") == "unmik-budget-2025-26.pdf"
    for bad in ("", ".hidden", "a/b", "a\\b", "a\nb", "a b", 'a"b', "x" * 256):
        with pytest.raises(ValueError):
            generated_file_name(bad)
