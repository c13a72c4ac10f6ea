"""What every route needs: the app's services, who is asking, and what they may do.

Routes declare their access with one dependency: ``reader`` (public in
transparency mode, a login otherwise), ``member`` (a login in either mode),
``editor``, ``approver`` or ``admin``;
every form and write route also depends on ``csrf_form`` or ``api_write``.

The dependencies are ``async``: a sync one would cost each request a second trip
through the thread pool before the (sync) endpoint's own. A request that carries
neither a session cookie nor an API token is anonymous at sight, answered on the
event loop; otherwise the account lookup (a query) runs in the thread pool, once per
request (``Auth.user`` keeps its answer in the request's state).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from rbb.services.account_service import AccountStore, Role, User
from rbb.services.background_work import WorkQueue
from rbb.services.costing_service import CostingService
from rbb.services.document_service import DocumentService
from rbb.services.execution_records import ExecutionRecordsService
from rbb.services.execution_service import ExecutionSource, InMemoryLedger
from rbb.services.import_review import StagingStore
from rbb.services.mission_register_service import MissionRegisterService
from rbb.services.proposal_service import ProposalService
from rbb.services.scenario_service import ScenarioService

from .library import Library
from .problems import Forbidden, LoginRequired
from .security import CSRF_FIELD, CSRF_HEADER, Auth
from .settings import WebSettings


@dataclass(frozen=True)
class Services:
    settings: WebSettings
    store: DocumentService
    accounts: AccountStore
    staging: StagingStore
    library: Library
    auth: Auth
    scenarios: ScenarioService
    jobs: WorkQueue
    """Imports run in the background, with their progress (``import_jobs_view``)."""
    register: MissionRegisterService
    """The mission register (``mission_register_view``)."""
    execution: ExecutionRecordsService
    """Redeployments and the results tracker (``execution_records_view``)."""
    proposals: ProposalService
    """Budget proposals, their revisions and states (``proposals_view``)."""
    ledger: ExecutionSource = field(default_factory=InMemoryLedger)
    """The expenditure ledger the execution dashboard reads (``execution_view``): the
    store's (``StoredLedger``, what ``create_app`` gives), or one a test holds in memory."""

    @property
    def costing(self) -> CostingService:
        return self.scenarios.costing


def services(request: Request) -> Services:
    found: Services = request.app.state.rbb
    return found


def current_user(request: Request) -> User | None:
    """Who is asking, for code already in the thread pool (it may query the store)."""
    return services(request).auth.user(request)


async def asking_user(request: Request) -> User | None:
    """Who is asking, from the event loop: never a query on the loop itself."""
    auth = services(request).auth
    if not auth.needs_lookup(request):
        return auth.user(request)
    return await run_in_threadpool(auth.user, request)


async def reader(request: Request) -> User | None:
    """Anyone in transparency mode; a logged-in user otherwise."""
    user = await asking_user(request)
    if user is None and not services(request).settings.transparency:
        raise LoginRequired("this rbb keeps its documents private: log in to read them")
    return user


async def member(request: Request) -> User:
    """Anyone logged in, in either mode: what is not published (budget proposals in
    preparation) is never public, transparency mode or not."""
    user = await asking_user(request)
    if user is None:
        raise LoginRequired("budget proposals in preparation are not public: log in to "
                            "read them")
    return user


async def _role(request: Request, needed: Role, what: str) -> User:
    user = await asking_user(request)
    if user is None:
        raise LoginRequired(f"log in as {needed.value} or above to {what}")
    if not user.role.allows(needed):
        raise Forbidden(f"{user.username} is a {user.role.value}: {what} needs the "
                        f"{needed.value} role")
    return user


async def editor(request: Request) -> User:
    return await _role(request, Role.EDITOR, "import or edit documents")


async def approver(request: Request) -> User:
    return await _role(request, Role.APPROVER, "return, approve or issue budget proposals")


async def admin(request: Request) -> User:
    return await _role(request, Role.ADMIN, "manage users")


async def register_admin(request: Request) -> User:
    return await _role(request, Role.ADMIN, "edit the mission register")


async def csrf_form(request: Request) -> None:
    """Every HTML form posts the CSRF token of the page it came from."""
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    services(request).auth.check_csrf(request, submitted)


async def api_write(request: Request) -> None:
    """A script with an API token needs no CSRF token; a browser session does."""
    auth = services(request).auth
    await asking_user(request)
    if auth.via_token(request):
        return
    auth.check_csrf(request, request.headers.get(CSRF_HEADER))
