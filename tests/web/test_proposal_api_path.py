"""The UNMIK 2026/27 proposal drafted, edited in every part, reviewed, approved and issued
through the REST API alone (docs/preparation.md), on SQLite and PostgreSQL: each edit a
PUT or POST with the ETag of the revision it started from, each answer the next ETag;
the issued revision's report downloads, and its document passes ``rbb check`` without an
error finding."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rbb.services.post_action_editing import offices
from rbb.services.proposal_service import ProposalService
from rbb.storage.accounts import Role

from .conftest import make_client
from .test_proposals_api import bearer

API = "/api/v1/proposals"


class Session:
    """One person's requests, each write sent with the ETag of the last answer."""

    def __init__(self, client: TestClient, auth: dict[str, str]) -> None:
        self.client, self.auth = client, auth

    def get(self, path: str) -> Any:
        response = self.client.get(API + path, headers=self.auth)
        assert response.status_code == 200, response.text
        return response

    def write(self, method: str, path: str, body: dict[str, Any], etag: str | None = None
              ) -> Any:
        headers = {**self.auth, **({"If-Match": etag} if etag else {})}
        response = self.client.request(method, API + path, json=body, headers=headers)
        assert response.status_code in (200, 201), (path, response.text)
        return response


def test_every_part_through_the_api_from_draft_to_issued(seeded: Engine) -> None:
    client = make_client(seeded)
    ana = Session(client, bearer(seeded, "ana", Role.EDITOR))
    omar = Session(client, bearer(seeded, "omar", Role.APPROVER))
    started = ana.write("POST", "", {"start": "drafted", "source": "UNMIK:2025/26",
                                     "period": "2026/27"})
    pid, etag = started.json()["id"], started.headers["etag"]

    # Frameworks: the first indicator of the substantive component reworded.
    component = ana.get(f"/{pid}/frameworks/substantive").json()
    indicator = component["expected_accomplishments"][0]["indicators"][0]
    indicator["text"] = "Share of disputes settled by the municipal mediation offices"
    etag = ana.write("PUT", f"/{pid}/frameworks/substantive?comment=reworded", component,
                     etag).headers["etag"]

    # Post actions: one P-4 post established in the component's first office.
    service = ProposalService(seeded)
    office = offices(service.document(pid, int(etag.strip('"'))))["substantive"][0]
    etag = ana.write("POST", f"/{pid}/post-actions", {
        "kind": "establishment", "component": "substantive", "office": office,
        "grade": "P-4", "count": 1, "functional_title": "Mediation Officer",
        "justification": "to support the municipal mediation offices"}, etag).headers["etag"]

    # Vacancy factors: international staff at 12.5 per cent, with its justification.
    etag = ana.write("PUT", f"/{pid}/vacancy-factors", {
        "rates": {"international_staff": "12.5"},
        "justifications": {"international_staff": "the recruitment of the past year"}},
        etag).headers["etag"]

    # Variance explanations, paragraphs and the follow-up of requests.
    classes = ana.get(f"/{pid}/variance-explanations").json()["classes"]
    line = classes[0]["line"]
    etag = ana.write("PUT", f"/{pid}/variance-explanations/{line}", {
        "paragraphs": ["The variance reflects the rates of the new contracts."]},
        etag).headers["etag"]
    paragraphs = ana.get(f"/{pid}/paragraphs").json()["paragraphs"]
    kept = [{"section": p["section"], "text": p["text"], "letter": p["letter"],
             "numbered": p["number"] is not None, "position": p["position"]}
            for p in paragraphs if not p["read_only"]]
    etag = ana.write("PUT", f"/{pid}/paragraphs", {"paragraphs": [
        *kept, {"section": "Partnerships", "text": "Joint patrols with the municipalities."}]},
        etag).headers["etag"]
    follow_up = ana.get(f"/{pid}/follow-up").json()["follow_up"]
    follow_up.append({"body": "acabq", "heading": "Cross-cutting issues",
                      "reference": "A/00/000", "request": "Report on mediation.",
                      "action": "Reported in section I."})
    etag = ana.write("PUT", f"/{pid}/follow-up", {"follow_up": follow_up}, etag
                     ).headers["etag"]
    head = int(etag.strip('"'))
    assert head == 7  # revision 1 and six edits, one per part

    content = service.content(pid, head)
    document = content.document
    assert [(a.grade, a.functional_title) for a in content.post_actions] == [
        ("P-4", "Mediation Officer")]
    assert any(p.text == "Joint patrols with the municipalities." for p in document.paragraphs)
    assert document.follow_up[-1].reference == "A/00/000"

    # Two edits left texts quoting what the tables no longer hold: the output that counts
    # the civilian personnel (one P-4 post more) and the indicator that gives the vacancy
    # rate proposed (now 12.5). The checks say so, submitting is refused, and the editor
    # corrects both texts through the frameworks API.
    errors = [f for f in service.findings(pid, head) if f.severity.value == "error"]
    assert sorted(f.code for f in errors) == ["prose.indicator-vacancy",
                                              "prose.personnel-count"]
    refused = client.post(f"{API}/{pid}/submit", json={"comment": "ready"}, headers=ana.auth)
    assert refused.status_code == 400
    assert "2 error finding(s)" in refused.json()["detail"]
    for key, component in _corrected(ana.get(f"/{pid}/frameworks").json(), errors).items():
        etag = ana.write("PUT", f"/{pid}/frameworks/{key}?comment=quoted+again", component,
                         etag).headers["etag"]
    head = int(etag.strip('"'))
    assert [f for f in service.findings(pid, head) if f.severity.value == "error"] == []
    ana.write("POST", f"/{pid}/submit", {"comment": "ready"})

    # Reviewed: a comment on the indicator, returned, answered, resubmitted.
    anchors = [a["key"] for a in omar.get(f"/{pid}/anchors").json()]
    anchor = next(a for a in anchors if a.startswith("indicator:substantive/"))
    comment = omar.write("POST", f"/{pid}/comments", {
        "anchor": anchor, "text": "How are the disputes counted?", "revision": head}).json()
    omar.write("POST", f"/{pid}/return", {"comment": "see the comment"})
    ana.write("POST", f"/{pid}/comments/{comment['id']}/replies",
              {"text": "By the offices' registers."})
    ana.write("POST", f"/{pid}/comments/{comment['id']}/resolve", {})
    ana.write("POST", f"/{pid}/submit", {"comment": "answered"})
    omar.write("POST", f"/{pid}/approve", {})
    omar.write("POST", f"/{pid}/issue", {})
    assert omar.get(f"/{pid}").json()["state"] == "issued"

    word = omar.get(f"/{pid}/revisions/{head}/report.docx").content
    with zipfile.ZipFile(io.BytesIO(word)) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Mediation Officer" in body and "Check finding" not in body
    assert omar.get(f"/{pid}/revisions/{head}/report.pdf").content.startswith(b"%PDF-")
    assert not [f for f in service.findings(pid, head) if f.severity.value == "error"]


def _corrected(listed: Any, errors: list[Any]) -> dict[str, dict[str, Any]]:
    """The components whose texts the error findings name, each number quoted wrongly
    replaced by the number the tables hold (an output's count of civilian personnel, an
    indicator's value for the proposal's period)."""
    components = listed if isinstance(listed, list) else listed["components"]
    changed: dict[str, dict[str, Any]] = {}
    for finding in errors:
        printed, computed = str(finding.printed), str(finding.computed)
        kind, number = (finding.row or "").split(" ", 1)
        for component in components:
            for accomplishment in component["expected_accomplishments"]:
                if kind == "output":
                    for output in accomplishment["outputs"]:
                        text = re.sub(rf"\b{printed}\b(?=.*civilian personnel)", computed,
                                      output["text"])
                        if text != output["text"]:
                            output["text"] = text
                            changed[component["key"]] = component
                for indicator in accomplishment["indicators"]:
                    if kind == "indicator" and indicator["number"] == number:
                        for value in indicator["values"]:
                            if value["period"] == "2026/27":
                                value["value"] = computed
                                value["text"] = value["text"].replace(printed, computed)
                                changed[component["key"]] = component
    assert changed, [f.row for f in errors]
    return changed
