"""One module per resource, each giving its pages and its API routes from the same view
functions (datasette's rule: HTML and JSON from the same view data).

Every module has two routers: ``page`` (server-rendered pages, outside the OpenAPI
document) and ``api`` (mounted at /api/v1). Their order here is the order routes are
matched in: a class's page (``/missions/M/classes/LINE``) must come before a
document's address (``/missions/M/P/KIND``). Plugins' routers (entry-point group
``rbb.web``) come after rbb's own, so they can add pages but never shadow one.
"""

from __future__ import annotations

from types import ModuleType

from fastapi import APIRouter

from rbb.plugins import WEB, load

from . import (
    check_findings_view,
    cycle_view,
    document_records_view,
    driver_attribution_view,
    execution_records_view,
    execution_view,
    financial_resources_view,
    import_jobs_view,
    ledger_imports_view,
    ledger_mappings_view,
    legislative_view,
    login_account_view,
    mission_overview_view,
    mission_register_view,
    other_tables_view,
    peacekeeping_view,
    period_comparison_view,
    post_actions_editor,
    proposal_comments,
    proposal_drivers,
    proposal_editing,
    proposal_frameworks,
    proposal_prose,
    proposal_reports,
    proposal_workbooks,
    proposals_view,
    report_downloads_view,
    report_imports_view,
    requests_view,
    results_frameworks_view,
    scenarios_view,
    staffing_tables_view,
    user_admin_view,
    vacancy_editor,
)

RESOURCES: tuple[ModuleType, ...] = (
    mission_register_view, requests_view, execution_records_view,
    ledger_imports_view,  # /missions/M/ledger before a period's /missions/M/P
    execution_view,  # /missions/M/P/execution before a document's /missions/M/P/KIND
    mission_overview_view, scenarios_view,
    driver_attribution_view, financial_resources_view, cycle_view, staffing_tables_view,
    results_frameworks_view, other_tables_view, document_records_view, legislative_view,
    check_findings_view, period_comparison_view, peacekeeping_view, report_downloads_view,
    report_imports_view,
    import_jobs_view, login_account_view, user_admin_view, ledger_mappings_view,
    # Budget proposals last: their addresses (/proposals, /review, /audit-trail) meet no
    # other, and the document pages read most are matched without trying them first.
    proposals_view, proposal_editing, proposal_frameworks, post_actions_editor,
    vacancy_editor, proposal_prose, proposal_comments, proposal_reports, proposal_workbooks,
    proposal_drivers,
)


def page_router() -> APIRouter:
    """Every resource's pages, then the plugins' routers."""
    router = APIRouter(include_in_schema=False)
    for module in RESOURCES:
        _add_routes(router, module.page)
    for extra in load(WEB, APIRouter):
        assert isinstance(extra, APIRouter)
        router.include_router(extra)
    return router


def api_router() -> APIRouter:
    """Every resource's API routes (the REST API app mounts them at /api/v1)."""
    router = APIRouter()
    for module in RESOURCES:
        _add_routes(router, module.api)
    return router


def _add_routes(router: APIRouter, resource: APIRouter) -> None:
    """The resource's routes added to ``router`` as they are, in their order: one list
    matched route after route, where an included router is matched as a router of its
    own on every request (FastAPI's routing was an eighth of an uncached page's time
    with one included router a resource)."""
    router.routes.extend(resource.routes)
