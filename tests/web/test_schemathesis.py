"""Property-based tests of the REST API against its own OpenAPI schema
(schemathesis): no 5xx, and every response matches the schema (status code,
content type, body). Bounded: a few generated requests per operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine

from rbb.storage.accounts import AccountStore, Role
from rbb.web import create_app

from .conftest import add_user, store_seeds
from .conftest import settings as web_settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXAMPLES = 10


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_every_operation_keeps_its_schema(sqlite_engine: Engine, who: str) -> None:
    store_seeds(sqlite_engine)
    headers: dict[str, str] = {}
    if who == "editor":
        add_user(sqlite_engine, "bot", Role.EDITOR)
        _, secret = AccountStore(sqlite_engine).create_token("bot", "schemathesis")
        headers = {"Authorization": f"Bearer {secret}"}
    app = create_app(sqlite_engine, web_settings())
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    calls: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)
            calls.append(case.path)

        check()
    assert len(calls) >= 5 * len(operations)
