"""What the resource modules share: a stored document's address in the API, finding
it from a request, and the pair every collection of a document has in the API — the
list, and one item by its key — written once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TypeVar

from fastapi import APIRouter, Depends, Request, Response

from rbb.model import Document
from rbb.model.errors import NotFoundError

from ..context import reader, services
from ..json_bodies import cached_body, dump, respond
from ..paths import parse_key, parse_report_key
from ..problems import responses

T = TypeVar("T")

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
    section = report_part or part
    key = parse_key(mission, period, kind) if section is None else \
        parse_report_key(mission, period, kind, section.replace("_", " "))
    return snapshot.document(key) if part is None else snapshot.document_parts(key, part)


def add_list_and_item(router: APIRouter, path: str, *, item_type: type[T], part: str,
                      items: Callable[[Document], Sequence[T]], key_of: Callable[[T], str],
                      key_param: str, what: str, names: tuple[str, str],
                      summaries: tuple[str, str]) -> None:
    """``GET DOC/path`` (every item of a document) and ``GET DOC/path/{key_param}`` (the
    item whose key it is; 404 naming ``what`` otherwise), read from the document's
    ``part`` alone. ``names`` are the endpoints' names, which make their OpenAPI
    operation ids."""
    list_name, item_name = names

    def every(request: Request, mission: str, period: str, kind: str) -> Response:
        document = stored_document(request, mission, period, kind, part)
        return respond(request, cached_body(request, (list_name, document.key), lambda: dump(
            tuple(items(document)), tuple[item_type, ...])))  # type: ignore[valid-type]

    def one(request: Request, mission: str, period: str, kind: str, **key: str) -> Response:
        document = stored_document(request, mission, period, kind, part)
        wanted = key[key_param]
        found = next((item for item in items(document) if key_of(item) == wanted), None)
        if found is None:
            raise NotFoundError(f"the document has no {what} {wanted[:60]!r}")
        return respond(request, cached_body(request, (item_name, document.key, wanted),
                                            lambda: dump(found, item_type)))

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

