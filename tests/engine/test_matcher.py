"""The lean matcher must change nothing but speed: the same rules fire in the
same order with the same facts, and every report is byte-identical to the one
Experta's own matcher gives. Checked on every rule fixture, every example and
a few thousand random profiles over the current rule base, and on a small
engine using Experta features the rule base does not (yet) use.

This is the proof of the lean Rete twin, which traces, the interview and
``SOREWHY_MATCHER=rete`` run on (each Evaluator here is given its engine, so it
runs everything on it); the matcher derived for batch evaluation has its own,
against Experta's matcher, in tests/engine/test_derived.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import fixture_profiles as _fixture_profiles
from helpers import profile_generator as _generator

from sorewhy.compat import AND, NOT, OR, TEST, Fact, Field, KnowledgeEngine, L, P, Rule, W
from sorewhy.engine.api import Evaluator
from sorewhy.engine.core import SorewhyEngine, _fact, profile_facts
from sorewhy.engine.experta_internals import FastDepthStrategy, FastReteMatcher, ReteMatcher
from sorewhy.engine.loaders import read_profiles
from sorewhy.engine.profile import validate_profile
from sorewhy.rules.base import Lab, Person

ROOT = Path(__file__).resolve().parents[2]
RANDOM_PROFILES = 2000


@pytest.fixture(scope="module")
def engines():
    fast = Evaluator()
    fast.engine = SorewhyEngine(fast=True)  # whatever SOREWHY_MATCHER says
    plain = Evaluator()
    plain.engine = SorewhyEngine(fast=False)
    assert isinstance(fast.engine.matcher, FastReteMatcher)
    assert type(plain.engine.matcher) is ReteMatcher
    return fast, plain


def _trace(evaluation) -> list[tuple]:
    return [(s.step, s.rule, sorted(json.dumps(dict(f), sort_keys=True, default=sorted) for f in s.facts),
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
    assert type(SorewhyEngine().matcher) is ReteMatcher
    monkeypatch.delenv("SOREWHY_MATCHER")
    assert isinstance(SorewhyEngine().matcher, FastReteMatcher)


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


# --- Experta features beyond the rule DSL ----------------------------------------


class Item(Fact):
    pass


class Flag(Fact):
    pass


class Sized(Fact):
    size = Field(int, default=7)


class Sample(KnowledgeEngine):
    """Bindings across patterns, NOT, OR, TEST, field constraints combined with
    & | ~, positional fields, field defaults, and rules that declare and
    retract facts while running."""

    def __init__(self, matcher=None) -> None:
        if matcher is not None:
            self.__matcher__ = matcher
            self.__strategy__ = FastDepthStrategy
        super().__init__()
        self.log: list[tuple] = []

    @Rule(Item(kind="a", size=W("s")), Item(kind="b", size=W("s")), salience=9)
    def same_size(self, s):
        self.log.append(("same_size", s))

    @Rule(Item(kind=L("a") | L("c"), size=P(lambda v: v > 2)), NOT(Flag(name="stop")), salience=8)
    def big_a_or_c(self):
        self.log.append(("big_a_or_c",))
        self.declare(Flag(name="seen"))

    @Rule(Flag(name="seen"), salience=7)
    def seen(self):
        self.log.append(("seen",))

    @Rule(OR(Item(kind="d"), AND(Item(kind="e"), Flag(name="seen"))), salience=6)
    def d_or_e(self):
        self.log.append(("d_or_e",))

    @Rule(Item(kind="a", size=W("x")), Item(kind="c", size=W("y")), TEST(lambda x, y: x < y), salience=5)
    def a_below_c(self, x, y):
        self.log.append(("a_below_c", x, y))

    @Rule(Item(kind=~L("a") & ~L("b"), size=W("s")), salience=4)
    def other(self, s):
        self.log.append(("other", s))

    @Rule(Item("pos", W("v")), salience=3)
    def positional(self, v):
        self.log.append(("positional", v))

    @Rule(Sized(size=7), salience=3)
    def default_size(self):
        self.log.append(("default_size",))

    @Rule("f" << Flag(name="seen"), Item(kind="c"), salience=2)
    def retract_seen(self, f):
        self.log.append(("retract_seen",))
        self.retract(f)

    @Rule(NOT(Flag(name="seen")), Item(kind="b"), salience=1)
    def b_alone(self):
        self.log.append(("b_alone",))


def _sample_run(matcher, facts) -> list[tuple]:
    engine = Sample(matcher)
    engine.reset()
    engine.declare(*[f.copy() for f in facts])
    engine.run()
    return engine.log


def _sample_cases():
    import random

    rng = random.Random(3)
    cases = []
    for _ in range(300):
        facts = []
        for _ in range(rng.randint(0, 5)):
            facts.append(Item(kind=rng.choice("abcde"), size=rng.randint(0, 5)))
        if rng.random() < 0.3:
            facts.append(Flag(name=rng.choice(["stop", "seen", "x"])))
        if rng.random() < 0.3:
            facts.append(Item("pos", rng.randint(0, 3)))
        if rng.random() < 0.3:
            facts.append(Sized() if rng.random() < 0.5 else Sized(size=rng.randint(6, 8)))
        cases.append(facts)
    return cases


@pytest.mark.slow
def test_matcher_same_firings_on_experta_features_the_rules_do_not_use():
    fired = set()
    for facts in _sample_cases():
        plain = _sample_run(None, facts)
        fast = _sample_run(FastReteMatcher, facts)
        assert fast == plain, facts
        fired.update(entry[0] for entry in plain)
    assert fired == {"same_size", "big_a_or_c", "seen", "d_or_e", "a_below_c", "other", "positional",
                     "default_size", "retract_seen", "b_alone"}
