"""A mission's requests followed up across years, for the CLI and the web app
(``rbb.engine.requests``): each stored document of the mission read for the parts that
ask or answer only (its follow-up rows, decisions and recommendations)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from rbb.engine.requests import RequestStatus, TrackedRequest, track_requests
from rbb.model import Document
from rbb.model.errors import NotFoundError
from rbb.storage import DocumentStore, DocumentSummary

__all__ = ["REQUEST_PARTS", "RequestStatus", "TrackedRequest", "mission_requests",
           "open_requests", "requests_of"]

REQUEST_PARTS = ("follow_up", "decisions", "recommendations")
"""What of each document the tracking reads, besides its identity."""


def requests_of(mission: str, summaries: Sequence[DocumentSummary],
                load: Callable[[DocumentSummary], Document]) -> tuple[TrackedRequest, ...]:
    """The requests of ``mission`` from its stored documents (``load`` reads one with
    ``REQUEST_PARTS``); not found when none is stored."""
    if not summaries:
        raise NotFoundError(f"no document of a mission {mission!r} is stored")
    return track_requests(mission, [load(summary) for summary in summaries])


def mission_requests(engine: Engine, mission: str, *, only_open: bool = False
                     ) -> tuple[TrackedRequest, ...]:
    """Every request of the mission (``only_open``: those not responded)."""
    store = DocumentStore(engine)
    code = mission.strip().upper()
    found = requests_of(code, store.summaries(mission=code),
                        lambda s: store.load_parts(s.id, REQUEST_PARTS))
    return open_requests(found) if only_open else found


def open_requests(items: Sequence[TrackedRequest]) -> tuple[TrackedRequest, ...]:
    """Those not responded: ``partly`` and ``no response found``."""
    return tuple(item for item in items if item.status is not RequestStatus.RESPONDED)
