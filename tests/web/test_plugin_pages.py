"""A plugin adds pages through the ``rbb.web`` entry-point group; rbb's own routes
come first, and the plugin's page keeps rbb's access rules."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.web.conftest import make_client


def test_a_plugin_adds_a_page(example_plugin: Path, seeded_sqlite: Engine) -> None:
    client = make_client(seeded_sqlite)
    response = client.get("/example/missions")
    assert response.status_code == 200
    assert response.text == "UNMIK\n"
    assert response.headers["x-frame-options"] == "DENY"


def test_a_plugin_page_needs_a_login_when_reading_is_private(
        example_plugin: Path, seeded_sqlite: Engine) -> None:
    client = make_client(seeded_sqlite, transparency=False)
    response = client.get("/example/missions", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/example/missions"


def test_without_the_plugin_there_is_no_such_page(sqlite_client: TestClient) -> None:
    assert sqlite_client.get("/example/missions").status_code == 404


def test_a_plugin_report_format_is_a_download_of_the_api(example_plugin: Path,
                                                          seeded_sqlite: Engine) -> None:
    """The example plugin's ``txt`` format: the report's headings and paragraphs."""
    client = make_client(seeded_sqlite)
    response = client.get("/api/v1/documents/UNMIK/2025-26/budget/downloads/txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "Financial resources" in response.text
    unknown = client.get("/api/v1/documents/UNMIK/2025-26/budget/downloads/nosuch")
    assert unknown.status_code == 404
