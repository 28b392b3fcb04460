"""The blood-result rules made from knowledge/labs.yaml (rules/labs.py): every
band of every analyte at both of its edges, what each band concludes, the
critical referrals and their named reasons, high results withholding the advice
that would raise them, what a normal and a low result do to each nutrient a
person suggests, and the cases of issue 8."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from helpers import (
    ANEMIA_PALE_NAILS,
    DIURETIC_LEG_CRAMPS,
    LOW_DAIRY_CRAMPS,
    LOW_SUN_BONE_PAIN,
    MARATHON_IN_HEAT,
    VEGAN_TINGLING_FEET,
)
from helpers import certainty as _certainty
from helpers import finding as _finding

from sorewhy.engine.certainty import in_words
from sorewhy.engine.introspect import rule_base
from sorewhy.knowledge import lab_table
from sorewhy.knowledge import load as load_knowledge
from sorewhy.knowledge.labdata import critical_rule_id
from sorewhy.rules import rule_index
from sorewhy.rules.base import Against, Refer, RefSource, Supports

LABS = lab_table()
GENERATED = {spec.id for lab in LABS for spec in lab.rules} | {
    critical_rule_id(lab.analyte, band) for lab in LABS for band in ("critically_low", "critically_high")
    if band in lab.bands}


def _edges():
    """(key, sex, value, band it must fall in) on and just beside every band
    edge: each band is checked at both of its edges (its lower edge is the
    upper edge of the band below it)."""
    out = []
    for lab in LABS:
        for sex in (None, "female", "male"):
            step = 10 ** -(lab.decimals + 1)
            above_of = {"critically_low": "low", "low": "borderline" if "borderline" in lab.bands else "normal",
                        "borderline": "normal"}
            for band, edge in lab.bands.items():
                at = edge.edge(sex)
                if band in above_of:  # "below X": X - step is in the band, X in the next one up
                    out += [(lab.key, sex, at - step, band), (lab.key, sex, at, above_of[band])]
                elif band == "high":  # "above X": X is still normal
                    out += [(lab.key, sex, at, "normal"), (lab.key, sex, at + step, "high")]
                else:  # critically_high, "from X"
                    out += [(lab.key, sex, at - step, "high" if "high" in lab.bands else "normal"),
                            (lab.key, sex, at, "critically_high")]
    return out


EDGES = _edges()


@pytest.mark.parametrize(("key", "sex", "value", "band"), EDGES,
                         ids=[f"{k}-{s or 'any'}-{v:g}" for k, s, v, _ in EDGES])
def test_every_band_edge_of_every_analyte(key, sex, value, band):
    assert load_knowledge().labs[key].band(value, sex) == band


def _rules_for(key: str, band: str) -> list[str]:
    out = []
    for shape in rule_base().shapes:
        for condition in shape.conditions:
            if condition.kind == "lab" and not condition.negated and condition.name == key:
                tests = [t for t in condition.tests if t.key == "band"]
                if tests and all(t.passes(band) for t in tests):
                    out.append(shape.id)
    return out


@pytest.mark.parametrize(("key", "sex", "value", "band"), EDGES,
                         ids=[f"{k}-{s or 'any'}-{v:g}" for k, s, v, _ in EDGES])
def test_the_rules_of_a_band_fire_at_its_edges_and_no_other_generated_lab_rule(run, key, sex, value, band):
    profile = {"labs": {key: value}, **({"sex": sex} if sex else {})}
    report = run(profile)
    fired_lab_rules = {r for r in report["fired"] if key in rule_base()[r].labs} & GENERATED
    assert fired_lab_rules == set(_rules_for(key, band)), (profile, band)
    [read] = report["labs_read"]
    assert read["band"] == band and read["band_label"] == band.replace("_", " ")


@dataclass(frozen=True)
class Suspect:
    """A finding a blood result decides: a person who suggests it, whose normal
    result (firing `normal_rule`) must drop it, and a low result (for `low_person`)
    that must be strong evidence for it."""

    finding: str
    person: dict
    normal_rule: str
    normal: dict
    low: dict
    low_person: dict = field(default_factory=dict)


SUSPECTS = [
    Suspect("vitamin_b12", VEGAN_TINGLING_FEET, "b12.lab-normal", {"vitamin_b12_pg_ml": 450},
            low={"vitamin_b12_pg_ml": 120}),
    Suspect("iron", ANEMIA_PALE_NAILS, "iron.ferritin-normal", {"ferritin_ng_ml": 80}, low={"ferritin_ng_ml": 8}),
    Suspect("vitamin_d", LOW_SUN_BONE_PAIN, "vitamin_d.lab-normal", {"vitamin_d_25oh_ng_ml": 35},
            low={"vitamin_d_25oh_ng_ml": 12}),
    Suspect("potassium", DIURETIC_LEG_CRAMPS, "potassium.lab-normal", {"potassium_mmol_l": 4.2},
            low={"potassium_mmol_l": 3.0}, low_person={"symptoms": ["weakness"]}),
    Suspect("calcium", LOW_DAIRY_CRAMPS, "calcium.lab-normal", {"calcium_mg_dl": 9.4}, low={"calcium_mg_dl": 7.8}),
    Suspect("sodium", {**MARATHON_IN_HEAT, "symptoms": ["wobbliness"]}, "sodium.lab-normal",
            {"sodium_mmol_l": 140}, low={"sodium_mmol_l": 128}),
]


@pytest.mark.parametrize("suspect", SUSPECTS, ids=lambda s: s.finding)
def test_normal_result_drops_the_finding_the_person_suggests(run, suspect):
    assert _finding(run(suspect.person), suspect.finding) is not None, "the person must suggest the finding"
    report = run({**suspect.person, "labs": suspect.normal})
    assert suspect.normal_rule in report["fired"]
    assert _finding(report, suspect.finding) is None


@pytest.mark.parametrize("suspect", SUSPECTS, ids=lambda s: s.finding)
def test_low_result_is_strong_evidence(run, suspect):
    certainty = _certainty(run({**suspect.low_person, "labs": suspect.low}), suspect.finding)
    assert certainty >= 0.85
    assert in_words(certainty) == "strong"


def test_each_band_concludes_what_the_issue_asks():
    """Low supports strongly; borderline supports a little (never against);
    normal argues against; high argues against; critical refers urgently."""
    for lab in LABS:
        for spec in lab.rules:
            meta = rule_index()[spec.id]
            [effect] = meta.effects
            bands = set(spec.bands)
            if bands & {"low", "critically_low"}:
                assert isinstance(effect, Supports) and effect.cf >= 0.6, spec.id
            if "borderline" in bands:
                assert isinstance(effect, Supports) and effect.cf <= 0.4, spec.id
            if bands & {"normal", "high", "critically_high"}:
                assert isinstance(effect, Against), spec.id
        covered = {b for spec in lab.rules for b in spec.bands}
        assert {"low"} <= covered, lab.key
        for band in ("critically_low", "critically_high"):
            if band in lab.bands:
                meta = rule_index()[critical_rule_id(lab.analyte, band)]
                level = lab.bands[band].refer or "urgent"
                assert meta.effects == (Refer(level),)
                assert (meta.band == "red_flag") == (level == "urgent")
                assert all(isinstance(s, RefSource) for s in meta.sources)


def test_generated_rules_are_the_validated_data():
    """rules/labs.py reads labs.yaml as plain data; it must say exactly what the
    validated knowledge says."""
    for lab in LABS:
        for spec in lab.rules:
            meta = rule_index()[spec.id]
            effect = Supports(lab.finding, spec.supports) if spec.supports else Against(lab.finding, spec.against)
            assert meta.effects == (effect,)
            assert meta.claim == " ".join(spec.claim.split())
            assert meta.note == spec.note
            assert meta.sources[0].quote == spec.source.quote
            assert [s.url for s in meta.sources[1:]] == [r.url for r in lab.references(spec.bands)]


def _says(items, rule_id):
    return next(i["says"] for i in items if i["rule"] == rule_id)


@pytest.mark.parametrize(("labs", "rule_id", "named"), [
    ({"potassium_mmol_l": 2.3}, "labs.potassium-critically-low", "potassium 2.3 mmol/L: critically low. "),
    ({"potassium": "6.7 mEq/L"}, "labs.potassium-critically-high", "potassium 6.7 mEq/L: critically high. "),
    ({"sodium_mmol_l": 118}, "labs.sodium-critically-low", "sodium 118 mmol/L: critically low. "),
    ({"calcium_mg_dl": 6.4}, "labs.calcium-critically-low", "calcium 6.4 mg/dL: critically low. "),
    ({"calcium": "3.6 mmol/L"}, "labs.calcium-critically-high", "calcium 3.6 mmol/L: critically high. "),
])
def test_critical_value_is_urgent_with_a_reason_naming_the_result(run, labs, rule_id, named):
    report = run({"symptoms": ["cramps"], "labs": labs})
    assert report["referral"]["level"] == "urgent"
    says = _says(report["referral"]["reasons"], rule_id)
    assert says.startswith(named), says


def test_the_only_critical_bands_not_urgent_are_those_the_data_marks_see_doctor():
    """Urgent is the rule; a critical band refers to a doctor only where its data
    says so (today hemoglobin below 8 g/dL alone, which no cited authority makes
    a reason for same-day care)."""
    not_urgent = {(lab.analyte, band) for lab in LABS for band, edge in lab.bands.items()
                  if band.startswith("critically") and (edge.refer or "urgent") != "urgent"}
    assert not_urgent == {("hemoglobin", "critically_low")}


@pytest.mark.parametrize("labs", [{"hemoglobin": "72 g/L"}, {"hemoglobin_g_dl": 7.9}])
def test_severe_anaemia_alone_sees_a_doctor_with_a_reason_naming_the_result(run, labs):
    report = run({"symptoms": ["fatigue"], "labs": labs})
    assert report["referral"]["level"] == "see_doctor"
    assert "labs.hemoglobin-critically-low" in report["fired"]
    says = _says(report["referral"]["reasons"], "labs.hemoglobin-critically-low")
    given = labs.get("hemoglobin") or f"{labs['hemoglobin_g_dl']} g/dL"
    assert says.startswith(f"hemoglobin {given}: critically low. "), says
    assert "severe anaemia" in says and "now" not in says


def test_severe_anaemia_with_a_red_flag_is_still_urgent(run):
    report = run({"symptoms": ["chest_pain"], "labs": {"hemoglobin_g_dl": 7.2}})
    assert report["referral"]["level"] == "urgent"


@pytest.mark.parametrize(("sex", "value"), [("female", 16.5), ("male", 18.2), (None, 18.2)])
def test_high_hemoglobin_argues_against_low_iron_and_sees_a_doctor(run, sex, value):
    profile = {"symptoms": ["fatigue", "restless_legs"], "labs": {"hemoglobin_g_dl": value},
               **({"sex": sex} if sex else {})}
    report = run(profile)
    assert "iron.hemoglobin-high" in report["fired"]
    assert report["referral"]["level"] == "see_doctor"
    see = _says(report["referral"]["reasons"], "referral.abnormal-lab")
    assert see.startswith(f"hemoglobin {value:g} g/dL: high. "), see
    before = next((f["certainty"] for f in run({k: v for k, v in profile.items() if k != "labs"})["findings"]
                   if f["id"] == "iron"), 0.0)
    after = next((f["certainty"] for f in report["findings"] if f["id"] == "iron"), 0.0)
    assert after < before or before == 0.0


def test_magnesium_typed_from_a_mmol_report_into_mg_dl_is_plausible_and_sent_to_a_doctor(run):
    """0.85 mmol/L typed as 0.85 mg/dL (0.35 mmol/L) is severe but possible
    hypomagnesaemia, so it is no input error; it reads as low and the referral
    reason names the value as given, so a doctor sees the number."""
    kb = load_knowledge()
    lo, _ = kb.labs["magnesium_mg_dl"].plausible
    assert lo < 0.85
    report = run({"symptoms": ["cramps"], "labs": {"magnesium_mg_dl": 0.85}})
    assert "magnesium.lab-low" in report["fired"]
    assert report["referral"]["level"] == "see_doctor"
    see = _says(report["referral"]["reasons"], "referral.abnormal-lab")
    assert see.startswith("magnesium 0.85 mg/dL: low. "), see


def test_evidence_about_a_lab_names_the_result_in_the_unit_given(run):
    report = run({"diet": "vegan", "labs": {"vitamin_b12": "120 pmol/L"}})
    finding = next(f for f in report["findings"] if f["id"] == "vitamin_b12")
    assert _says(finding["evidence"], "b12.lab-low").startswith("vitamin B12 120 pmol/L: low. ")
    see = _says(report["referral"]["reasons"], "referral.abnormal-lab")
    assert see.startswith("vitamin B12 120 pmol/L: low. ")


def test_abnormal_lab_reason_names_every_abnormal_result(run):
    report = run({"labs": {"magnesium_mg_dl": 1.4, "ferritin": "8 ug/L"}})
    see = _says(report["referral"]["reasons"], "referral.abnormal-lab")
    assert see.startswith("magnesium 1.4 mg/dL: low; ferritin 8 µg/L: low. "), see


HIGH_POTASSIUM = {"symptoms": ["cramps", "weakness"], "locations": ["legs"], "conditions": ["chronic_kidney_disease"],
                  "medications": ["hydrochlorothiazide"], "fluid_losses": ["vomiting", "diarrhea"],
                  "heavy_sweating": True}


@pytest.mark.parametrize("value", [5.8, 6.7])
def test_high_potassium_with_kidney_disease_is_no_low_potassium_and_no_bananas(run, value):
    report = run({**HIGH_POTASSIUM, "labs": {"potassium_mmol_l": value}})
    assert "potassium.lab-high" in report["fired"]
    assert not any(f["id"] == "potassium" for f in report["findings"])
    for finding in report["findings"]:
        assert not any("banana" in a.lower() for a in finding["advice"]), finding["id"]
    assert report["referral"]["level"] == ("urgent" if value >= 6.5 else "see_doctor")


def test_high_result_withholds_the_advice_that_would_raise_it(run):
    """When a finding survives a high result (strong other evidence), its food
    advice is replaced by the data's high_advice."""
    profile = {"diet": "vegan", "low_intake": ["fortified_foods", "dairy", "eggs", "meat", "fatty_fish"],
               "symptoms": ["tingling", "numbness", "balance_problems", "fatigue", "weakness"],
               "medications": ["metformin"], "conditions": ["malabsorption"], "labs": {"vitamin_b12_pg_ml": 1200}}
    kb = load_knowledge()
    report = run(profile)
    b12 = next((f for f in report["findings"] if f["id"] == "vitamin_b12"), None)
    if b12 is not None:
        lab = kb.labs["vitamin_b12_pg_ml"]
        assert not set(lab.high_withholds) & set(b12["advice"])
        assert b12["advice"][0] == lab.high_advice
    # The same withholding for every analyte, driven by the data:
    from sorewhy.engine.core import _advice, _lab_fitted_advice

    for lab in LABS:
        advice = _lab_fitted_advice(lab.finding, _advice(lab.finding), [{"analyte": lab.analyte, "band": "high"}])
        assert not set(lab.high_withholds) & set(advice), lab.key
        if lab.high_advice:
            assert advice[0] == lab.high_advice
        normal = _lab_fitted_advice(lab.finding, _advice(lab.finding), [{"analyte": lab.analyte, "band": "normal"}])
        assert normal == _advice(lab.finding)


def test_every_withheld_advice_is_advice_the_finding_gives():
    kb = load_knowledge()
    for lab in LABS:
        for text in lab.high_withholds:
            assert text in [item.text for item in kb.findings[lab.finding].advice], (lab.key, text)


def test_borderline_b12_with_metformin_and_numb_feet_keeps_the_deficiency(run):
    profile = {"medications": ["metformin"], "symptoms": ["numbness", "tingling"], "locations": ["feet"]}
    without = next(f for f in run(profile)["findings"] if f["id"] == "vitamin_b12")
    with_lab = next(f for f in run({**profile, "labs": {"vitamin_b12_pg_ml": 230}})["findings"]
                    if f["id"] == "vitamin_b12")
    assert with_lab["certainty"] >= without["certainty"]
    assert "b12.lab-borderline" in {e["rule"] for e in with_lab["evidence"]}
    assert not with_lab["against"]


def test_borderline_ferritin_with_restless_legs_keeps_iron(run):
    profile = {"symptoms": ["restless_legs", "fatigue"]}
    before = next((f["certainty"] for f in run(profile)["findings"] if f["id"] == "iron"), 0.0)
    report = run({**profile, "labs": {"ferritin_ng_ml": 22}})
    iron = next(f for f in report["findings"] if f["id"] == "iron")
    assert iron["certainty"] > before
    assert not iron["against"]


def test_uk_vitamin_d_in_nmol_is_read_as_deficient_and_adequate_as_adequate(run):
    low = run({"symptoms": ["bone_pain"], "labs": {"vitamin_d_25oh": "30 nmol/L"}})
    assert next(f for f in low["findings"] if f["id"] == "vitamin_d")["certainty"] >= 0.85
    adequate = run({"symptoms": ["bone_pain"], "labs": {"vitamin_d_25oh": "75 nmol/L"}})
    assert "vitamin_d.lab-normal" in adequate["fired"]
    assert "vitamin_d.lab-high" not in adequate["fired"]
    assert "referral.abnormal-lab" not in adequate["fired"]


def test_calcium_and_magnesium_from_a_mmol_report_are_read_as_normal(run):
    report = run({"symptoms": ["cramps"], "labs": {"calcium": "2.3 mmol/L", "magnesium": "0.85 mmol/L"}})
    assert {"calcium.lab-normal", "magnesium.lab-normal"} <= set(report["fired"])
    assert not [f for f in report["findings"] if f["id"] in ("calcium", "magnesium") and f["certainty"] >= 0.5]


# --- every measured result normal (#20) -------------------------------------------------------


def test_labs_all_normal_says_no_deficiency_and_names_other_causes(run):
    """Issue case: with every measured nutrient normal the report neither said so nor pointed elsewhere."""
    report = run({"symptoms": ["cramps", "aches"], "labs": {"potassium_mmol_l": 4.2, "magnesium": "0.85 mmol/L",
                                                             "calcium_mg_dl": 9.4, "vitamin_d_25oh_ng_ml": 40}})
    assert "labs.all-normal" in report["fired"]
    summary = report["labs_summary"]
    assert summary.startswith("Your blood results (")
    assert "potassium" in summary and "magnesium" in summary and "vitamin D" in summary
    assert "do not suggest a deficiency" in summary
    assert "Other causes still worth discussing" in summary


def test_labs_all_normal_names_the_report_s_other_explanations(run):
    report = run({"medications": ["atorvastatin"], "symptoms": ["aches", "weakness"],
                  "labs": {"potassium_mmol_l": 4.2}})
    assert "a medication's side effect" in report["labs_summary"]


@pytest.mark.parametrize("labs", [{"potassium_mmol_l": 4.2, "magnesium_mg_dl": 1.4}, {"potassium_mmol_l": 6.0},
                                  {"vitamin_d_25oh_ng_ml": 15}])
def test_labs_summary_is_null_unless_every_result_is_normal(run, labs):
    report = run({"symptoms": ["cramps"], "labs": labs})
    assert report["labs_summary"] is None
    assert "labs.all-normal" not in report["fired"]


def test_labs_summary_is_null_without_labs(run):
    assert run({"symptoms": ["cramps"]})["labs_summary"] is None
