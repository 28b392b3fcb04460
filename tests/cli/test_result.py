"""The interview's result screen."""

from __future__ import annotations

import pytest

from sorewhy.cli.plainwords import headline
from sorewhy.cli.result import render_more, render_result
from sorewhy.engine.api import Evaluator
from sorewhy.engine.digest import digest


@pytest.fixture(scope="module")
def evaluator() -> Evaluator:
    return Evaluator()


def _report(evaluator, **facts):
    return evaluator.evaluate(facts, "t")


def _printed(lines: list[str]) -> list[str]:
    """The ids of the numbered finding lines of a result screen (each names its id, then its label)."""
    import re

    return [m.group(1) for line in lines
            if (m := re.match(r"^\s+\d+\s+([a-z][a-z0-9_]*)\s+.*\S+ certainty, \d\.\d\d\)", line))]


def test_result_shows_the_leading_findings_of_the_digest(evaluator):
    report = _report(evaluator, symptoms=["cramps", "tingling", "fatigue", "soreness"], diet="vegan",
                     timing=["night"], heavy_sweating=True, exercise_load="intense")
    leading = digest(report).leading
    assert 1 <= len(leading) <= 3
    assert _printed(render_result(report)) == [f["id"] for f in leading]


def test_result_of_an_urgent_referral_says_what_to_do_now_and_folds_the_rest(evaluator):
    report = _report(evaluator, symptoms=["calf_swelling", "cramps", "soreness"], one_sided=True,
                     locations=["calves"], timing=["night"])
    assert report["referral"]["level"] == "urgent"
    text = " ".join(" ".join(render_result(report)).split())
    assert ("Findings (most certain first): what this may be 1 possible_dvt Possible blood clot "
            "(deep vein thrombosis) (moderate certainty, 0.70)") in text
    assert "For after you have been seen: 2 magnesium Magnesium deficiency (" in text
    assert "What you can do" not in text and "massage can ease" not in text


def test_result_shows_whom_to_see_and_the_safety_net_when_the_report_has_them(evaluator):
    report = _report(evaluator, symptoms=["soreness", "fatigue"], duration_days=21)
    report["referral"].update({"disposition": "doctor_soon", "timeframe": "within a few days", "see": "gp"})
    report["safety_net"] = [{"when": "Weakness spreads", "do": "Get help now", "rule": "r", "sources": []}]
    text = " ".join(" ".join(render_result(report, not_ruled_out=[])).split())
    assert "Referral: See a doctor within a few days (see_doctor) When: within a few days. Who: a GP" in text
    assert "Get help at once if: - Weakness spreads: get help now" in text
    assert "Because: it has lasted 21 days; you have fatigue." in text and "referral." not in text


def test_result_under_an_urgent_message_shows_no_still_open_list(evaluator):
    report = _report(evaluator, symptoms=["chest_pain"])
    lines = render_result(report, "urgent", still_open=["How old are you, in years?"])
    text = "\n".join(lines)
    assert "Still open" not in text and f"Referral: {headline(report['referral']).upper()}" in text


def test_result_still_open_uses_the_questions_words(evaluator):
    report = _report(evaluator, symptoms=["cramps"])
    text = " ".join(" ".join(render_result(report, "done", still_open=[
        "Do you have a recent blood result for vitamin D (25-hydroxyvitamin D)? Type it in ng/mL"])).split())
    assert "blood result for vitamin D?" in text and "labs." not in text


def test_result_names_red_flags_that_were_not_asked(evaluator):
    report = _report(evaluator, symptoms=["cramps"])
    text = " ".join(" ".join(render_result(report, not_ruled_out=["chest_pain", "dark_urine"])).split())
    assert "Not asked / not known: chest pain, dark urine." in text
    assert "Not asked / not known" not in " ".join(render_result(report, not_ruled_out=[]))


def test_result_with_no_finding_leading_shows_the_general_advice_of_the_digest(evaluator):
    report = _report(evaluator, symptoms=["soreness"])
    short = digest(report, not_ruled_out=[])
    assert short.leading == [] and short.general
    text = " ".join(" ".join(render_result(report, not_ruled_out=[])).split())
    for item in short.general:
        assert item in text


def test_result_lines_fit_100_columns_and_more_lists_every_finding(evaluator):
    report = _report(evaluator, symptoms=["cramps", "tingling", "fatigue", "soreness", "weakness"], diet="vegan",
                     sun_exposure="low", alcohol="heavy")
    assert max(len(line) for line in "\n".join(render_result(report)).split("\n")) <= 100
    more = "\n".join(render_more(report, still_open=["Q one?", "Q two?", "Q three?", "Q four?"]))
    for finding in report["findings"]:
        assert finding["label"] in more
    assert "Q four?" in more and "vitamin_d." not in more


def test_result_of_every_shipped_example_fits_45_rows_by_100_columns(evaluator):
    """Every advice item of the leading findings is shown (the confirming test too), and what
    conflicts withheld is said once: the screen still fits a 45 by 100 terminal for every example."""
    from pathlib import Path

    from sorewhy.engine.loaders import read_profiles

    examples = sorted(p for p in (Path(__file__).resolve().parents[2] / "examples").iterdir() if p.is_file())
    seen = 0
    for path in examples:
        for entry in read_profiles(str(path)):
            if entry.profile is None:
                continue
            report = evaluator.evaluate_entry(entry)
            lines = "\n".join(render_result(report, "done", ["Q one?", "Q two?", "Q three?", "Q four?"],
                                            not_ruled_out=[])).split("\n")
            assert len(lines) <= 45 and max(map(len, lines)) <= 100, (entry.id, len(lines))
            seen += 1
    assert seen >= 10
