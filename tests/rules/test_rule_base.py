"""Meta-tests over every rule: unique stable id, a plain-words claim, sources,
effects, and fixtures where it fires and where it must not (run through the
engine here)."""

from __future__ import annotations

import re
from collections import defaultdict
from importlib import resources

import pytest
import yaml

from sorewhy.engine.ruletest import fixture_failures
from sorewhy.knowledge import FINDING_IDS, SEED_DOCS
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import Against, DocSource, RefSource, Supports

RULES = all_rules()
ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9-]*$")


def _fixtures() -> dict[str, dict]:
    out: dict[str, dict] = {}
    folder = resources.files("sorewhy.rules").joinpath("fixtures")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
            for rid, cases in data.items():
                assert rid not in out, f"fixtures for {rid} appear twice"
                out[rid] = cases
    return out


FIXTURES = _fixtures()


def test_rule_ids_unique_and_well_formed():
    ids = [m.id for m in RULES]
    assert len(ids) == len(set(ids))
    for rid in ids:
        assert ID_RE.match(rid), rid


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.id)
def test_rule_has_claim_sources_and_effects(meta):
    assert len(meta.claim.split()) >= 5, f"{meta.id}: the docstring must state the claim"
    assert meta.sources, f"{meta.id}: no sources"
    assert meta.effects, f"{meta.id}: no effects"
    for src in meta.sources:
        assert isinstance(src, (DocSource, RefSource))
        if isinstance(src, DocSource):
            assert src.doc in SEED_DOCS
            assert len(src.quote.split()) <= 12
        else:
            assert src.url.startswith("https://")
            assert meta.note, f"{meta.id}: cites an outside reference without saying why (note=)"
    for effect in meta.effects:
        if isinstance(effect, (Supports, Against)):
            assert effect.finding in FINDING_IDS
            assert 0 < effect.cf < 1


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.id)
def test_rule_has_fixtures_both_ways(meta):
    cases = FIXTURES.get(meta.id)
    assert cases, f"{meta.id}: no fixtures in rules/fixtures/"
    assert cases.get("fires"), f"{meta.id}: no fixture where it fires"
    assert cases.get("not_fires"), f"{meta.id}: no fixture where it must not fire"


def test_fixtures_name_only_existing_rules():
    assert set(FIXTURES) <= set(rule_index()), set(FIXTURES) - set(rule_index())


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.id)
def test_rule_fires_on_its_fixtures_and_not_on_its_counter_fixtures(meta, evaluator):
    """The code `sorewhy rules test` runs (engine/ruletest.py), one rule at a time."""
    count, failures = fixture_failures(evaluator, [meta.id])
    assert count >= 2
    assert not failures, "\n".join(f.line() for f in failures)


def test_a_passage_several_rules_cite_is_written_once():
    """A passage (or outside reference) that several hand-written rules cite is
    one named object, so its wording has one home. The blood-result rules are
    made from knowledge/labs.yaml and the relation rules from
    knowledge/relations.yaml, and are left out: their sources are data (the
    relations table writes a shared passage once itself: tests/rules/test_relations.py)."""
    from sorewhy.rules.labs import LabRules
    from sorewhy.rules.relations import table_ids

    made = {v.meta.id for v in vars(LabRules).values() if hasattr(v, "meta")} | set(table_ids())
    objects: dict[object, set[int]] = defaultdict(set)
    citing: dict[object, list[str]] = defaultdict(list)
    for meta in RULES:
        if meta.id not in made:
            for src in meta.sources:
                objects[src].add(id(src))
                citing[src].append(meta.id)
    twice = {src: citing[src] for src, ids in objects.items() if len(ids) > 1}
    assert not twice, "written out more than once; name it once (rules/base.py when several topics cite " \
                      f"it, else beside the topic's rules): {twice}"


def test_every_finding_is_concluded_by_some_rule():
    concluded = {e.finding for m in RULES for e in m.effects if isinstance(e, Supports)}
    assert set(FINDING_IDS) <= concluded, sorted(set(FINDING_IDS) - concluded)


def test_red_flag_rules_fire_first():
    bands = [m.band for m in RULES]
    first_other = next((i for i, b in enumerate(bands) if b != "red_flag"), len(bands))
    assert "red_flag" not in bands[first_other:]


def test_engine_holds_every_rule_once(evaluator):
    """Topic classes may name methods alike; Experta's engine (the oracle) and
    the derived matcher that evaluates must still see every rule."""
    from sorewhy.engine.core import SorewhyEngine

    names = [r.meta.id for r in SorewhyEngine().get_rules()]
    assert sorted(names) == sorted(m.id for m in RULES)
    assert sorted(s.id for s in evaluator.matcher.shapes) == sorted(m.id for m in RULES)


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.id)
def test_rule_constraints_say_what_they_test(meta):
    """Every predicate a rule tests is made with rules.base.predicate(), so
    `rules show` and traces can say it in words."""
    from sorewhy.engine.introspect import rule_base

    constraints = [c for cond in rule_base()[meta.id].conditions for t in cond.tests for c in t.constraint.walk()]
    for constraint in constraints:
        if constraint.kind == "test":
            assert constraint.words, f"{meta.id}: a bare P(...) constraint; use predicate(words, test)"
