"""Issue 21 on the engine side: the report's disposition, time frame and whom
to see; the see-a-doctor sentence written from the reason that set it; the
safety net chosen for the person; an urgent report that says what to do now."""

from __future__ import annotations

import pytest

from sorewhy.engine.core import RunState, apply_firing, build_referral, build_safety_net, error_report
from sorewhy.knowledge import SafetyNetItem, Triage, load
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import DISPOSITIONS, SEE, Refer, RuleMeta, Warns, rule

KB = load()


def _meta(rule_id: str, *effects, claim: str = "A reason in plain words for the test.") -> RuleMeta:
    return RuleMeta(id=rule_id, method="m", claim=claim, effects=tuple(effects), sources=(), band="referral",
                    salience=0, patterns=())


def _state(*metas: RuleMeta) -> RunState:
    state = RunState()
    for meta in metas:
        apply_firing(state, meta, ())
    return state


# --- dispositions ---------------------------------------------------------------------------


def test_triage_knowledge_names_every_disposition_and_whom_to_see():
    from sorewhy.knowledge import DISPOSITION_IDS, SEE_IDS

    assert (DISPOSITION_IDS, SEE_IDS) == (DISPOSITIONS, SEE)  # the knowledge's copy of the rules' names
    assert set(KB.triage.dispositions) == set(DISPOSITIONS)
    assert set(KB.triage.see) == set(SEE)
    assert "999" in KB.triage.dispositions["emergency_now"].timeframe
    assert KB.triage.dispositions["doctor_soon"].timeframe == "within a few days"


def test_triage_knowledge_missing_a_disposition_is_refused():
    data = KB.triage.model_dump()
    del data["dispositions"]["doctor_soon"]
    with pytest.raises(ValueError, match="doctor_soon"):
        Triage.model_validate(data)


def test_most_urgent_reason_sets_disposition_timeframe_see_and_sentence():
    routine = _meta("t.routine", Refer("see_doctor"), claim="Routine reason for a doctor to look.")
    soon = _meta("t.soon", Refer("see_doctor", "doctor_soon", see="gp"), claim="Sooner reason, said by a GP page.")
    referral = build_referral(_state(routine, soon))
    assert referral["level"] == "see_doctor" and referral["disposition"] == "doctor_soon"
    assert referral["timeframe"] == "within a few days" and referral["see"] == "gp"
    assert [(r["rule"], r["disposition"], r["see"]) for r in referral["reasons"]] == [
        ("t.routine", "doctor_routine", None), ("t.soon", "doctor_soon", "gp")]
    headline = KB.triage.dispositions["doctor_soon"].headline
    assert referral["advice"] == f"{headline} Sooner reason, said by a GP page."


def test_an_urgent_reason_outranks_every_see_doctor_reason_and_keeps_the_level():
    soon = _meta("t.soon", Refer("see_doctor", "doctor_soon", see="gp"))
    now = _meta("t.now", Refer("urgent", "emergency_now", see="emergency_department"))
    referral = build_referral(_state(soon, now))
    assert (referral["level"], referral["disposition"], referral["see"]) == ("urgent", "emergency_now",
                                                                            "emergency_department")
    assert [r["rule"] for r in referral["reasons"]] == ["t.now"]  # the reasons at the top level, as before


def test_no_referral_is_self_care_with_its_headline_only():
    referral = build_referral(RunState())
    assert (referral["level"], referral["disposition"], referral["see"]) == ("self_care", "self_care", None)
    assert referral["advice"] == KB.triage.dispositions["self_care"].headline


def test_see_doctor_sentence_promises_no_blood_test_for_a_reason_that_is_not_a_deficiency(run):
    for profile in ({"symptoms": ["soreness", "calf_swelling"], "one_sided": False},
                    {"age": 70, "one_sided": True, "symptoms": ["soreness"]},
                    {"severity": "severe", "symptoms": ["soreness"]}):
        referral = run(profile)["referral"]
        assert referral["level"] == "see_doctor", profile
        assert "blood test" not in referral["advice"], referral["advice"]
        setter = next(r for r in referral["reasons"] if r["disposition"] == referral["disposition"])
        assert referral["advice"].endswith(rule_index()[setter["rule"]].claim)


def test_see_doctor_sentence_offers_no_test_when_the_results_are_given(run):
    labs = {"magnesium_mg_dl": 2.0, "potassium_mmol_l": 3.1, "sodium_mmol_l": 140, "calcium_mg_dl": 9.5,
            "vitamin_d_25oh_ng_ml": 40, "vitamin_b12_pg_ml": 500}
    referral = run({"symptoms": ["cramps"], "labs": labs})["referral"]
    assert referral["level"] == "see_doctor"
    assert "blood test" not in referral["advice"] and "order" not in referral["advice"]


def test_the_old_one_sentence_for_every_see_doctor_report_is_gone(run):
    sentences = {run(p)["referral"]["advice"] for p in (
        {"duration_days": 30}, {"medications": ["atorvastatin"]}, {"conditions": ["malabsorption"]})}
    assert len(sentences) == 3
    assert not any("order blood tests to confirm or rule out a deficiency" in s for s in sentences)


# --- the safety net -------------------------------------------------------------------------


def _net(report: dict) -> dict[str, str]:
    """Safety-net item id -> the rule that chose it."""
    by_when = {item.when: key for key, item in KB.safety_net.items()}
    return {by_when[item["when"]]: item["rule"] for item in report["safety_net"]}


def test_a_self_care_report_has_the_general_signs_and_when_to_see_a_gp(run):
    report = run({"symptoms": ["soreness"], "timing": ["after_exercise"], "duration_days": 2})
    assert report["referral"]["level"] == "self_care"
    assert _net(report) == {"general": "safety_net.general", "not_better": "safety_net.general"}
    not_better = next(i for i in report["safety_net"] if i["when"] == KB.safety_net["not_better"].when)
    assert "2 weeks" in not_better["when"] and not_better["do"] == "see a GP"
    assert any("sprains-and-strains" in s["url"] for s in not_better["sources"])


def test_not_better_is_not_said_to_someone_already_sent_to_a_doctor(run):
    report = run({"symptoms": ["soreness"], "duration_days": 30})
    assert report["referral"]["level"] == "see_doctor"
    assert "safety_net.general" in report["fired"]
    assert list(_net(report)) == ["general"]


def test_safety_net_is_chosen_for_the_person(run):
    cases = {
        "clot": {"symptoms": ["soreness"], "one_sided": True, "locations": ["calves"], "age": 30},
        "statin": {"medications": ["atorvastatin"], "symptoms": ["aches"]},
        "heat": {"hot_environment": True, "exercise_load": "intense"},
        "dehydration": {"fluid_losses": ["vomiting", "diarrhea"]},
    }
    for item, profile in cases.items():
        net = _net(run(profile))
        assert item in net and "general" in net, (item, net)
        assert list(net) == [k for k in KB.safety_net if k in net]  # the knowledge's order: specific first
    plain = _net(run({"symptoms": ["soreness"]}))
    assert not {"clot", "statin", "heat", "dehydration"} & set(plain)


def test_a_red_flag_report_says_what_to_do_if_it_gets_worse_and_watches_the_clot(run):
    report = run({"symptoms": ["calf_swelling", "soreness"], "one_sided": True, "locations": ["calves"]})
    net = _net(report)
    assert net["worse_while_waiting"] == "safety_net.red-flag"
    assert net["clot"] == "safety_net.clot-suspected"  # the first rule that chose it
    assert "general" not in net and "not_better" not in net
    clot = next(i for i in report["safety_net"] if i["when"] == KB.safety_net["clot"].when)
    assert "swollen, red, warm" in clot["when"] and "breathlessness" in clot["when"]


def test_an_error_report_still_has_the_general_safety_net():
    report = error_report("bad", "f.json: profile 'bad': age: expected a whole number")
    assert report["referral"] is None
    assert [i["when"] for i in report["safety_net"]] == [KB.safety_net["general"].when]


def test_safety_net_items_need_a_source_and_a_known_level():
    with pytest.raises(ValueError):
        SafetyNetItem.model_validate({"id": "x", "when": "w", "do": "d", "sources": []})
    with pytest.raises(ValueError):
        SafetyNetItem.model_validate({"id": "x", "when": "w", "do": "d", "levels": ["soon"],
                                      "sources": [{"ref": "r", "url": "https://example.org/"}]})


def test_every_safety_net_item_is_chosen_by_some_rule_and_every_warning_names_an_item():
    warned = {e.item for m in all_rules() for e in m.effects if isinstance(e, Warns)}
    assert warned == set(KB.safety_net)


def test_safety_net_rules_sit_after_the_conflict_rules_and_self_care_stays_last():
    rules = all_rules()
    assert rules[-1].id == "referral.self-care"
    bands = [m.band for m in rules]
    first = bands.index("safety_net")
    assert "conflict" not in bands[first:] and set(bands[first:]) == {"safety_net", "referral"}


def test_warns_makes_a_safety_net_rule_and_shows_in_rules_json():
    meta = rule_index()["safety_net.statin"]
    assert meta.band == "safety_net" and meta.concludes == ["safety net: statin"]
    assert meta.as_dict()["effects"] == [{"warns": "statin"}]


def test_build_safety_net_lists_each_item_once_with_its_first_rule():
    one = _meta("t.one", Warns("clot"))
    two = _meta("t.two", Warns("clot"), Warns("general"))
    net = build_safety_net(_state(one, two), "see_doctor")
    assert [(i["rule"], i["when"]) for i in net] == [("t.one", KB.safety_net["clot"].when),
                                                    ("t.two", KB.safety_net["general"].when)]


def test_rule_decorator_gives_a_warning_rule_the_safety_net_band():
    decorated = rule("t.warns-only", effects=[Warns("general")])(lambda self: None)
    try:
        assert decorated.meta.band == "safety_net"
    finally:
        from sorewhy.rules.base import REGISTRY

        REGISTRY.pop("t.warns-only", None)


# --- an urgent report says what to do now ------------------------------------------------------


def test_urgent_report_keeps_its_findings_but_not_their_home_advice(run):
    report = run({"symptoms": ["dark_urine", "soreness", "cramps"], "timing": ["after_exercise"],
                  "exercise_load": "intense", "diet": "vegan", "sun_exposure": "low"})
    assert report["referral"]["level"] == "urgent"
    assert any(f["kind"] == "deficiency" for f in report["findings"])
    assert all(f["advice"] == [] for f in report["findings"] if f["kind"] == "deficiency")
    text = " ".join(a for f in report["findings"] for a in f["advice"]) + report["referral"]["advice"]
    for word in ("stretching", "Eat", "fatty fish", "Drink water", "supplement"):
        assert word not in text, word


def test_urgent_clot_report_keeps_do_not_massage(run):
    report = run({"symptoms": ["calf_swelling"], "one_sided": True})
    dvt = next(f for f in report["findings"] if f["id"] == "possible_dvt")
    assert len(dvt["advice"]) == 1 and "do not massage or stretch the leg" in dvt["advice"][0].lower()


def test_safety_net_rules_cite_the_pages_their_items_cite():
    """The rules read safety_net.yaml as plain data (rules/safety_net.py); the
    validated knowledge and the rules' sources are the same pages."""
    from sorewhy.rules.base import RefSource

    for meta in all_rules():
        items = [e.item for e in meta.effects if isinstance(e, Warns)]
        if items:
            pages = {(s.ref, s.url) for item in items for s in KB.safety_net[item].sources}
            assert {(s.ref, s.url) for s in meta.sources if isinstance(s, RefSource)} == pages, meta.id


def test_red_flag_symptoms_of_the_safety_net_are_the_contracts():
    from sorewhy.rules.safety_net import RED_FLAG_SYMPTOMS

    # The contract's red flags, and a tense, swollen, very painful muscle (compartment syndrome, #20).
    assert set(RED_FLAG_SYMPTOMS) == {"chest_pain", "seizures", "confusion", "paralysis", "irregular_heartbeat",
                                      "palpitations", "dark_urine", "calf_swelling", "tense_swelling"}
