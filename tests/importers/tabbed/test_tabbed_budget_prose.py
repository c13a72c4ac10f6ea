"""Analysis of variances, actions of the General Assembly, follow-up tables and the
paragraphs of the UNMIK 2025/26 budget report."""

from __future__ import annotations

from decimal import Decimal

from rbb.model import Document

D = Decimal


def test_every_variance_with_its_amount_and_percentage(budget: Document) -> None:
    """``International staff\\t\\$2,651.2\\t12.5%`` and ``National General Service staff\\t
    (\\$479.1)\\t(5.0%)``; each figure's line is the one it is printed on."""
    rows = [(v.line, v.amount, v.percentage, v.source_line) for v in budget.variance_explanations]
    assert rows == [
        ("military_observers", D("123.9"), D("47.5"), 667),
        ("united_nations_police", D("152.4"), D("46.5"), 672),
        ("international_staff", D("2651.2"), D("12.5"), 679),
        ("national_general_service_staff", D("-479.1"), D("-5.0"), 684),
        ("consultants_and_consulting_services", D("-8.5"), D("-21.6"), 691),
        ("facilities_and_infrastructure", D("-355.8"), D("-12.4"), 696),
        ("ground_transportation", D("-88.5"), D("-38.6"), 701),
        ("communications_and_information_technology", D("101.2"), D("5.7"), 706),
        ("medical", D("-6.8"), D("-7.1"), 711),
        ("quick_impact_projects", D("200.0"), D("100.0"), 716)]


def test_variance_label_split_from_its_figures(budget: Document) -> None:
    """``Quick-impact projects\\tVariance\\t`` (line 715) above ``\\t\\$200.0\\t100.0%`` (716)."""
    qip = budget.variance_explanations[-1]
    assert (qip.label, qip.source_line) == ("Quick-impact projects", 716)
    assert [p.number for p in qip.paragraphs] == [52]


def test_explanation_paragraphs_in_full(budget: Document) -> None:
    """Paragraphs 45 and 46 both explain National General Service staff."""
    ngs = budget.variance_explanations[3]
    assert [(p.number, p.source_line) for p in ngs.paragraphs] == [(45, 686), (46, 688)]
    assert ngs.paragraphs[0].text.startswith("The reduced requirements are attributable to: (a)")
    assert ngs.paragraphs[0].text.endswith("the approved budget for the 2024/25 period.")
    numbers = [p.number for v in budget.variance_explanations for p in v.paragraphs]
    assert numbers == list(range(42, 53))


def test_actions_of_the_general_assembly(budget: Document) -> None:
    """53. ``... the appropriation of the amount of \\$46,045,300 for the maintenance of the
    Mission ...``: 46,045.3 thousand dollars."""
    (action,) = budget.general_assembly_actions
    assert action.amounts == (D("46045.3"),)
    assert action.source_line == 722
    assert "appropriation of the amount of $46,045,300" in action.text


def test_follow_up_side_by_side_and_in_blocks(budget: Document) -> None:
    general = [f for f in budget.follow_up if f.body == "general_assembly"]
    acabq = [f for f in budget.follow_up if f.body == "acabq"]
    assert (len(general), len(acabq)) == (5, 5)
    assert {(f.heading, f.reference) for f in general} == {
        ("Cross-cutting issues", "Resolution 76/274")}
    assert {f.reference for f in acabq} == {"A/78/744/Add.7 and General Assembly resolution 78/302"}
    # A tab row: "Requests the Secretary-General to improve ... (para. 17).<TAB>As at 31 ..."
    assert general[0].request.endswith("(para. 17).")
    assert general[0].action.startswith("As at 31 December 2024, 12 of the 16")
    # Separate blocks: para. 81 is answered by four paragraphs, para. 82 by the last one.
    assert general[3].request.endswith("(para. 81).")
    assert general[3].action.count("\n\n") == 3
    assert general[4].request.endswith("(para. 82).")
    assert general[4].action.startswith("UNMIK proposes a provision of $200,000")
    # Five ACABQ requests, then five actions, one each in order.
    assert acabq[0].request.endswith("(para. 20 (c)).")
    assert acabq[0].action.startswith("The replacement of non-critical assets")
    assert acabq[4].action.startswith("The installation of additional photovoltaic")


def test_numbered_paragraphs_and_summary(budget: Document) -> None:
    numbered = sorted({p.number for p in budget.paragraphs if p.number is not None})
    assert numbered == list(range(1, 54))
    summary = [p for p in budget.paragraphs if p.section == "Summary"]
    assert summary[1].text == (
        "The proposed budget in the amount of $46,045,300 represents an increase of $2,360,600, "
        "or 5.4 per cent, compared with the apportionment of $43,684,700 for the 2024/25 period.")
    assert len(summary) == 6
    sections = {p.number: p.section for p in budget.paragraphs if p.letter is None}
    assert (sections[6], sections[26], sections[31], sections[42], sections[53]) == (
        "I.B", "I.D", "II.D", "III", "IV")


def test_paragraph_broken_across_a_blank_line_is_joined(budget: Document) -> None:
    """Line 117 ends ``... Barabar Centre for``; line 119 goes on ``Community Dialogue, ...``."""
    seventh = next(p for p in budget.paragraphs if p.number == 7)
    assert "Barabar Centre for Community Dialogue, which was launched in 2023" in seventh.text
    assert seventh.text.endswith("programmatic and trust-building efforts.")


def test_lettered_subparagraphs(budget: Document) -> None:
    """39 (a)-(e): ``(a) **Rule of law and security sector reform:** UNMIK plans ...``."""
    items = [(p.letter, p.source_line) for p in budget.paragraphs if p.number == 39 and p.letter]
    assert items == [("a", 637), ("b", 639), ("c", 643), ("d", 645), ("e", 647)]
    first = next(p for p in budget.paragraphs if p.letter == "a")
    assert first.text.startswith("Rule of law and security sector reform: UNMIK plans")


def test_links_and_escapes_are_reduced_to_text(budget: Document) -> None:
    """``resolution [1244 \\(1999\\)](#)`` reads ``resolution 1244 (1999)``."""
    first = next(p for p in budget.paragraphs if p.number == 1)
    assert first.text.endswith("in its resolution 1244 (1999).")
