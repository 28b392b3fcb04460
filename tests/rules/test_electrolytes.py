"""Scenario tests for the rules about electrolytes in general."""

from __future__ import annotations

from helpers import certainty as _certainty
from helpers import finding as _finding

from sorewhy.engine.certainty import in_words
from sorewhy.rules import rule_index

MINERALS = ("magnesium", "potassium", "calcium")


def test_older_person_with_leg_cramps_gets_weak_support_for_three_minerals(run):
    # heavy sweating gives potassium a way of being lost (#20: without one it does not count)
    older = run({"age": 72, "symptoms": ["cramps"], "locations": ["calves"], "heavy_sweating": True})
    younger = run({"age": 40, "symptoms": ["cramps"], "locations": ["calves"], "heavy_sweating": True})
    assert "electrolytes.age-over-65-cramps" in older["fired"]
    for mineral in MINERALS:
        assert _certainty(older, mineral) > _certainty(younger, mineral) > 0, mineral
    assert _certainty(older, "sodium") == _certainty(younger, "sodium")


def test_older_person_with_cramps_somewhere_unknown_is_asked_where(run):
    report = run({"age": 72, "symptoms": ["cramps"]})
    assert "electrolytes.age-over-65-cramps" not in report["fired"]
    assert "locations" in report["unknown"]


def test_slow_recovery_alone_is_slight_evidence(run):
    report = run({"symptoms": ["slow_recovery"]})
    for mineral in MINERALS:
        assert in_words(_certainty(report, mineral)) == "slight", mineral
    assert _finding(report, "sodium") is None
    assert _finding(report, "dehydration") is None


def test_general_rules_never_support_more_than_weakly():
    for meta in rule_index().values():
        if meta.topic == "electrolytes":
            assert all(e.cf <= 0.15 for e in meta.effects), meta.id


def test_no_rule_of_these_topics_repeats_a_product_claim():
    products = ("isotonix", "astaxanthin", "pycnogenol", "greens supplement", "recovery drinks",
                "amino acids", "alkalin")
    for meta in rule_index().values():
        if meta.topic in {"electrolytes", "hydration", "potassium", "sodium", "calcium"}:
            text = " ".join([meta.claim, meta.note or ""]
                            + [getattr(s, "quote", "") for s in meta.sources]).lower()
            assert not [p for p in products if p in text], meta.id
