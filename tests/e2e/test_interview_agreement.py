"""The interview against `evaluate`, in-process, over realistic cases: every
profile of examples/ (written from the five documents) and every end-to-end
case of tests/e2e/test_profiles.py, answered by a simulated patient who knows
exactly the case's facts (tests/e2e/interview_patient.py).

A check of counts, not of time: how many questions, whether the referral and
the first three findings agree with `evaluate` on the same facts, at full
knowledge and with half of each case's facts unknown (seeded)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from interview_patient import hide, interview, realistic_cases, summary  # noqa: E402

from sorewhy.engine.api import Evaluator  # noqa: E402
from sorewhy.engine.questions import load_questions  # noqa: E402

CASES = realistic_cases()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator()


@pytest.fixture(scope="module")
def full(evaluator):
    book = load_questions()
    return [interview(book, cid, facts, evaluator) for cid, facts in CASES.items()]


@pytest.fixture(scope="module")
def half(evaluator):
    book = load_questions()
    return [interview(book, cid, hide(facts, 0.5, 1, cid), evaluator) for cid, facts in CASES.items()]


def test_interview_cases_are_the_realistic_ones():
    assert len(CASES) >= 20
    assert {"vegan-runner", "swollen-calf", "marathoner-in-heat", "normal-labs"} <= set(CASES)


def test_interview_cases_file_for_the_simulator_holds_the_realistic_cases(tmp_path):
    import importlib.util

    import yaml

    spec = importlib.util.spec_from_file_location("interview_cases", ROOT / "benchmarks" / "interview_cases.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    out = tmp_path / "cases.yaml"
    assert module.main(["-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "&id" not in text  # no YAML anchors: any reader takes it
    cases = yaml.safe_load(text)["cases"]
    assert [c["id"] for c in cases] == list(CASES)
    assert {c["id"]: c["facts"] for c in cases} == CASES


def test_interview_median_questions_at_full_knowledge_is_at_most_12(full):
    counts = sorted(len(r.asked) for r in full)
    assert statistics.median(counts) <= 12, counts


def test_interview_referral_equals_evaluate_at_full_knowledge(full):
    wrong = [(r.case, r.report["referral"]["level"], r.expected["referral"]["level"])
             for r in full if not r.referral_agrees]
    assert not wrong


def test_interview_referral_equals_evaluate_with_half_the_facts_unknown(half):
    wrong = [(r.case, r.report["referral"]["level"], r.expected["referral"]["level"])
             for r in half if not r.referral_agrees]
    assert not wrong


def test_interview_top3_overlap_at_full_knowledge_is_at_least_85_percent(full):
    figures = summary(full)
    assert figures["top3_overlap"] >= 0.85, [(r.case, r.top3_overlap) for r in full if r.top3_overlap < 1]


def test_interview_saved_answers_give_the_result_shown(full, half, evaluator):
    for run in full + half:
        again = evaluator.evaluate(run.saved, run.case)
        assert again["referral"] == run.report["referral"], run.case
        assert [f["id"] for f in again["findings"]] == [f["id"] for f in run.report["findings"]], run.case


def test_interview_asks_each_question_once(full, half):
    for run in full + half:
        assert len(run.asked) == len(set(run.asked)), (run.case, run.asked)
