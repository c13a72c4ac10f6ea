"""What the resource modules share: a stored document's address in the API, finding
it from a request, and the pair every collection of a document has in the API — the
list, and one item by its key — written once.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from rbb.model import Document, DocumentKey
from rbb.model.errors import NotFoundError

from ..context import reader, services
from ..json_bodies import cached_body, plain_json, respond
from ..paths import parse_key, parse_report_key
from ..problems import responses

DOC = "/documents/{mission}/{period}/{kind}"
"""A stored document in the API (a period written ``2025-26``)."""
READ = [Depends(reader)]
READ_ERRORS = responses(400, 401, 404, 422)


def stored_document(request: Request, mission: str, period: str, kind: str,
                    part: str | None = None, *, report_part: str | None = None) -> Document:
    """The document a path names, from the request's snapshot (only its ``part`` read,
    when given); 404 when not stored, or when it is a legislative document and the part
    (``part`` or ``report_part``) is one of a report of the Secretary-General."""
    snapshot = services(request).library.snapshot()
    key = _key(mission, period, kind, report_part or part)
    return snapshot.document(key) if part is None else snapshot.document_parts(key, part)


def _key(mission: str, period: str, kind: str, section: str | None) -> DocumentKey:
    return parse_key(mission, period, kind) if section is None else \
        parse_report_key(mission, period, kind, section.replace("_", " "))


def add_list_and_item(router: APIRouter, path: str, *, item_type: type[Any], part: str,
                      key_param: str, what: str, names: tuple[str, str],
                      summaries: tuple[str, str]) -> None:
    """``GET DOC/path`` (every item of a document's list ``part``) and
    ``GET DOC/path/{key_param}`` (the item whose ``key`` it is; 404 naming ``what``
    otherwise).

    Both serve the part as stored, not validated again: it was validated when the
    document was stored, and its JSON is the model's own dump, the bytes the
    ``item_type`` would dump (``tests/web/test_api.py`` holds them equal). ``names`` are
    the endpoints' names, which make their OpenAPI operation ids."""
    list_name, item_name = names

    def stored_items(request: Request, mission: str, period: str, kind: str
                     ) -> tuple[DocumentKey, list[Any]]:
        key = _key(mission, period, kind, part)
        found = services(request).library.snapshot().part_data(key, part)
        return key, found if isinstance(found, list) else []

    def every(request: Request, mission: str, period: str, kind: str) -> Response:
        key, found = stored_items(request, mission, period, kind)
        return respond(request, cached_body(request, (list_name, key),
                                            lambda: plain_json(found)))

    def one(request: Request, mission: str, period: str, kind: str, **key: str) -> Response:
        document, found = stored_items(request, mission, period, kind)
        wanted = key[key_param]
        item = next((i for i in found if isinstance(i, dict) and i.get("key") == wanted),
                    None)
        if item is None:
            raise NotFoundError(f"the document has no {what} {wanted[:60]!r}")
        return respond(request, cached_body(request, (item_name, document, wanted),
                                            lambda: plain_json(item)))

    # FastAPI reads an endpoint's parameters from its signature: name the key's.
    base = list(inspect.signature(every).parameters.values())
    one.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*base, inspect.Parameter(key_param, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                  annotation=str)], return_annotation=Response)

    router.add_api_route(DOC + path, every, methods=["GET"], name=list_name,
                         response_model=list[item_type],  # type: ignore[valid-type]
                         responses=READ_ERRORS, dependencies=READ, summary=summaries[0])
    router.add_api_route(DOC + f"{path}/{{{key_param}}}", one, methods=["GET"],
                         name=item_name, response_model=item_type, responses=READ_ERRORS,
                         dependencies=READ, summary=summaries[1])

