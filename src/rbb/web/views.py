"""View data for the pages: plain dicts the templates render (and JSON can reuse)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rbb.storage import DocumentStore

HEADLINE_LINES = ("gross_requirements", "total_requirements")


def home_view(store: DocumentStore) -> dict[str, Any]:
    """Missions, their periods and documents, with the headline figures each prints."""
    summaries = store.summaries()
    by_mission: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for summary in summaries:
        by_mission[summary.mission].append({"summary": summary, "headlines": []})
    for mission, entries in by_mission.items():
        figures = store.financial_figures(mission=mission, line="total_requirements")
        for entry in entries:
            doc_id = entry["summary"].id
            entry["headlines"] = [
                f for f in figures
                if f.document_id == doc_id and f.table_key == "financial_resources"
            ] or [f for f in figures if f.document_id == doc_id]
    missions = {m.code: m for m in store.missions()}
    return {
        "missions": [
            {"mission": missions.get(code), "code": code, "documents": entries,
             "periods": sorted({e["summary"].period for e in entries})}
            for code, entries in sorted(by_mission.items())
        ],
        "document_count": len(summaries),
    }
