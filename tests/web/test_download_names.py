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
