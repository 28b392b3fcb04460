"""The report view: what a report to hand to a doctor shows, and in what order."""

from __future__ import annotations

import datetime

import pytest

from sorewhy import NOTICE, __version__
from sorewhy.cli import report_view as rv
from sorewhy.engine.certainty import CONSIDER_THRESHOLD
from sorewhy.knowledge import load
from sorewhy.knowledge.documents import title_of

VEGAN = {
    "age": 34, "sex": "female", "diet": "vegan", "low_intake": ["dairy", "meat", "eggs", "fatty_fish"],
    "sun_exposure": "low", "high_latitude": True, "exercise_load": "intense", "exercise_hours": 1.5,
    "heavy_sweating": True, "electrolyte_drinks": False, "symptoms": ["cramps", "tingling", "fatigue", "soreness"],
    "locations": ["calves", "feet"], "timing": ["night", "after_exercise"], "duration_days": 30,
    "improves_with_rest": False, "severity": "moderate",
}
DVT = {"symptoms": ["calf_swelling", "soreness", "aches", "weakness"], "one_sided": True, "locations": ["calves"]}
DAY = datetime.date(2026, 3, 4)


def _finding(fid: str, certainty: float, rules: tuple[str, ...] = ()) -> dict:
    return {"id": fid, "kind": "deficiency", "label": fid.title(), "certainty": certainty,
            "evidence": [{"rule": r, "says": f"{r} says", "sources": []} for r in rules], "against": [], "advice": []}


def _view_of(findings: list[dict], referral: dict) -> rv.ReportView:
    return rv.report_view({"id": "p", "findings": findings, "referral": {"advice": "", "reasons": [], **referral}},
                          DAY)


def test_report_view_leads_with_about_three_findings_of_at_least_weak_certainty():
    view = _view_of([_finding("a", 0.8), _finding("b", 0.6), _finding("c", 0.3), _finding("d", 0.26),
                     _finding("e", 0.2)], {"level": "see_doctor"})
    assert [f.id for f in view.leading] == ["a", "b", "c"]
    assert [t.split(" (")[0] for t in view.also_considered] == ["D", "E"]


def test_report_view_leaves_out_findings_below_weak_certainty():
    view = _view_of([_finding("a", 0.24), _finding("b", 0.1)], {"level": "self_care"})
    # #20: b, under the consider threshold (0.2), is not even "also considered"
    assert view.leading == () and [t.split(" (")[0] for t in view.also_considered] == ["A"]


def test_report_view_of_a_red_flag_report_starts_with_the_finding_behind_it():
    view = _view_of([_finding("a", 0.9), _finding("b", 0.8), _finding("c", 0.7), _finding("dvt", 0.1, ("rf",))],
                    {"level": "urgent", "reasons": [{"rule": "rf", "says": "", "sources": []}]})
    assert [f.id for f in view.leading] == ["dvt", "a", "b"]
    assert [f.behind_referral for f in view.leading] == [True, False, False]
    assert [t.split(" (")[0] for t in view.also_considered] == ["C"]


def test_report_view_shows_what_the_digest_shows(run):
    """The view does not choose on its own: its leading findings, folded rest and red flags not
    ruled out are engine/digest.py's."""
    from sorewhy.engine.digest import digest

    for facts in (VEGAN, DVT, {"diet": "vegan"}):
        report = run(facts)
        short, view = digest(report), rv.report_view(report, DAY)
        assert [f.id for f in view.leading] == [f["id"] for f in short.leading]
        assert len(view.also_considered) == len(short.folded)
        assert list(view.not_ruled_out) == short.not_ruled_out


def test_report_view_of_a_red_flag_shows_the_urgent_message_and_its_finding_first(run):
    report = run(DVT, "calf")
    view = rv.report_view(report, DAY)
    assert view.urgent and view.headline in ("Seek medical care now", "Call an ambulance now", "Get medical help today")
    assert view.referral_sentence == report["referral"]["advice"]
    assert view.leading[0].id == "possible_dvt" and view.leading[0].behind_referral
    assert view.reasons[0].note == 1  # the red-flag rule is note 1


def test_report_view_orders_what_was_reported_and_says_it_in_words(run):
    view = rv.report_view(run(VEGAN, "vegan"), DAY)
    labels = [f.label for f in view.reported]
    assert labels[:4] == ["Age", "Sex", "Symptoms", "Diet"]
    symptoms = dict((f.label, f.value) for f in view.reported)["Symptoms"]
    assert symptoms.startswith("soreness, cramps, fatigue, tingling")
    assert "where: calves, feet" in symptoms and "when: night, after exercise" in symptoms
    assert "for 30 days" in symptoms and "does not improve with rest" in symptoms
    assert dict((f.label, f.value) for f in view.reported)["Usual session"] == "1.5 hours"


def test_report_view_numbers_each_rule_once_and_names_documents_by_title(run):
    report = run(VEGAN, "vegan")
    view = rv.report_view(report, DAY)
    numbers = [n.number for n in view.notes]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({n.rule for n in view.notes}) == len(view.notes)
    cited = {s.note for s in view.reasons} | {s.note for f in view.leading for s in f.speaks_for + f.speaks_against}
    cited |= {s.note for s in view.withheld}
    assert cited == set(numbers)
    marks = {d.mark: d.title for d in view.documents}
    first = report["findings"][0]["evidence"][0]["sources"][0]
    sources = [s for n in view.notes for s in n.sources if s.quote == first["quote"]]
    assert sources and marks[sources[0].mark] == title_of(first["doc"]) == sources[0].title


def test_report_view_puts_the_rest_in_one_also_considered_line(run):
    report = run(VEGAN, "vegan")
    view = rv.report_view(report, DAY)
    assert len(view.leading) == 3
    shown = {f.id for f in view.leading}
    rest = [f for f in report["findings"] if f["id"] not in shown and f["certainty"] >= CONSIDER_THRESHOLD]
    assert len(view.also_considered) == len(rest)
    assert view.also_considered_text.startswith(f"{rest[0]['label']} (")


def test_report_view_asks_the_doctor_for_the_confirming_tests_and_says_supplement_advice_once(run):
    view = rv.report_view(run(VEGAN, "vegan"), DAY)
    kb = load()
    for finding in view.leading:
        assert f"{finding.label}: {kb.findings[finding.id].confirm}." in view.ask_doctor
    assert view.advice.count(kb.advice.supplements) == 1 and view.advice[-1] == kb.advice.supplements
    assert not any(a.startswith("To confirm it:") for a in view.advice)


def test_report_view_reads_blood_results_as_the_engine_read_them(run):
    report = run({"sex": "female", "symptoms": ["cramps"], "labs": {"magnesium_mg_dl": 1.2, "ferritin_ng_ml": 80}})
    view = rv.report_view(report, DAY)
    results = {r.label: r for r in view.blood_results}
    magnesium = load().labs["magnesium_mg_dl"]
    assert results[magnesium.label].value == "1.2" and results[magnesium.label].unit == magnesium.unit
    assert results[magnesium.label].band == "low" and results[magnesium.label].flagged
    assert results[load().labs["ferritin_ng_ml"].label].band == "normal"


def test_report_view_shows_labs_read_when_the_report_has_it():
    report = {"id": "p", "findings": [], "referral": {"level": "urgent", "reasons": [], "advice": "Now."},
              "labs_read": [{"analyte": "potassium", "label": "Potassium", "given": "2.3 mmol/L", "value": 2.3,
                             "unit": "mmol/L", "band": "critically_low", "band_label": "critically low"}]}
    (result,) = rv.report_view(report, DAY).blood_results
    assert (result.label, result.value, result.unit, result.band, result.flagged) == \
        ("Potassium", "2.3", "mmol/L", "critically low", True)


def test_report_view_shows_medications_read_and_suggestions_when_the_report_has_them():
    report = {"id": "p", "findings": [], "referral": {"level": "see_doctor", "reasons": [], "advice": "See."},
              "reported": {"medications": ["Lasix 40 mg", "furosemid", "water tablet"]},
              "medications_read": [
                  {"given": "Lasix 40 mg", "generic": "furosemide", "class": "loop_diuretic",
                   "class_label": "loop diuretic"},
                  {"given": "water tablet", "generic": None, "class": "diuretic", "class_label": "diuretic"}],
              "unrecognised_medications": ["furosemid"],
              "medication_suggestions": [{"given": "furosemid", "did_you_mean": "furosemide"}]}
    facts = {f.label: f.value for f in rv.report_view(report, DAY).reported}
    assert facts["Medicines"] == ("Lasix 40 mg (furosemide, loop diuretic); water tablet (diuretic); "
                                  "furosemid (not recognised; did you mean furosemide?)")


def test_report_view_reads_medications_as_the_engine_read_them(run):
    report = run({"medications": ["hydrochlorothiazide", "zzzunknown"], "symptoms": ["cramps"]})
    facts = {f.label: f.value for f in rv.report_view(report, DAY).reported}
    assert facts["Medicines"] == ("hydrochlorothiazide (hydrochlorothiazide, thiazide diuretic); "
                                  "zzzunknown (not recognised)")


def test_report_view_takes_the_rule_base_version_from_the_report_else_the_package():
    base = {"id": "p", "findings": [], "referral": {"level": "self_care", "reasons": [], "advice": "Fine."}}
    assert rv.report_view(base, DAY).version == __version__
    assert rv.report_view({**base, "rule_base": {"version": "9.9.9", "sha256": "ab"}}, DAY).version == "9.9.9"


def test_report_view_is_dated_today_unless_told(monkeypatch):
    base = {"id": "p", "findings": [], "referral": {"level": "self_care", "reasons": [], "advice": "Fine."}}
    monkeypatch.setattr(rv, "today", lambda: datetime.date(2031, 1, 2))
    assert rv.report_view(base).date == "2031-01-02"
    assert rv.report_view(base, DAY).date == "2026-03-04"


def test_report_view_of_an_error_carries_the_error_and_the_notice():
    view = rv.report_view({"id": "bad", "error": "x.json, profile 'bad': key 'age': expected at most 120"}, DAY)
    assert view.error.endswith("expected at most 120") and view.notice == NOTICE and not view.leading


def test_report_view_with_no_finding_leading_gives_the_general_advice_without_what_was_withheld(run):
    kb = load()
    plain = rv.report_view(run({"symptoms": ["soreness"]}), DAY)
    assert plain.leading == () and list(plain.advice) == kb.advice.general
    over = rv.report_view(run({"symptoms": ["soreness"], "exercise_water_l_per_hour": 1.6}), DAY)
    assert over.leading == () and over.advice
    assert not any(t.startswith("Drink water") for t in over.advice)


def test_report_view_says_why_advice_was_withheld_with_its_note(run):
    one_side = {"age": 66, "symptoms": ["soreness", "cramps"], "one_sided": True,
                "locations": ["calves"], "timing": ["night"], "duration_days": 4}
    view = rv.report_view(run(one_side, "one-side"), DAY)
    assert "magnesium" in {f.id for f in view.leading}
    assert len(view.withheld) == 1
    note = next(n for n in view.notes if n.number == view.withheld[0].note)
    assert note.rule == "conflict.clot-no-massage" and "could loosen it" in view.withheld[0].text
    assert not any("massage can ease" in t for t in view.advice)


def test_report_view_names_the_red_flags_not_ruled_out(run):
    unknown = rv.report_view(run({"diet": "vegan"}), DAY)
    assert unknown.not_ruled_out[0] == "chest pain" and "a swollen calf" in unknown.not_ruled_out
    assert rv.report_view(run({"diet": "vegan", "symptoms": []}), DAY).not_ruled_out == ()


def test_report_view_says_unknown_keys_in_words_with_blood_tests_as_one_item():
    words = rv.unknown_words(["sun_exposure", "labs.magnesium_mg_dl", "conditions", "labs.ferritin_ng_ml"])
    assert words == ["how much time you spend in daylight", "blood tests of magnesium and ferritin",
                     "any condition a doctor has diagnosed"]
    assert rv.unknown_words(["labs.vitamin_d_25oh"]) == ["a blood test of vitamin D"]


def test_report_view_shows_the_few_unknowns_that_matter_most_and_counts_the_rest(run):
    report = run({"symptoms": ["cramps"], "locations": ["feet"]})
    view = rv.report_view(report, DAY)
    assert len(view.unknown) == 3 and view.unknown_more == len(rv.unknown_words(report["unknown"])) - 3
    assert list(view.unknown) == rv.unknown_words(report["unknown"])[:3]


def test_report_view_of_an_urgent_report_shows_no_advice_and_folds_the_nutrient_findings(run):
    # A vegan who is tired as well: a deficiency above the consider threshold beside the clot (#20).
    view = rv.report_view(run({**DVT, "symptoms": ["calf_swelling", "soreness", "cramps", "fatigue"],
                               "diet": "vegan", "sun_exposure": "low"}, "calf"), DAY)
    assert view.urgent and view.advice == () and view.ask_doctor == () and view.withheld == ()
    assert [f.id for f in view.behind] == ["possible_dvt"]
    assert view.later and all(f.kind == "deficiency" for f in view.later)
    assert view.later_text.startswith(f"{view.later[0].label} ({view.later[0].certainty_words} certainty, ")


def test_report_view_says_a_given_result_instead_of_asking_for_its_test(run):
    report = run({"sex": "female", "symptoms": ["cramps", "weakness", "fatigue"], "duration_days": 20,
                  "labs": {"potassium": "3.1 mmol/L"}})
    view = rv.report_view(report, DAY)
    assert "potassium" in {f.id for f in view.leading}
    assert "Low potassium (hypokalemia): Your potassium 3.1 mmol/L is low." in view.ask_doctor
    assert not any("serum potassium" in a for a in view.ask_doctor + view.advice)


def test_report_view_with_every_result_normal_offers_no_blood_test_in_the_headline(run):
    report = run({"symptoms": ["cramps"], "duration_days": 30,
                  "labs": {"magnesium_mg_dl": 2.0, "potassium_mmol_l": 4.2, "calcium_mg_dl": 9.5}})
    assert report["referral"]["level"] == "see_doctor"
    view = rv.report_view(report, DAY)
    assert "blood test" not in view.referral_sentence.lower()


def test_report_view_opens_with_the_presenting_complaint_and_the_red_flags(run):
    view = rv.report_view(run({**VEGAN, "sex": "male", "age": 41}, "v"), DAY)
    assert view.presenting == ("41-year-old male: soreness, cramps, fatigue and tingling in the calves and feet, "
                               "at night and after exercise, for 30 days.")
    assert view.red_flags == "none reported"
    assert rv.report_view(run({"diet": "vegan"}), DAY).red_flags == "not asked"
    assert rv.report_view(run(DVT), DAY).red_flags == "a swollen calf"


def test_report_view_shows_the_disposition_whom_to_see_and_the_safety_net_when_present(run):
    report = run(VEGAN, "vegan")
    report["referral"].update({"disposition": "doctor_soon", "timeframe": "within a few days", "see": "gp"})
    report["safety_net"] = [
        {"when": "Weakness or numbness spreads", "do": "Get help now", "rule": "safety.general", "sources": []},
        {"when": "It is not better in 2 weeks", "do": "See a GP", "rule": "safety.not-better", "sources": []}]
    view = rv.report_view(report, DAY)
    assert view.headline == "See a doctor within a few days"
    assert view.when_who == "When: within a few days. Who: a GP (your family doctor)."
    assert view.safety_net == ("Weakness or numbness spreads: get help now", "It is not better in 2 weeks: see a GP")


@pytest.mark.parametrize(("value", "text"), [(True, "yes"), (False, "no"), (1.5, "1.5"), (["after_exercise",
                                              "whole_body"], "after exercise, whole body"), ("at_rest", "at rest")])
def test_words_says_fact_values_as_a_person_would(value, text):
    assert rv.words(value) == text
