from __future__ import annotations

import itertools

import pytest

from sorewhy.engine.certainty import combine, in_words


def test_combine_single_support_is_its_cf():
    assert combine([0.3], []) == pytest.approx(0.3)


def test_combine_supports_reinforce_but_stay_below_one():
    assert combine([0.3, 0.3], []) == pytest.approx(0.51)
    assert combine([0.9, 0.9, 0.9], []) < 1.0


def test_combine_against_can_drop_below_zero():
    assert combine([0.3], [0.6]) < 0
    assert combine([], [0.5]) == pytest.approx(-0.5)


def test_combine_is_independent_of_order():
    cfs = [0.2, 0.35, 0.1, 0.6]
    againsts = [0.5, 0.2]
    results = {round(combine(list(p), againsts), 12) for p in itertools.permutations(cfs)}
    assert len(results) == 1


def test_combine_equal_support_and_against_cancel():
    assert combine([0.4], [0.4]) == 0.0


def test_in_words_bands():
    assert in_words(0.8) == "strong"
    assert in_words(0.6) == "moderate"
    assert in_words(0.3) == "weak"
    assert in_words(0.1) == "slight"


# --- ties: the strength of the evidence (#10) -------------------------------------------------


def test_evidence_kind_lab_symptom_risk_factor():
    from sorewhy.engine.certainty import evidence_kind
    from sorewhy.rules import rule_index

    index = rule_index()
    assert evidence_kind(index["magnesium.lab-low"]) == "lab"
    assert evidence_kind(index["magnesium.night-cramps"]) == "symptom"
    assert evidence_kind(index["calcium.low-dairy"]) == "risk_factor"
    assert evidence_kind(index["magnesium.sweat-loss"]) == "risk_factor"  # an intermediate fact


def test_strength_is_the_strongest_supporting_kind():
    from sorewhy.engine.certainty import EVIDENCE_STRENGTH, strength
    from sorewhy.rules import rule_index

    index = rule_index()
    assert EVIDENCE_STRENGTH["lab"] > EVIDENCE_STRENGTH["symptom"] > EVIDENCE_STRENGTH["risk_factor"]
    assert strength([index["calcium.low-dairy"], index["calcium.lab-low"]]) == EVIDENCE_STRENGTH["lab"]
    assert strength([]) == 0


def test_tie_in_certainty_goes_to_the_symptom_not_the_name(run):
    """Twitching (a symptom of low magnesium) and rarely eating dairy (a risk factor for low calcium)
    give both 0.20: magnesium leads, though "calcium" sorts first by name."""
    report = run({"low_intake": ["dairy"], "symptoms": ["twitching"]})
    top = [(f["id"], f["certainty"]) for f in report["findings"][:2]]
    assert top == [("magnesium", 0.2), ("calcium", 0.2)]


def test_cramps_alone_weigh_magnesium_above_calcium(run):
    """Issue case: on cramps alone calcium stood above magnesium by name; the documents make
    cramps magnesium's leading sign."""
    ids = [f["id"] for f in run({"symptoms": ["cramps"]})["findings"]]
    assert ids.index("magnesium") < ids.index("calcium")
    found = {f["id"]: f["certainty"] for f in run({"symptoms": ["cramps"]})["findings"]}
    assert found["magnesium"] > found["calcium"]
