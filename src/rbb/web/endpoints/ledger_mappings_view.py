"""The ledger's account and funds-centre mappings, read-only (docs/execution.md, "Account
mappings"): the current version (or one named) with its rows, and every version with
who made it, when, why and what it changed. Changes are made with ``rbb ledger accounts``
and ``rbb ledger funds-centres``; this reads what they stored, without writing (before
any version is stored, the accounts are the shipped reference file)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from rbb.model.errors import InputError, NotFoundError
from rbb.model.ledger import AccountMapping
from rbb.services.ledger_mappings import mapping_view

from ..admission import ReadRoute
from ..context import services
from ..json_bodies import dump, respond
from ..view_basics import View
from .keyed_routes import READ, READ_ERRORS

KINDS = {"accounts": "accounts", "funds-centres": "funds_centres"}
"""A mapping in a path, and its ``MappingKind``."""


class MappingRow(View):
    key: str
    """The account, or the funds centre."""
    class_code: str | None = None
    label: str | None = None
    office: str | None = None
    component: str | None = None


class MappingVersionView(View):
    number: int
    author: str
    comment: str
    created_at: datetime
    rows: int
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)


class MappingPage(View):
    mapping: str
    """``accounts`` or ``funds-centres``."""
    version: int | None
    """The version shown; null when none is stored yet (the accounts are then the shipped
    reference file, stored as version 1 at the first import or change)."""
    rows: list[MappingRow]
    versions: list[MappingVersionView]
    """Every version, the newest first."""


page = APIRouter(route_class=ReadRoute)
api = APIRouter(route_class=ReadRoute)


def mapping_page(request: Request, mapping: str, version: int | None) -> MappingPage:
    from rbb.model.ledger_mappings import MappingKind

    if mapping not in KINDS:
        raise NotFoundError(f"no mapping {mapping[:40]!r}: expected accounts or funds-centres")
    view = mapping_view(services(request).ledger, MappingKind(KINDS[mapping]), version)
    if view is None:
        raise InputError("this server's ledger is held in memory and keeps no mappings")
    rows = [MappingRow(key=r.account, class_code=r.class_code, label=r.label)
            if isinstance(r, AccountMapping) else
            MappingRow(key=r.funds_centre, office=r.office, component=r.component)
            for r in view.rows]
    versions = [MappingVersionView(
        number=h.version.number, author=h.version.author, comment=h.version.comment,
        created_at=h.version.created_at, rows=h.version.rows, added=list(h.changes.added),
        removed=list(h.changes.removed), changed=list(h.changes.changed))
        for h in view.history]
    return MappingPage(mapping=mapping, version=view.version.number if view.version else None,
                       rows=rows, versions=versions)


DESCRIPTION = ("The rows of the current version, or of `version`, and every version (who, "
               "when, why, the keys it added, removed and changed), the newest first. The "
               "ledger's aggregates join with the current version; before any version is "
               "stored `version` is null (the accounts are then the shipped reference file).")
VERSION = Query(None, ge=1, le=1_000_000)


@api.get("/ledger/accounts", name="ledger_accounts", response_model=MappingPage,
         responses=READ_ERRORS, dependencies=READ,
         summary="The ledger's account mapping (account → class of expenditure), versioned",
         description=DESCRIPTION)
def accounts_json(request: Request, version: int | None = VERSION) -> Response:
    return respond(request, dump(mapping_page(request, "accounts", version)))


@api.get("/ledger/funds-centres", name="ledger_funds_centres", response_model=MappingPage,
         responses=READ_ERRORS, dependencies=READ,
         summary="The ledger's funds-centre mapping (funds centre → office, component), "
                 "versioned", description=DESCRIPTION)
def funds_centres_json(request: Request, version: int | None = VERSION) -> Response:
    return respond(request, dump(mapping_page(request, "funds-centres", version)))
