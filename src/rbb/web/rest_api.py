"""The REST API under /api/v1: a FastAPI app of its own, mounted by the web app,
with its OpenAPI document at /api/v1/openapi.json and every error as
``application/problem+json``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from . import endpoints
from .context import Services
from .paths import API
from .problems import PROBLEM_JSON, install

DESCRIPTION = """\
The figures of UN peacekeeping budget and performance reports as data.

- Amounts are exact decimal strings in thousands of United States dollars, as in
  the canonical data format (`schema/document.schema.json`); every figure keeps
  the line of the report it is printed on.
- A period is written `2025-26` in paths (`2025/26` in the data).
- Reads are public when the server runs in transparency mode (the default);
  otherwise send a session cookie or `Authorization: Bearer <API token>`.
  Writes need the editor role (returning, approving and issuing a budget
  proposal the approver role); a browser session must also send `X-CSRF-Token`.
- Saving a budget proposal names the revision it started from in `If-Match`
  (the proposal's ETag): 428 without it, 409 when another revision landed since.
- Every read carries a strong `ETag`; send it back as `If-None-Match` to get
  `304 Not Modified`.
- Errors are `application/problem+json` (RFC 9457).
"""


def create_api(services: Services) -> FastAPI:
    api = FastAPI(title="rbb API", version="1", description=DESCRIPTION,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None,
                  servers=[{"url": API}])
    api.state.rbb = services
    api.include_router(endpoints.api_router())
    install(api, None)

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = _openapi(api)
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]
    return api


def _openapi(api: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=api.title, version=api.version, description=api.description,
                         routes=api.routes, servers=api.servers)
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status.isdigit() and int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_JSON] = content.pop("application/json")
    schema.setdefault("components", {})["securitySchemes"] = {
        "bearerToken": {"type": "http", "scheme": "bearer",
                        "description": "An API token made on /account or with "
                                       "`rbb users token`"},
        "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "rbb_session"},
        "csrfHeader": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"},
    }
    return schema
