"""On a partial document the checks that need a table its text lacks are skipped, each
with the reason; on a complete one nothing is skipped."""

from __future__ import annotations

from rbb.engine.checks import check_document, skipped_checks
from rbb.engine.checks.registry import document_checks
from rbb.importers import import_text
from rbb.model import Document
from tests.conftest import BUDGET_SEED, imported


def _budget_cut_before_the_analysis_of_variances() -> Document:
    """The budget seed's text up to its section III: the contents list names III, IV
    and V, which the text then lacks."""
    text = BUDGET_SEED.read_text(encoding="utf-8")
    cut = text[:text.rindex("\nIII. Analysis of variances")]  # the heading, not the contents
    result = import_text(cut, name="cut.txt", shape="tabbed")
    assert result.document is not None and result.incomplete and not result.errors
    return result.document


def test_a_complete_document_skips_nothing() -> None:
    document = imported(BUDGET_SEED).document
    assert document is not None and skipped_checks(document) == []


def test_checks_needing_the_missing_analysis_of_variances_are_skipped() -> None:
    document = _budget_cut_before_the_analysis_of_variances()
    coverage = document.coverage
    assert coverage is not None
    assert [e.label for e in coverage.missing_sections] == ["III", "IV", "V", "V.A", "V.B"]
    assert coverage.missing_tables == ("variance_explanations", "general_assembly_actions",
                                       "follow_up")
    skipped = {check.code: check for check in skipped_checks(document)}
    assert set(skipped) == {
        "variances.explanation-missing", "variances.unknown-class", "variances.quoted-amount",
        "variances.quoted-percentage", "variances.direction", "variances.vacancy-rate",
        "variances.exchange-rate"}
    assert skipped["variances.direction"].reason == (
        "needs analysis of variances, which the text of this partial document lacks")
    # Run anyway, the check would call every class over the threshold unexplained:
    missing = next(c for c in document_checks() if c.code == "variances.explanation-missing")
    assert list(missing.function(document))
    codes = {finding.code for finding in check_document(document)}
    assert not codes & set(skipped)
    assert "money.gross" not in skipped  # the financial tables are in the text
