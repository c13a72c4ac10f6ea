"""The canonical JSON data format and its JSON Schema (docs/data-format.md)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from rbb.importers.limits import ReadingLimits, too_large
from rbb.model import Document
from rbb.model.errors import InputError
from rbb.storage import canonical_json

SCHEMA_ID = "https://rbb.dev/schema/document.schema.json"


def document_schema() -> dict[str, object]:
    schema = Document.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema}


def schema_text() -> str:
    return json.dumps(document_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def to_json(document: Document) -> str:
    return canonical_json(document)


def from_json(text: str, *, file: str) -> Document:
    """Read a document in the data format; errors name the file and the field."""
    try:
        document = Document.model_validate_json(text)
    except ValidationError as error:
        raise _not_a_document(error, file, text) from None
    return _storable(document, file)


def within_limits(body: bytes, *, name: str = "request body",
                  limits: ReadingLimits | None = None) -> None:
    """Refuse JSON bytes larger than a document may be, before they are parsed."""
    limits = limits or ReadingLimits.from_env()
    if len(body) > limits.max_file_bytes:
        raise too_large(name, len(body), limits, "the JSON")


def from_data(data: object, *, file: str) -> Document:
    """``from_json`` of JSON already parsed (a request body holding the document beside
    other fields): validated as it is, not written out and read again."""
    try:
        document = Document.model_validate(data)
    except ValidationError as error:
        raise _not_a_document(error, file, "") from None
    return _storable(document, file)


def _not_a_document(error: ValidationError, file: str, text: str) -> InputError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return InputError(
        f"not an rbb document ({error.error_count()} problem(s)); first at {where or 'top'}:"
        f" {first['msg']}",
        file=file,
        line=_line_of(text, first),
    )


def _storable(document: Document, file: str) -> Document:
    if not document.kind.stored:
        # a revised budget or a financing report: rbb reads its identity only
        raise InputError(f"a document of kind '{document.kind.value}': rbb stores budgets, "
                         "performance reports, reports of the Advisory Committee and "
                         "resolutions of the General Assembly (it reads the identity of the "
                         "other kinds only)", file=file)
    return document


def _line_of(text: str, error: object) -> int | None:
    # pydantic reports JSON syntax errors with a "line N" in the message.
    message = str(error.get("msg", "")) if isinstance(error, dict) else ""
    marker = "line "
    if marker in message:
        digits = message.split(marker, 1)[1].split()[0].strip(",")
        if digits.isdigit():
            return int(digits)
    return None


def read_document(path: Path, *, limits: ReadingLimits | None = None) -> Document:
    """A document from its JSON file, whose size is checked before it is read."""
    limits = limits or ReadingLimits.from_env()
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise too_large(str(path), size, limits, "the JSON file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the file: {error}", file=str(path)) from None
    return from_json(text, file=str(path))


def document_from_body(body: bytes, *, name: str = "request body",
                       limits: ReadingLimits | None = None) -> Document:
    """A document from JSON bytes that arrived over the network, within the size limit."""
    within_limits(body, name=name, limits=limits)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8 JSON") from None
    return from_json(text, file=name)
