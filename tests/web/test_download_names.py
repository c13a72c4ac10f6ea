"""The Content-Disposition of a download names a plain file, whatever the address asked."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

DISPOSITION = re.compile(r'(attachment|inline); filename="[A-Za-z0-9][A-Za-z0-9._-]*"')


def test_downloads_name_plain_files(sqlite_client: TestClient) -> None:
    for format_ in ("json", "facts", "md"):
        response = sqlite_client.get(f"/api/v1/documents/UNMIK/2025-26/budget/downloads/"
                                     f"{format_}")
        assert response.status_code == 200
        assert DISPOSITION.fullmatch(response.headers["content-disposition"])
    page = sqlite_client.get("/missions/UNMIK/2021-22/performance/download/"
                             "UNMIK-2021-22-performance.facts.csv")
    assert page.headers["content-disposition"] == (
        'attachment; filename="UNMIK-2021-22-performance.facts.csv"')


def test_a_hostile_address_gets_no_file(sqlite_client: TestClient) -> None:
    for path in ("/missions/UNMIK%0d%0aX/2025-26/budget/download/a.json",
                 "/missions/UNMIK/2025-26/budget/download/..%2f..%2fetc%2fpasswd",
                 "/missions/UN%22MIK/2025-26/budget/download/UN%22MIK-2025-26-budget.json",
                 "/api/v1/documents/UNMIK%2F..%2F/2025-26/budget/downloads/json"):
        response = sqlite_client.get(path)
        assert response.status_code == 404, path
        assert "content-disposition" not in response.headers


def test_each_report_is_offered_clean_and_annotated(sqlite_client: TestClient) -> None:
    """The report is the clean one (as sent for submission); the reviewer's copy,
    annotated with the check findings, is a download of its own with its own name."""
    page = sqlite_client.get("/missions/UNMIK/2025-26/budget/downloads")
    for ext in ("html", "docx", "pdf", "md"):
        assert f"UNMIK-2025-26-budget.{ext}" in page.text
        assert f"UNMIK-2025-26-budget-annotated.{ext}" in page.text
    assert "annotated with check findings" in page.text
    clean = sqlite_client.get("/missions/UNMIK/2025-26/budget/download/UNMIK-2025-26-budget.md")
    marked = sqlite_client.get(
        "/missions/UNMIK/2025-26/budget/download/UNMIK-2025-26-budget-annotated.md")
    assert marked.headers["content-disposition"] == (
        'attachment; filename="UNMIK-2025-26-budget-annotated.md"')
    assert "Findings of the checks" in marked.text and "> Check finding:" in marked.text
    assert "Findings of the checks" not in clean.text and "Check finding" not in clean.text
    api = sqlite_client.get("/api/v1/documents/UNMIK/2025-26/budget/downloads/md-annotated")
    assert api.text == marked.text
