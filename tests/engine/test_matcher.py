"""The one fast path must change nothing but speed: evaluated and traced on
the derived matcher (engine/derived.py) or on Experta's own matcher and
strategy (the oracle, ``SOREWHY_MATCHER=experta``), the same rules fire in the
same order with the same facts, and every report is byte-identical. Checked on
every rule fixture, every example and a few thousand random profiles over the
current rule base, through the Evaluator (as evaluate, trace and the
interview use it); tests/engine/test_derived.py holds the matcher's own
proofs (RunState field by field, unknowns against the reference walk)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import fixture_profiles as _fixture_profiles
from helpers import profile_generator as _generator

from sorewhy.compat import experta
from sorewhy.engine.api import Evaluator
from sorewhy.engine.core import Matcher, SorewhyEngine, _fact, profile_facts
from sorewhy.engine.derived import DerivedRuleBase
from sorewhy.engine.loaders import read_profiles
from sorewhy.engine.profile import validate_profile
from sorewhy.rules.base import Lab, Person

ROOT = Path(__file__).resolve().parents[2]
RANDOM_PROFILES = 2000


@pytest.fixture(scope="module")
def engines():
    fast = Evaluator("derived")
    plain = Evaluator("experta")
    assert isinstance(fast.matcher, DerivedRuleBase)
    assert type(plain.matcher.matcher) is experta.matchers.ReteMatcher
    return fast, plain


def _fact_text(fact) -> str:
    """A fact's class and items, without Experta's own (``__factid__``)."""
    items = {k: v for k, v in fact.items() if not str(k).startswith("__")}
    return type(fact).__name__ + json.dumps(items, sort_keys=True, default=sorted)


def _trace(evaluation) -> list[tuple]:
    """Each step with its facts in the order they were declared (Experta's
    carry their fact ids; the derived matcher lists them in that order)."""
    return [(s.step, s.rule, [_fact_text(f) for f in sorted(s.facts, key=lambda f: f.get("__factid__", 0))],
             s.asserted) for s in evaluation.state.steps]


def _same(engines, profile, pid="p") -> None:
    fast, plain = engines
    a = fast.run(profile, pid, trace=True)
    b = plain.run(profile, pid, trace=True)
    assert json.dumps(a.report) == json.dumps(b.report), profile
    assert _trace(a) == _trace(b), profile


def test_matcher_same_reports_and_traces_on_every_fixture(engines):
    profiles = _fixture_profiles()
    assert len(profiles) > 50
    for data in profiles:
        _same(engines, validate_profile(data, "fixture", "profile"))


def test_matcher_same_reports_and_traces_on_the_examples(engines):
    examples = sorted((ROOT / "examples").iterdir())
    assert examples
    seen = 0
    for path in examples:
        for entry in read_profiles(str(path)):
            if entry.profile is not None:
                _same(engines, entry.profile, entry.id)
                seen += 1
    assert seen


@pytest.mark.slow
def test_matcher_same_reports_on_random_profiles(engines):
    gen = _generator().ProfileGenerator(seed=20240611)
    fired_rules: set[str] = set()
    for n in range(RANDOM_PROFILES):
        profile = validate_profile(gen.profile(n), "random", f"profile {n}")
        _same(engines, profile, f"r{n}")
        fired_rules.update(engines[0].run(profile).report["fired"])
    # the random profiles exercise most of the rule base, not a corner of it
    from sorewhy.rules import all_rules

    assert len(fired_rules) >= 0.6 * len(all_rules())


def test_matcher_chosen_by_environment(monkeypatch):
    monkeypatch.setenv("SOREWHY_MATCHER", "experta")
    assert isinstance(Evaluator().matcher, SorewhyEngine)
    monkeypatch.delenv("SOREWHY_MATCHER")
    assert isinstance(Evaluator().matcher, DerivedRuleBase)
    monkeypatch.setenv("SOREWHY_MATCHER", "rete")  # the Rete copy is gone: anything else is derived
    assert isinstance(Evaluator().matcher, DerivedRuleBase)


def test_matcher_protocol_has_both_implementations(engines):
    fast, plain = engines
    assert isinstance(fast.matcher, Matcher) and fast.matcher.name == "derived"
    assert isinstance(plain.matcher, Matcher) and plain.matcher.name == "experta"


def test_matcher_reset_leaves_nothing_behind(engines):
    fast, _ = engines
    gen = _generator().ProfileGenerator(seed=5)
    profiles = [validate_profile(gen.profile(n), "random", "p") for n in range(30)]
    first = [json.dumps(fast.evaluate(p, "x")) for p in profiles]
    again = [json.dumps(fast.evaluate(p, "x")) for p in reversed(profiles)]
    assert first == list(reversed(again))


def test_profile_facts_equal_to_experta_constructed_facts():
    gen = _generator().ProfileGenerator(seed=11)
    for n in range(200):
        facts, _ = profile_facts(validate_profile(gen.profile(n), "random", "p"))
        person = facts[0]
        rebuilt = Person(**dict(person))
        assert type(person) is Person and person == rebuilt and hash(person) == hash(rebuilt)
        for lab in facts[1:]:
            assert type(lab) is Lab and lab == Lab(**dict(lab))
    made = _fact(Person, {"symptoms": frozenset({"cramps"})})
    made.__factid__ = 3  # declared facts get an id...
    with pytest.raises(RuntimeError):
        made["age"] = 4  # ...and are frozen afterwards, as Experta's are
