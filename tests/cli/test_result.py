"""The interview's result screen."""

from __future__ import annotations

import pytest

from sorewhy.cli.result import leading_findings, render_more, render_result
from sorewhy.engine.api import Evaluator


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator()


def _report(evaluator, **facts):
    return evaluator.evaluate(facts, "t")


def test_result_leading_findings_are_at_most_three_of_weak_certainty_or_more(evaluator):
    report = _report(evaluator, symptoms=["cramps", "tingling", "fatigue", "soreness"], diet="vegan",
                     timing=["night"], heavy_sweating=True, exercise_load="intense")
    leading = leading_findings(report)
    assert 1 <= len(leading) <= 3
    assert all(f["certainty"] >= 0.25 for f in leading)
    assert [f["id"] for f in leading] == [f["id"] for f in report["findings"] if f["certainty"] >= 0.25][:3]


def test_result_puts_the_finding_behind_an_urgent_referral_first(evaluator):
    report = _report(evaluator, symptoms=["calf_swelling", "cramps", "soreness"], one_sided=True,
                     locations=["calves"], timing=["night"])
    assert report["referral"]["level"] == "urgent"
    leading = leading_findings(report)
    assert leading and leading[0]["id"] == "possible_dvt"


def test_result_under_an_urgent_message_shows_no_still_open_list(evaluator):
    report = _report(evaluator, symptoms=["chest_pain"])
    lines = render_result(report, "urgent", still_open=["How old are you, in years?"])
    text = "\n".join(lines)
    assert "Still open" not in text and "SEEK CARE NOW" in text


def test_result_still_open_uses_the_questions_words(evaluator):
    report = _report(evaluator, symptoms=["cramps"])
    text = " ".join(" ".join(render_result(report, "done", still_open=[
        "Do you have a recent blood result for vitamin D (25-hydroxyvitamin D)? Type it in ng/mL"])).split())
    assert "blood result for vitamin D?" in text and "labs." not in text


def test_result_names_red_flags_that_were_not_asked(evaluator):
    report = _report(evaluator, symptoms=["cramps"])
    text = " ".join(" ".join(render_result(report, not_known=["pain, pressure or tightness in the chest"])).split())
    assert "Not asked / not known: pain, pressure or tightness in the chest" in text


def test_result_lines_fit_100_columns_and_more_lists_every_finding(evaluator):
    report = _report(evaluator, symptoms=["cramps", "tingling", "fatigue", "soreness", "weakness"], diet="vegan",
                     sun_exposure="low", alcohol="heavy")
    assert max(len(line) for line in "\n".join(render_result(report)).split("\n")) <= 100
    more = "\n".join(render_more(report))
    for finding in report["findings"]:
        assert finding["id"] in more
