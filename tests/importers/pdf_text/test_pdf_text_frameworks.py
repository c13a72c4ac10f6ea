"""Section II.E of A/77/589: the frameworks, de-interleaved from PDF text.

Counts were made by hand from the seed:

- expected accomplishments: the lines "Expected accomplishment 1.1:", "1.2:", "1.3:"
  (component 1, lines 1251, 2127, 2532) and "2.1:" (component 2, line 3136);
- indicators: the lines opening with an indicator number under each header
  "Planned indicators of achievement": 1.1.1-1.1.2, 1.2.1, 1.3.1-1.3.3, 2.1.1-2.1.8;
- planned outputs: the paragraphs of the narrow column, each followed by its
  completed entry ("Yes ...", "No ...", "250 Field reports ..."). EA 1.1 has 11
  (from "Resolution of issues affecting" at 1357 to "Preparation of media
  monitoring" at 2045), EA 1.2 has 7 (2175 to 2510), EA 1.3 has 8 (2612 to 3054)
  and EA 2.1 has 31 under 11 service headings (Service improvements 4; Budget,
  finance and reporting 2; Civilian personnel 3; Environmental initiatives 1;
  Facilities and infrastructure 6; Fuel management 1; Geospatial, information
  and telecommunications technology 5; Medical 2; Supply chain management 3;
  Uniformed personnel 3; Vehicle management and ground transportation 1);
- completed entries: 78 lines open a completed entry; 57 are the first of their
  output, so 21 are further completions (847 and 4 in EA 1.1; 100/214/22,
  366/75/15, 2/20/1/12, 389/65, 8/9 and 53/11/2/5/8 in EA 2.1).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from rbb.model import Comparator, ExpectedAccomplishment, Indicator, Output

from .seed import line, seed_document

D = Decimal


def _accomplishment(number: str) -> ExpectedAccomplishment:
    for component in seed_document().components:
        for accomplishment in component.expected_accomplishments:
            if accomplishment.number == number:
                return accomplishment
    raise AssertionError(number)


def _indicator(number: str) -> Indicator:
    accomplishment = _accomplishment(number.rsplit(".", 1)[0])
    return next(i for i in accomplishment.indicators if i.number == number)


def _output(accomplishment: str, starts: str) -> Output:
    return next(o for o in _accomplishment(accomplishment).outputs if o.text.startswith(starts))


def test_components_and_their_opening_paragraphs() -> None:
    components = seed_document().components
    assert [(c.key, c.number, c.source_line) for c in components] == [
        ("substantive", 1, 1198), ("support", 2, 3084)]
    sections = {p.number: p.section for p in seed_document().paragraphs if p.number}
    assert [sections[n] for n in (42, 43, 44, 45, 46)] == ["II.E"] * 5


@pytest.mark.parametrize(("number", "indicators", "outputs"), [
    ("1.1", 2, 11), ("1.2", 1, 7), ("1.3", 3, 8), ("2.1", 8, 31)])
def test_counts_per_expected_accomplishment(number: str, indicators: int, outputs: int) -> None:
    accomplishment = _accomplishment(number)
    assert (len(accomplishment.indicators), len(accomplishment.outputs)) == (indicators, outputs)


def test_counts_per_component() -> None:
    counts = [(len(c.expected_accomplishments),
               sum(len(a.indicators) for a in c.expected_accomplishments),
               sum(len(a.outputs) for a in c.expected_accomplishments))
              for c in seed_document().components]
    assert counts == [(3, 6, 26), (1, 8, 31)]
    completions = sum(1 + len(o.further_completions) for c in seed_document().components
                      for a in c.expected_accomplishments for o in a.outputs)
    assert completions == 78


def test_wrapped_accomplishment_title() -> None:
    # 2127: "Expected accomplishment 1.2: Progress with respect to ... with Belgrade and"
    # 2129: "regional organizations"
    assert _accomplishment("1.2").text == ("Progress with respect to Pristina’s cooperation and "
                                           "dialogue with Belgrade and regional organizations")


def test_indicator_values_keep_the_line_of_their_number() -> None:
    indicator = _indicator("1.1.1")
    # 1268: "Kosovo (2019/20: 754; 2020/21: 860; " / 1270: "2021/22: 500) "
    assert [(str(v.period), v.value, v.source_line) for v in indicator.values] == [
        ("2019/20", D(754), 1268), ("2020/21", D(860), 1268), ("2021/22", D(500), 1270)]
    assert indicator.text.startswith("Increase in the number of activities initiated")
    assert indicator.text.endswith("in municipalities throughout Kosovo")
    assert indicator.actual is not None
    assert indicator.actual.startswith("UNMIK recorded 863 decisions and activities")


def test_indicator_values_with_units_comparators_and_tolerance() -> None:
    # 3145: "(2019/20: 13.3 per cent; 2020/21: 14.2 per"
    # 3147: "cent; 2021/22: 10.0 per cent ± 3 per cent)"
    vacancy = _indicator("2.1.1").values
    assert [(v.value, v.unit, v.tolerance) for v in vacancy] == [
        (D("13.3"), "per cent", None), (D("14.2"), "per cent", None),
        (D("10.0"), "per cent", D(3))]
    assert [v.source_line for v in vacancy] == [3145, 3145, 3147]
    # 3157: "... 2021/22: ≥" / 3159: "44 per cent)": the number is on the next line
    target = _indicator("2.1.2").values[-1]
    assert (target.comparator, target.value, target.text, target.source_line) == \
        (Comparator.AT_LEAST, D(44), "≥ 44 per cent", 3159)
    # 3191: "142; 2020/21: 112; 2021/22: ≤ 120)"
    assert _indicator("2.1.4").values[-1].comparator is Comparator.AT_MOST
    # 2581: "Institution of Kosovo (2019/20: not" / 2583: "applicable; ..."
    not_applicable = _indicator("1.3.3").values[0]
    assert (not_applicable.text, not_applicable.value) == ("not applicable", None)
    # 2148: "(2019/20: 1,703; 2020/21: 2,446; 2021/22: " / 2150: "1,300)"
    assert [v.value for v in _indicator("1.2.1").values] == [D(1703), D(2446), D(1300)]


def test_actual_indicator_beside_the_planned_one() -> None:
    # 2561: "228,257 backlogged cases were reported by the Kosovo Judicial"
    actual = _indicator("1.3.2").actual
    assert actual is not None
    assert actual.startswith("228,257 backlogged cases were reported by the Kosovo Judicial "
                             "Council in April 2022.")
    assert actual.endswith("There was also a significant increase in new cases")
    # 3183: "2.1.4. Average number ..." (printed with a stray full stop)
    assert _indicator("2.1.4").source_line == 3183


def test_planned_output_completed_and_remarks() -> None:
    output = _output("1.1", "Preparation and electronic distribution of 230 field reports")
    # 1516: "230 field reports by UNMIK to enable and"
    assert [(q.value, q.text, q.source_line) for q in output.quantities] == [
        (D(230), "230 field reports", 1516)]
    # 1540: "250 Field reports were prepared and distributed to local and"
    assert (output.completed, output.completed_quantity, output.completed_source_line) == \
        ("250", D(250), 1540)
    assert output.remarks is not None
    assert output.remarks.startswith("Field reports were prepared and distributed")
    assert output.remarks.endswith("when the pandemic was still prevalent")
    assert output.text.endswith("the diplomatic community and the Kosovo government")


def test_yes_and_no_completions() -> None:
    # 1371: "Yes UNMIK held 1,881 online and in-person meetings with"
    first = _accomplishment("1.1").outputs[0]
    assert (first.completed, first.completed_quantity, first.quantities) == ("Yes", None, ())
    # 2463: "No No meetings of the Working Group on persons who are"
    missing = _output("1.2", "Facilitation of dialogue between Belgrade")
    assert missing.completed == "No"
    assert missing.remarks is not None
    assert missing.remarks.startswith("No meetings of the Working Group")
    # 2889: "13 13 programmatic activities were implemented in the"
    projects = _output("1.3", "Provision of support to local institutions")
    assert (projects.completed_quantity, projects.quantities[0].value) == (D(13), D(3))


def test_combined_output_keeps_every_completed_entry() -> None:
    # 1610: "330 Meetings on political ..." and 1630: "847 Meetings were held ..."
    output = _output("1.1", "Provision of advice and support through participation")
    assert output.completed_quantity == D(330)
    assert [(c.completed_quantity, c.source_line) for c in output.further_completions] == [
        (D(847), 1630)]
    assert [q.value for q in output.quantities] == [D(200), D(5), D(500), D(5)]
    further = output.further_completions[0].remarks
    assert further is not None
    assert further.startswith("Meetings were held by the field offices in North Mitrovica")


def test_service_headings_of_the_support_component() -> None:
    outputs = _accomplishment("2.1").outputs
    headings = list(dict.fromkeys(o.heading for o in outputs))
    assert headings == [
        "Service improvements", "Budget, finance and reporting services",
        "Civilian personnel services", "Environmental initiatives",
        "Facilities and infrastructure", "Fuel management services",
        "Geospatial, information and telecommunications technology services",
        "Medical services", "Supply chain management services", "Uniformed personnel services",
        "Vehicle management and ground transportation services"]


def test_list_completions_in_the_completed_column() -> None:
    # 3995: "Yes UNMIK operated and maintained 79 United Nations-" then 3999-4007:
    # "53 Light passenger vehicles", "11 Special-purpose vehicles", "2 Ambulances", ...
    vehicles = _accomplishment("2.1").outputs[-1]
    assert vehicles.completed == "Yes"
    assert [c.completed_quantity for c in vehicles.further_completions] == \
        [D(53), D(11), D(2), D(5), D(8)]
    assert [q.value for q in vehicles.quantities][:6] == [D(76), D(50), D(11), D(2), D(5), D(8)]


def test_planned_output_printed_among_the_remarks_is_taken_back() -> None:
    # 3760: "users, in addition to 84 computing devices for" ends hanging; the
    # extraction prints its end after "389 Computing devices" (3770):
    # 3771: " connectivity of personnel, as well as other" / 3773: "common services"
    output = _output("2.1", "Provision of and support for 366 computing")
    assert output.text.endswith("84 computing devices for connectivity of personnel, as well "
                                "as other common services")
    assert [(c.completed, c.source_line) for c in output.further_completions] == [
        ("389", 3770), ("65", 3788)]
    remarks = output.further_completions[0].remarks
    assert remarks is not None
    assert remarks.startswith("Computing devices\nThe variance of 23 computing devices")


def test_remark_lists_are_not_taken_for_planned_outputs() -> None:
    # 3635-3643: " 103 kg (solid) of outdated drugs", "134 litres (liquid) ...", ...
    waste = _output("2.1", "Provision of waste management services")
    assert waste.remarks is not None
    assert "2,107 kg of used battery cells" in waste.remarks
    cleaning = _output("2.1", "Provision of cleaning")
    assert cleaning.text == "Provision of cleaning, grounds maintenance and pest control at 4 sites"
    assert line(3644).strip() == "Provision of cleaning, grounds maintenance"


def test_identifiers_are_not_quantities() -> None:
    # 3527: "Secretariat Climate Action Plan 2020–2030" / 3531: "including for ISO 14001:2015"
    environment = _output("2.1", "Implementation of initiatives in alignment")
    assert environment.quantities == ()
    # 2616: "of Sustainable Development Goal 16 on"
    goal = _output("1.3", "Provision of technical assistance, through")
    assert [q.value for q in goal.quantities] == [D(12)]
    # 3424: "$41.3 million, in line with delegated"
    budget = _output("2.1", "Provision of budget, finance and")
    assert [(q.value, q.text, q.source_line) for q in budget.quantities] == [
        (D("41.3"), "$41.3 million", 3424)]
