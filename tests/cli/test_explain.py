"""Explanations as data: why a question is asked, how a finding was reached, why another was not."""

from __future__ import annotations

import pytest

from sorewhy.cli.explain import explain_how, explain_why, explain_why_not
from sorewhy.engine.api import Evaluator
from sorewhy.engine.questions import load_questions

PROFILE = {"symptoms": ["tingling", "fatigue"], "diet": "vegan"}


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator()


def test_explain_why_says_in_plain_words_what_the_answer_could_change():
    from sorewhy.cli.answers import Answers
    from sorewhy.cli.lookahead import Lookahead

    book = load_questions()
    ev = Evaluator()
    la = Lookahead(book, lambda p: ev.evaluate(p, "t"))
    answers = Answers(book)
    answers.record(book.by_id["red_flags"], [])
    q = book.by_id["symptoms"]
    why = explain_why(q, {}, la.consequence(q, answers, la.outcome(answers.profile())))
    plain = why.lines()
    assert len(plain) <= 8
    assert "could change" in " ".join(plain) and "Vitamin B12 deficiency" in " ".join(" ".join(plain).split())
    assert not any("b12." in line for line in plain)  # rule ids only on request
    assert any("b12." in line for line in why.lines(rules=True))
    data = why.as_dict()
    assert data["question"] == "symptoms" and data["feeds"] and data["findings"]


def test_explain_how_returns_the_steps_as_data(evaluator):
    report = evaluator.evaluate(PROFILE, "t")
    how = explain_how("vitamin_b12", report, PROFILE, evaluator)
    data = how.as_dict()
    assert data["steps"] and all(step["rule"] and step["sources"] for step in data["steps"])
    assert {item["rule"] for item in report["findings"][0]["evidence"]} <= {s["rule"] for s in data["steps"]}
    assert "Final certainty" in how.lines()[-1]
    assert explain_how("nothing", report, PROFILE, evaluator).error


def test_explain_why_not_names_what_held_each_rule_back(evaluator):
    report = evaluator.evaluate(PROFILE, "t")
    why_not = explain_why_not("iron", report, PROFILE, evaluator)
    assert why_not.rules and not all(r["fired"] for r in why_not.rules)
    assert any("not known" in reason for r in why_not.rules for reason in r["reasons"])
    assert explain_why_not("no_such_thing", report, PROFILE, evaluator).error


def test_explain_how_reads_matched_facts_in_the_same_order_whatever_the_hash_seed():
    """A rule matching the person and an intermediate fact lists them person
    first, then the fact, in every process (an activation keeps its facts as a
    set, whose order follows the hash seed)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "marathoner-in-heat.yaml"
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "sorewhy", "trace", str(example), "--explain", "referral"],
                              capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1
    (text,) = outputs
    # referral.water-overload-symptoms needs the person's answers and another rule's conclusion
    assert "symptoms = cramps" in text
    assert text.index("symptoms = cramps") < text.index("long_or_intense_exercise (concluded by")
