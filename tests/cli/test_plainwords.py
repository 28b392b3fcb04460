"""Report parts in the words a person reads (cli/plainwords.py)."""

from __future__ import annotations

import pytest

from sorewhy.cli import plainwords as pw
from sorewhy.rules.base import DISPOSITIONS


@pytest.mark.parametrize(("triggered", "said"), [
    ({"duration_days": 30}, ["it has lasted 30 days"]),
    ({"duration_days": 1}, ["it has lasted 1 day"]),
    ({"symptoms": ["calf_swelling"], "one_sided": True}, ["you have a swollen calf", "on one side only"]),
    ({"improves_with_rest": False}, ["it does not get better with rest"]),
    ({"medications": ["statin"]}, ["you take a statin"]),
    ({"medications": ["proton_pump_inhibitor"]}, ["you take a proton pump inhibitor"]),
    ({"conditions": ["gitelman_syndrome"]}, ["diagnosed: gitelman syndrome"]),
    ({"exercise_water_l_per_hour": 1.6}, ["1.6 litres of plain water an hour while exercising"]),
])
def test_trigger_phrases_say_what_of_the_person_triggered_a_reason(triggered, said):
    assert pw.trigger_phrases(triggered) == said


def test_reason_words_lead_with_the_trigger_and_keep_the_claim():
    reason = {"rule": "referral.persistent", "says": "Soreness that has lasted two weeks should be checked.",
              "triggered_by": {"duration_days": 30}}
    assert pw.reason_words(reason) == "it has lasted 30 days: soreness that has lasted two weeks should be checked."
    lab = {"rule": "referral.abnormal-lab", "says": "potassium 3.1 mmol/L: low. A result outside its range.",
           "triggered_by": {"labs.potassium_mmol_l": 3.1}}
    assert pw.reason_words(lab) == lab["says"]  # the result is named by the rule's own words
    assert pw.reasons_line([reason, lab]) == "it has lasted 30 days; potassium 3.1 mmol/L: low"


def test_headline_is_the_dispositions_when_the_report_has_one_else_the_levels():
    assert pw.headline({"level": "see_doctor"}) == "See a doctor"
    assert pw.headline({"level": "urgent", "disposition": "emergency_now"}) == "Call an ambulance now"
    assert set(pw.DISPOSITION_HEADLINES) == set(DISPOSITIONS)
    assert pw.when_and_who({"level": "see_doctor"}) == ""
    assert pw.when_and_who({"timeframe": "today.", "see": "pharmacist"}) == \
        "When: today. Who: a pharmacist, for a review of your medicines."


def test_safety_net_lines_join_when_and_what_to_do_once_each():
    item = {"when": "Dark urine after exercise", "do": "Get help now", "rule": "r", "sources": []}
    assert pw.safety_net_lines({"safety_net": [item, item]}) == ["Dark urine after exercise: get help now"]
    assert pw.safety_net_lines({}) == []


def test_a_given_result_is_said_with_its_band():
    result = {"analyte": "potassium", "label": "Potassium", "value": 3.1, "unit": "mmol/L", "band": "low",
              "band_label": "low"}
    assert pw.lab_band_sentence(result) == "Your potassium 3.1 mmol/L is low."
    normal = {**result, "value": 4.2, "band": "normal", "band_label": "normal"}
    assert pw.lab_band_sentence(normal) == "Your potassium 4.2 mmol/L is in the normal range."
    assert pw.all_results_normal({"labs_read": [normal]}) and not pw.all_results_normal({"labs_read": [result]})
    assert not pw.all_results_normal({})
    assert pw.given_results({"labs_read": [result]}) == {"potassium": [result]}


def test_unknown_line_names_three_and_counts_the_rest():
    keys = ["medications", "conditions", "age", "sex", "labs.ferritin"]
    assert pw.unknown_line(keys) == ("which medicines you take; any condition a doctor has diagnosed; your age "
                                     "(and 2 more, in the JSON report)")
    assert pw.unknown_line(["labs.vitamin_d_25oh"]) == "a blood test of vitamin D"
