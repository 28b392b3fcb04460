"""Advice that fits the person, over generated profiles (Hypothesis): no
advice line twice in a report, no two lines that pull against each other, and
no line recommending what a fired conflict rule withheld (a supplement already
taken, green vegetables on a blood thinner, potassium on a medicine that keeps
it, minerals in kidney disease, exercise advice for someone who does not
exercise)."""

from __future__ import annotations

from hypothesis import given
from strategies import examples, profiles

from sorewhy.engine.advice import _opposed, _tags_of_texts
from sorewhy.engine.digest import withheld_tags
from sorewhy.knowledge import load as load_knowledge


def _lines(report: dict) -> list[str]:
    return [a for f in report["findings"] for a in f["advice"]]


@examples(300)
@given(profile=profiles())
def test_advice_fits_no_line_twice_and_none_pulling_against_another(evaluator, profile):
    report = evaluator.evaluate(profile, "p")
    assert report["error"] is None, report["error"]
    supplements = load_knowledge().advice.supplements
    lines = [a for a in _lines(report) if a != supplements]
    assert len(lines) == len(set(lines)), f"a line said twice: {lines}"
    tags_of = _tags_of_texts()
    tags = set().union(*(tags_of.get(a, frozenset()) for a in lines)) if lines else set()
    opposed = _opposed()
    for tag in tags:
        assert not (opposed.get(tag, frozenset()) & tags), f"{tag} pulls against {opposed[tag] & tags}: {lines}"


@examples(300)
@given(profile=profiles())
def test_advice_fits_nothing_recommends_what_a_conflict_rule_withheld(evaluator, profile):
    report = evaluator.evaluate(profile, "p")
    withheld = withheld_tags(report)
    tags_of = _tags_of_texts()
    for line in _lines(report):
        assert not (tags_of.get(line, frozenset()) & withheld), (line, withheld & tags_of[line])


def test_advice_fits_the_property_can_fail():
    """The checks above see a line twice and two opposed lines (they are not vacuous)."""
    tags_of = _tags_of_texts()
    pace = next(t for t, tags in tags_of.items() if "pace_drinking" in tags)
    drink = next(t for t, tags in tags_of.items() if "drink_more" in tags)
    assert "drink_more" in _opposed()["pace_drinking"]
    assert tags_of[pace] & _opposed()["drink_more"] and tags_of[drink] & _opposed()["pace_drinking"]


def test_advice_fits_across_findings_keeps_the_higher_ranked_finding_s_line():
    from sorewhy.engine.advice import across_findings

    kb = load_knowledge()
    drink = "Drink water regularly through the day, especially before, during and after exercise."
    pace = "Pace your drinking during exercise rather than drinking large amounts of plain water."
    assert across_findings([[drink, kb.advice.supplements], [pace, drink, kb.advice.supplements]]) == \
        [[drink, kb.advice.supplements], [kb.advice.supplements]]
    assert across_findings([[pace], [drink, "Rest."]]) == [[pace], ["Rest."]]
