"""The rule-base verifier finds each kind of problem in a fixture rule base
(tests/engine/broken_rule_base.py) and nothing on its clean rules, and the
shipped rule base passes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from sorewhy.engine.verify import CHECKS, shipped_vocabulary, verify, verify_shipped
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge.verifier import load_verifier_data

_spec = importlib.util.spec_from_file_location("broken_rule_base", Path(__file__).with_name("broken_rule_base.py"))
broken = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(broken)


@pytest.fixture(scope="module")
def result():
    return verify(broken.BASE, broken.KNOWLEDGE, broken.VOCABULARY)


def _found(problems) -> set[tuple[str, str]]:
    return {(p.check, p.subject) for p in problems}


def test_verify_finds_exactly_the_planted_problems(result):
    assert _found(result.problems) == broken.PROBLEMS


@pytest.mark.parametrize("check", CHECKS)
def test_verify_each_check_has_a_planted_instance(check):
    assert any(c == check for c, _ in broken.PROBLEMS), check


def test_verify_names_nothing_clean(result):
    named = {p.subject for p in (*result.problems, *result.pending)} | {p.subject for p, _ in result.allowed}
    assert not named & broken.CLEAN


def test_verify_pending_and_allowed_are_set_apart(result):
    assert _found(result.pending) == broken.PENDING
    assert {(p.check, p.subject) for p, _ in result.allowed} == broken.ALLOWED
    assert all(why for _, why in result.allowed)


def test_verify_problem_lines_say_what_is_wrong(result):
    lines = {(p.check, p.subject): p.line() for p in result.problems}
    assert "shoe_size, which is not a key" in lines[("never-fires", "never.unknown-key")]
    assert "no valid value of diet passes" in lines[("never-fires", "never.jointly")]
    assert "whose rules (never.asserts) never fire" in lines[("never-fires", "never.chained")]
    assert "subsumed by sub.general" in lines[("subsumed", "sub.specific")]
    assert "same conditions and effects as sub.twin-a" in lines[("subsumed", "sub.twin-b")]
    assert "both.for supports it" in lines[("support-and-against", "both.against")]
    assert "gone.rule, which is not a rule" in lines[("claims", "c.gone")]
    assert "magnesum, which knowledge/findings.yaml does not describe" in lines[("unknown-finding", "typo.finding")]
    assert "cited by 1 rule, fewer than 3" in lines[("document-citations", "d2.txt")]
    assert "drop the pending note" in lines[("advice-conflict", "stale-pending")]
    assert "https://example.org/sore-muscles, whose host knowledge/source_kinds.yaml does not classify" in \
        lines[("source-kind", "unkinded.ref")]
    assert "genral, which knowledge/safety_net.yaml does not describe" in lines[("unknown-safety-net-item",
                                                                                 "warn.typo")]
    assert "no longer has" in lines[("advice-conflict", "stale-advice")]
    for line in lines.values():
        assert "\n" not in line


def test_verify_shipped_rule_base_is_clean():
    result = verify_shipped()
    assert result.problems == (), "\n".join(p.line() for p in result.problems)


def test_verify_shipped_vocabulary_reads_the_facts_model():
    vocab = shipped_vocabulary()
    assert "vegan" in vocab.scalars["diet"] and vocab.scalars["one_sided"] == (True, False)
    assert "cramps" in vocab.lists["symptoms"] and "loop_diuretic" in vocab.lists["drug_classes"]
    assert vocab.numbers["duration_days"][:2] == (0.0, 36500.0)
    assert set(vocab.lab_statuses["magnesium_mg_dl"]) >= {"low", "normal", "high"}


def test_verify_data_is_validated():
    with pytest.raises(KnowledgeError, match="knowledge/verifier.yaml: invalid"):
        load_verifier_data("allow: [{check: subsumed, subject: x, reason: short}]")
    assert load_verifier_data().advice_conflicts
