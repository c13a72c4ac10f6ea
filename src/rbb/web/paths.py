"""Addresses of pages and API resources, and the reading of their path parts.

A period is written ``2025/26`` everywhere but in a URL, where the slash would
split the path: there it is ``2025-26``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from rbb.model import DocumentKey, DocumentKind, Period
from rbb.model.errors import NotFoundError

API = "/api/v1"
STATIC = "/static"
_MISSION = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,31}$")
_SLUG = re.compile(r"^(\d{4})-(\d\d)$")
_ANCHOR = re.compile(r"[^a-z0-9]+")
PURE_CACHE = 8192
"""Addresses and ids kept by the text they are made of: a function of its arguments
alone, bounded (about 2 MB at most)."""


def period_slug(period: Period) -> str:
    return period.label.replace("/", "-")


def parse_period_slug(slug: str) -> Period:
    """``2025-26`` (or ``2025/26``) → the period; anything else is a page that is not there."""
    match = _SLUG.match(slug.replace("/", "-"))
    if match is None:
        raise NotFoundError(f"{slug!r} is not a period (write it like 2025-26)")
    try:
        return Period.parse(f"{match[1]}/{match[2]}")
    except ValueError as error:
        raise NotFoundError(str(error)) from None


def parse_mission(code: str) -> str:
    if not _MISSION.match(code):
        raise NotFoundError(f"{code[:40]!r} is not a mission code")
    return code.upper()


def parse_kind(kind: str) -> DocumentKind:
    try:
        return DocumentKind(kind)
    except ValueError:
        raise NotFoundError(f"{kind[:40]!r} is not a kind of document (budget, performance, "
                            "acabq_report or ga_resolution)") from None


def parse_key(mission: str, period: str, kind: str) -> DocumentKey:
    return DocumentKey(mission=parse_mission(mission), period=parse_period_slug(period),
                       kind=parse_kind(kind))


def parse_report_key(mission: str, period: str, kind: str, section: str) -> DocumentKey:
    """The key of a report of the Secretary-General whose ``section`` (``financial
    resources``, ``staffing``...) a page or an API route shows; a legislative document
    has none of them: 404 saying where its figures are."""
    key = parse_key(mission, period, kind)
    if key.kind.legislative:
        raise NotFoundError(f"{key} is {KIND_NAMES[key.kind]}: it has no {section} (that is a "
                            "part of a report of the Secretary-General); its figures are on "
                            f"{document_path(key)}")
    return key


KIND_NAMES = {DocumentKind.BUDGET: "a budget report",
              DocumentKind.PERFORMANCE: "a performance report",
              DocumentKind.REVISED_BUDGET: "a revised budget",
              DocumentKind.FINANCING_REPORT: "a financing report",
              DocumentKind.ACABQ_REPORT: "a report of the Advisory Committee",
              DocumentKind.GA_RESOLUTION: "a resolution of the General Assembly"}
"""Each kind in words, with its article."""


def mission_path(mission: str) -> str:
    return f"/missions/{quote(mission)}"


def period_path(mission: str, period: Period) -> str:
    return f"{mission_path(mission)}/{period_slug(period)}"


def document_path(key: DocumentKey, section: str = "") -> str:
    base = f"{period_path(key.mission, key.period)}/{key.kind.value}"
    return f"{base}/{section}" if section else base


@lru_cache(maxsize=PURE_CACHE)
def class_path(mission: str, line: str) -> str:
    return f"{mission_path(mission)}/classes/{quote(line)}"


def api_document_path(key: DocumentKey, rest: str = "") -> str:
    base = f"{API}/documents/{quote(key.mission)}/{period_slug(key.period)}/{key.kind.value}"
    return f"{base}/{rest}" if rest else base


def asset(path: str) -> str:
    """A static file's address, path only: a page never names a host, so no Host header
    a visitor sends can reach another visitor's page."""
    return f"{STATIC}/{quote(path)}"


@lru_cache(maxsize=PURE_CACHE)
def anchor(*parts: str) -> str:
    """An HTML id from free text: ``indicator 1.1.2`` → ``indicator-1-1-2``. Kept by
    its text (a page of a money table asks for one per row, and a regular expression
    each was a twentieth of the page's time)."""
    return "-".join(_ANCHOR.sub("-", part.lower()).strip("-") for part in parts if part)


def key_slug(key: DocumentKey) -> str:
    """``UNMIK-2025-26-budget``: file names and form values."""
    return f"{key.mission}-{period_slug(key.period)}-{key.kind.value}"


def parse_key_slug(text: str) -> DocumentKey:
    """Read ``UNMIK-2025-26-budget`` back."""
    parts = text.strip().rsplit("-", 3)
    if len(parts) != 4:
        raise NotFoundError(f"{text[:60]!r} does not name a document (like UNMIK-2025-26-budget)")
    mission, start, end, kind = parts
    return parse_key(mission, f"{start}-{end}", kind)
