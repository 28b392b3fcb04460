"""engine/digest.py: what a short report shows a person."""

from __future__ import annotations

import pytest

from sorewhy.engine.certainty import CONSIDER_THRESHOLD
from sorewhy.engine.digest import LEADING, RED_FLAGS, WEAK, digest, red_flags_not_ruled_out

MANY_FINDINGS = {"diet": "vegan", "sun_exposure": "low", "high_latitude": True, "heavy_sweating": True,
                 "electrolyte_drinks": False, "symptoms": ["cramps", "tingling", "fatigue", "soreness", "aches"],
                 "timing": ["night"], "duration_days": 30, "improves_with_rest": False}
CLOT = {"age": 58, "symptoms": ["calf_swelling", "soreness", "cramps"], "one_sided": True,
        "locations": ["calves"], "timing": ["night"]}


def test_digest_weak_is_the_weak_word_threshold():
    from sorewhy.engine.certainty import in_words

    assert in_words(WEAK) == "weak" and in_words(WEAK - 0.01) == "slight"


def test_digest_leads_with_at_most_three_findings_of_weak_certainty(run):
    report = run(MANY_FINDINGS)
    short = digest(report)
    assert len(report["findings"]) > LEADING
    assert 0 < len(short.leading) <= LEADING
    assert all(f["certainty"] >= WEAK for f in short.leading)
    assert short.leading == report["findings"][:len(short.leading)]
    assert short.leading + short.folded == report["findings"]


def test_digest_advice_only_for_leading_findings_each_text_once(run):
    report = run(MANY_FINDINGS)
    short = digest(report)
    assert [label for label, _ in short.advice] == [f["label"] for f in short.leading if f["advice"]]
    texts = [t for _, items in short.advice for t in items]
    assert len(texts) == len(set(texts))
    assert short.supplements is not None and short.supplements not in texts
    folded_only = {a for f in short.folded for a in f["advice"]} - {a for f in short.leading for a in f["advice"]}
    assert folded_only and not folded_only & set(texts)


def test_digest_slight_findings_are_all_folded(run):
    report = run({"symptoms": ["cramps"]})
    short = digest(report)
    assert short.leading == [] and short.advice == []
    # #20: findings under the consider threshold (0.2) are not "also considered" either
    assert short.folded == [f for f in report["findings"] if f["certainty"] >= CONSIDER_THRESHOLD]


def test_digest_red_flag_shows_the_urgent_message_and_the_finding_behind_it_first(run):
    """Issue case: a clot emergency still listed vitamin D and B1 with their food advice."""
    report = run(CLOT)
    short = digest(report)
    assert short.urgent is not None
    assert short.urgent.message == report["referral"]["advice"]
    assert [f["id"] for f in short.urgent.findings] == ["possible_dvt"]
    assert short.leading[0]["id"] == "possible_dvt"
    slight = {f["id"] for f in report["findings"] if f["certainty"] < WEAK}
    # vitamin D and B1 are slight, or (#20: one-sided pain argues against whole-body causes) gone
    assert not {"vitamin_d", "vitamin_b1"} & {f["id"] for f in short.leading}
    assert not slight & {f["id"] for f in short.leading}
    considered = {f["id"] for f in report["findings"] if f["certainty"] >= CONSIDER_THRESHOLD}
    assert slight & considered <= {f["id"] for f in short.folded}
    shown = [t for _, items in short.advice for t in items]
    assert not any("daylight" in t or "B-vitamin" in t for t in shown)


def test_digest_red_flag_behind_finding_leads_even_below_weak(run):
    report = run({"symptoms": ["calf_swelling", "cramps", "spasms"], "timing": ["night"],
                  "low_intake": ["leafy_greens"]})  # side not known: a possible clot at 0.30
    short = digest(report)
    assert short.leading[0]["id"] == "possible_dvt"


def test_digest_urgent_without_a_finding_behind_it(run):
    short = digest(run({"symptoms": ["chest_pain", "soreness"]}))
    assert short.urgent is not None and short.urgent.findings == []


def test_digest_is_none_urgent_for_other_levels(run):
    assert digest(run({"symptoms": ["soreness"], "duration_days": 30})).urgent is None


def test_digest_not_ruled_out_when_symptoms_unknown(run):
    short = digest(run({"diet": "vegan"}))
    assert short.not_ruled_out == [words for _, words in RED_FLAGS]
    assert digest(run({"diet": "vegan", "symptoms": []})).not_ruled_out == []


def test_digest_not_ruled_out_passed_in_by_the_interview(run):
    short = digest(run({"symptoms": ["cramps"]}), not_ruled_out=["chest_pain", "dark_urine"])
    assert short.not_ruled_out == ["chest pain", "dark urine"]


def test_red_flags_not_ruled_out_unknown_is_not_no():
    everything = [rid for rid, _ in RED_FLAGS]
    assert red_flags_not_ruled_out({}) == everything
    assert red_flags_not_ruled_out({"symptoms": ["cramps"]}) == []  # a given list is complete
    asked = ["chest_pain", "seizures"]
    left = red_flags_not_ruled_out({"symptoms": ["cramps", "dark_urine"]}, asked=asked)
    assert left == [r for r in everything if r not in {"chest_pain", "seizures", "dark_urine"}]


@pytest.mark.parametrize(("symptom", "words"), RED_FLAGS)
def test_red_flags_each_is_urgent_on_its_own(run, symptom, words):
    """The digest's list of red flags is the rule base's: each alone gives urgent."""
    assert run({"symptoms": [symptom]})["referral"]["level"] == "urgent", words


def test_red_flags_list_is_complete():
    from sorewhy.engine.introspect import rule_base

    tested = set()
    for shape in rule_base().shapes:
        if shape.band != "red_flag":
            continue
        for test in shape.person_tests:
            if test.key == "symptoms":
                tested |= {rid for rid, _ in RED_FLAGS if test.passes(frozenset((rid,)))}
    assert tested == {rid for rid, _ in RED_FLAGS}


def test_digest_of_an_error_report():
    from sorewhy.engine.core import error_report

    short = digest(error_report("x", "bad"))
    assert short.leading == [] and short.urgent is None


def test_digest_general_advice_without_what_conflicts_withheld(run):
    """No finding leads one-sided calf pain at 66: the general advice shown must not suggest
    massage or stretching while a clot is not ruled out."""
    from sorewhy.knowledge import load

    general = load().advice.general
    plain = digest(run({"symptoms": ["soreness"]}))
    assert plain.general == general
    older = digest(run({"age": 66, "one_sided": True, "symptoms": ["soreness"], "locations": ["calves"]}))
    assert older.leading == []
    assert older.general and not any("massage" in t or "stretch" in t for t in older.general)
    assert digest(run({"symptoms": ["cramps", "tingling"], "diet": "vegan",
                       "sun_exposure": "low"})).general == []  # findings lead: their own advice
