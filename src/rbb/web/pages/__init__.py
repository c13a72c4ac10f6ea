"""Server-rendered pages, one router per page family."""

from fastapi import APIRouter

from . import admin, analysis, auth, documents, home, imports, scenarios

router = APIRouter(include_in_schema=False)
for module in (home, scenarios, documents, analysis, imports, auth, admin):
    router.include_router(module.router)

__all__ = ["router"]
