"""Importing an ERP extract into the ledger through the REST API and the ledger page: a
background job, the upload streamed to a private temporary file within
RBB_MAX_LEDGER_MB, all or nothing (docs/execution.md, "Importing through the web app and
the API"). The extracts are the three GOOD lines of the fictional Mission X
(tests/importers/ledger/ledger_files.py), posted to an account the shipped mapping holds."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.model.ledger_accounts import account_mappings
from rbb.services.account_service import AccountStore, Role
from rbb.services.ledger_mappings import LedgerMappings
from rbb.services.ledger_service import LedgerService
from tests.importers.ledger.ledger_files import GOOD, HEADER, write_csv

from .conftest import CSRF, add_user, login, make_client

WAIT = 120.0
"""Longest a test waits for a job to end: a bound on a hung job, not a speed target."""
URL = "/api/v1/missions/MX/ledger/imports"
ACCOUNT = next(m for m in account_mappings() if m.class_code != "staff_assessment_income")
"""A class's account of the shipped mapping, so the dashboard counts the lines."""
ROWS = [(*row[:5], ACCOUNT.account, *row[6:]) for row in GOOD]


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder of these tests, to see what uploads leave there."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _uploads_left(folder: Path) -> list[Path]:
    return sorted(folder.glob("rbb-upload-*"))


def _token(engine: Engine, name: str = "bot", role: Role = Role.EDITOR) -> dict[str, str]:
    add_user(engine, name, role)
    _, secret = AccountStore(engine).create_token(name, "ci")
    return {"Authorization": f"Bearer {secret}"}


def _extract(tmp_path: Path, rows: list[tuple[str, ...]] = ROWS) -> bytes:
    return write_csv(tmp_path / "extract.csv", rows).read_bytes()


def _until_done(client: TestClient, location: str, headers: dict[str, str] | None = None
                ) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(location, headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"the job did not end within {WAIT} s")


def _import(client: TestClient, headers: dict[str, str], data: bytes,
            **fields: str) -> dict[str, Any]:
    started = client.post(URL, headers=headers, data=fields,
                          files={"file": ("mx-2023-24.csv", data, "text/csv")})
    assert started.status_code == 202, started.text
    assert started.json()["state"] in ("queued", "running", "done")
    return _until_done(client, started.headers["location"], headers)


def test_a_good_extract_is_imported_and_the_execution_api_shows_its_lines(
        engine: Engine, tmp_path: Path, private_tmp: Path) -> None:
    """Three lines stored, on both backends; the upload limit of reports (200 bytes
    here) does not bound an extract, which has its own."""
    headers = _token(engine)
    client = make_client(engine, max_upload_bytes=200)
    job = _import(client, headers, _extract(tmp_path), source="fmis")
    assert job["state"] == "done" and job["error"] is None
    assert job["result"] == {"mission": "MX", "source": "fmis", "file": "mx-2023-24.csv",
                             "stored": True, "lines": 3,
                             "accounts": len(account_mappings()), "bad_rows": [],
                             "more_bad_rows": 0, "error": None}
    assert job["step"] == "reading and storing mx-2023-24.csv"
    execution = client.get("/api/v1/missions/MX/periods/2023-24/execution").json()
    assert execution["has_ledger"] is True
    total = next(r for r in execution["rows"] if r["level"] == "total")
    # GOOD: $12,500.00 obligated, $75.25 adjusted down: 12,500.00 - 75.25 = 12,424.75 of
    # expenditure; the euro payment (-$1,098.35) is a disbursement
    assert (total["obligated"], total["expenditure"], total["disbursed"]) == (
        "12500.00", "12424.75", "-1098.35")
    line = next(r for r in execution["rows"] if r["key"] == ACCOUNT.class_code)
    assert line["expenditure"] == "12424.75"
    sources = client.get("/api/v1/missions/MX/ledger/sources").json()["sources"]
    assert [(s["source"], s["lines"]) for s in sources] == [("fmis", 3)]
    assert _uploads_left(private_tmp) == []


def test_a_bad_row_is_reported_with_its_row_and_nothing_is_stored(
        engine: Engine, tmp_path: Path, private_tmp: Path) -> None:
    """A re-sent extract of a stored source with one bad amount: the job says which row,
    column and value, and the source keeps its three lines."""
    headers = _token(engine)
    client = make_client(engine)
    assert _import(client, headers, _extract(tmp_path), source="fmis")["result"]["stored"]
    bad = [*ROWS, ("4500000104", "2023-09-01", "2023/24", "20FPK", "FC-HQ",
                   ACCOUNT.account, "obligation", "12,50x", "USD", "", "Typo")]
    job = _import(client, headers, _extract(tmp_path, bad), source="fmis")
    result = job["result"]
    assert job["state"] == "done" and result["stored"] is False and result["lines"] == 0
    assert [(r["row"], r["column"], r["value"]) for r in result["bad_rows"]] == [
        (4, "amount", "'12,50x'")]  # the cell as written, quoted and escaped
    assert result["bad_rows"][0]["expected"]
    assert "nothing is stored" in result["error"]
    sources = client.get("/api/v1/missions/MX/ledger/sources").json()["sources"]
    assert [(s["source"], s["lines"]) for s in sources] == [("fmis", 3)]
    assert _uploads_left(private_tmp) == []


def test_a_file_that_is_no_extract_is_a_file_level_error(sqlite_engine: Engine) -> None:
    headers = _token(sqlite_engine)
    client = make_client(sqlite_engine)
    job = _import(client, headers, b"just,some\ntext,here\n")
    assert job["result"]["stored"] is False and job["result"]["bad_rows"] == []
    assert "mx-2023-24.csv" in job["result"]["error"]
    assert "document_number" in job["result"]["error"]  # a column the extract lacks


def test_a_mapping_file_or_a_saved_mapping_reads_other_columns(
        sqlite_engine: Engine, tmp_path: Path) -> None:
    """An extract with a semicolon and the ERP's own names for two columns: read with an
    uploaded YAML mapping, then with the mapping saved for that source."""
    renamed = ("Doc", "Date", *HEADER[2:])
    data = write_csv(tmp_path / "erp.csv", ROWS, header=renamed, delimiter=";").read_bytes()
    mapping = ("document_number: Doc\nposting_date: Date\nperiod: period\nfund: fund\n"
               "funds_centre: funds_centre\naccount: account\ndocument_type: document_type\n"
               "amount: amount\ncurrency: currency\namount_usd: amount_usd\ntext: text\n"
               "delimiter: ';'\n")
    headers = _token(sqlite_engine)
    client = make_client(sqlite_engine)
    started = client.post(URL, headers=headers, data={"source": "erp"},
                          files={"file": ("erp.csv", data, "text/csv"),
                                 "mapping": ("erp.yaml", mapping.encode(), "text/yaml")})
    job = _until_done(client, started.headers["location"], headers)
    assert (job["result"]["stored"], job["result"]["lines"]) == (True, 3)
    # the source "erp" now keeps its mapping: another source is read with it by name
    job = _import(client, headers, data, source="erp-august", mapping_source="erp")
    assert (job["result"]["stored"], job["result"]["lines"]) == (True, 3)
    missing = _import(client, headers, data, source="x", mapping_source="nosuch")
    assert "no column mapping is saved for the source 'nosuch'" in missing["result"]["error"]


def test_a_saved_column_mapping_is_used_by_name(sqlite_engine: Engine, tmp_path: Path
                                                ) -> None:
    """``rbb ledger map --source`` saved a mapping (here through the service)."""
    from rbb.importers.ledger import DEFAULT_MAPPING

    headers = _token(sqlite_engine)
    client = make_client(sqlite_engine)
    data = write_csv(tmp_path / "semi.csv", ROWS, delimiter=";").read_bytes()
    ledger = LedgerService(sqlite_engine)
    LedgerMappings(ledger.store).save_column_mapping(
        "MX", "fmis", DEFAULT_MAPPING.model_copy(update={"delimiter": ";"}), author="ana")
    ledger.close()
    job = _import(client, headers, data, source="fmis-september", mapping_source="fmis")
    assert (job["result"]["stored"], job["result"]["lines"]) == (True, 3)


def test_too_large_a_file_is_a_413_and_leaves_nothing(sqlite_engine: Engine, tmp_path: Path,
                                                       private_tmp: Path) -> None:
    headers = _token(sqlite_engine)
    data = _extract(tmp_path)
    client = make_client(sqlite_engine, max_ledger_bytes=len(data) - 1)
    refused = client.post(URL, headers=headers,
                          files={"file": ("mx.csv", data, "text/csv")})
    assert refused.status_code == 413
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "RBB_MAX_LEDGER_MB" in refused.json()["detail"]
    assert "nothing was stored" in refused.json()["detail"]
    # a body far over the limit is refused by its Content-Length before it is read
    huge = client.post(URL, headers=headers,
                       files={"file": ("mx.csv", b"x" * (300 * 1024), "text/csv")})
    assert huge.status_code == 413 and "RBB_MAX_LEDGER_MB" in huge.json()["detail"]
    assert _uploads_left(private_tmp) == []
    assert client.get("/api/v1/missions/MX/ledger/sources").json()["sources"] == []


def test_the_form_is_checked(sqlite_engine: Engine) -> None:
    headers = _token(sqlite_engine)
    client = make_client(sqlite_engine)
    for files, data, expected in [
            ({"source": (None, "x")}, {}, 400),                          # no file
            ({"file": ("a.csv", b"", "text/csv")}, {}, 400),              # empty
            ({"file": ("a.csv", b"x", "text/csv")}, {"source": "a\nb"}, 400),
            ({"file": ("a.csv", b"x", "text/csv"),
              "mapping": ("m.yaml", b"a: b", "text/yaml")},
             {"mapping_source": "fmis"}, 400),                            # both mappings
            ({"other": ("a.csv", b"x", "text/csv")}, {}, 400),            # unknown file
            ([("file", ("a.csv", b"x", "text/csv")),
              ("file", ("b.csv", b"y", "text/csv"))], {}, 400)]:          # two extracts
        answer = client.post(URL, headers=headers, files=files, data=data)
        assert answer.status_code == expected, (files, data, answer.text)
    not_a_form = client.post(URL, headers={**headers, "content-type": "text/csv"},
                             content=b"a,b\n")
    assert not_a_form.status_code == 415
    broken = client.post(URL, content=b"--b\r\nContent-Disposition: form-data; name=\"file\""
                                      b"; filename=\"a.csv\"\r\n\r\nabc\r\n--x",
                         headers={**headers, "content-type": "multipart/form-data; boundary=b"})
    assert broken.status_code == 400, broken.text


def test_a_viewer_or_a_visitor_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    viewer = _token(sqlite_engine, "reader", Role.VIEWER)
    editor = _token(sqlite_engine, "bot")
    client = make_client(sqlite_engine)
    files = {"file": ("mx.csv", _extract(tmp_path), "text/csv")}
    assert client.post(URL, headers=viewer, files=files).status_code == 403
    assert client.post(URL, files=files).status_code == 401
    started = client.post(URL, headers=editor, files=files)
    location = started.headers["location"]
    _until_done(client, location, editor)
    # a job is its user's own, and of its mission
    assert client.get(location, headers=viewer).status_code == 403
    assert client.get(location.replace("/MX/", "/MY/"), headers=editor).status_code == 404
    assert client.get("/api/v1/missions/MX/ledger/sources").json()["sources"][0]["lines"] == 3


def _page_form(client: TestClient) -> str:
    page = client.get("/missions/MX/ledger")
    assert page.status_code == 200 and "data-ledger-import" in page.text
    found = CSRF.search(page.text)
    assert found is not None
    return found[1]


def test_the_page_imports_with_its_csrf_token_and_shows_the_result(
        sqlite_engine: Engine, tmp_path: Path, private_tmp: Path) -> None:
    add_user(sqlite_engine, "ana", Role.EDITOR)
    client = make_client(sqlite_engine)
    assert "data-ledger-import" not in client.get("/missions/MX/ledger").text  # anonymous
    login(client, "ana")
    token = _page_form(client)
    files = {"file": ("mx.csv", _extract(tmp_path), "text/csv")}
    # without the token, or with another, nothing is kept
    for fields in ({"source": "fmis"}, {"csrf_token": "0" * 64, "source": "fmis"}):
        refused = client.post("/missions/MX/ledger/imports", data=fields, files=files,
                              follow_redirects=False)
        assert refused.status_code == 403, refused.text
    assert _uploads_left(private_tmp) == []
    started = client.post("/missions/MX/ledger/imports", files=files,
                          data={"csrf_token": token, "source": "fmis"},
                          follow_redirects=False)
    assert started.status_code == 303
    job_page = started.headers["location"]
    assert re.fullmatch(r"/missions/MX/ledger/imports/[\w-]+", job_page)
    deadline = time.monotonic() + WAIT
    shown = client.get(job_page)
    while "data-import-progress" in shown.text:
        assert time.monotonic() < deadline
        assert 'hx-trigger="load delay:1s"' in shown.text
        time.sleep(0.05)
        shown = client.get(job_page)
    assert shown.status_code == 200 and "3 lines of fmis stored" in shown.text
    listed = client.get("/missions/MX/ledger").text
    assert "<th scope=\"row\">fmis</th><td class=\"num\">3</td>" in listed
    assert _uploads_left(private_tmp) == []


def test_the_page_shows_the_bad_rows(sqlite_engine: Engine, tmp_path: Path) -> None:
    add_user(sqlite_engine, "ana", Role.EDITOR)
    client = make_client(sqlite_engine)
    login(client, "ana")
    token = _page_form(client)
    bad = [(*ROWS[0][:7], "lots", *ROWS[0][8:])]
    started = client.post("/missions/MX/ledger/imports",
                          files={"file": ("bad.csv", _extract(tmp_path, bad), "text/csv")},
                          data={"csrf_token": token}, follow_redirects=True)
    deadline = time.monotonic() + WAIT
    shown = started
    while "data-import-progress" in shown.text:
        assert time.monotonic() < deadline
        time.sleep(0.05)
        shown = client.get(str(shown.url))
    assert shown.status_code == 422
    assert "Nothing was stored" in shown.text
    assert "<td class=\"num\">1</td>" in shown.text and "<code>&#39;lots&#39;</code>" in shown.text


def test_a_viewer_sees_the_sources_without_the_form(sqlite_engine: Engine) -> None:
    add_user(sqlite_engine, "vera", Role.VIEWER)
    client = make_client(sqlite_engine)
    login(client, "vera")
    page = client.get("/missions/MX/ledger")
    assert page.status_code == 200 and "data-ledger-import" not in page.text
    assert "needs the editor role" in page.text
    assert client.get("/missions/MX/ledger/imports/x").status_code == 403


def test_the_schema_describes_the_form(sqlite_engine: Engine) -> None:
    schema = make_client(sqlite_engine).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/missions/{mission}/ledger/imports"]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"] and form["properties"]["file"]["format"] == "binary"
    assert {"202", "400", "403", "413", "429"} <= set(operation["responses"])
    assert "/missions/{mission}/ledger/imports/{job_id}" in schema["paths"]
