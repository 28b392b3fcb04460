"""A finding's advice, fitted to what the rest of the report knows.

Advice is data (knowledge/findings.yaml): each item may carry tags saying
what it recommends (``massage``, ``drink_more``, ``meat``…) and variants
worded without some of them. Conflict rules (rules/conflicts.py) withhold tags
whose advice a stronger finding or the person's diet contradicts; here each
finding's advice is fitted to the withheld tags:

* an item with no withheld tag is kept as it is;
* otherwise the variant that avoids every withheld tag the item has, and
  withholds the fewest others, replaces it;
* with no such variant the item is dropped.

Each replaced or dropped item is recorded, so that the report can say which
advice was withheld, what it became and which rules withheld it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sorewhy.knowledge import load as load_knowledge


@dataclass(frozen=True, slots=True)
class Withheld:
    """One advice item that was replaced (`instead` its variant) or dropped
    (`instead` None) because of the withheld `tags`."""

    advice: str
    instead: str | None
    tags: frozenset[str]


@functools.cache
def fitted_advice(finding_id: str, withheld: frozenset[str] = frozenset()) -> tuple[tuple[str, ...],
                                                                                       tuple[Withheld, ...]]:
    """The advice of `finding_id` with the `withheld` tags taken out, and what
    was withheld. Deficiencies end with how to confirm them and the
    supplements advice (ask a doctor first). Cached: reports share the lists."""
    kb = load_knowledge()
    info = kb.findings[finding_id]
    shown: list[str] = []
    changes: list[Withheld] = []
    for item in info.advice:
        hit = withheld.intersection(item.tags)
        if not hit:
            shown.append(item.text)
            continue
        fitting = [v for v in item.variants if hit <= set(v.without)]
        variant = min(fitting, key=lambda v: len(v.without), default=None)
        if variant is not None and variant.text not in shown:
            shown.append(variant.text)
        changes.append(Withheld(item.text, variant.text if variant else None, frozenset(hit)))
    if info.kind == "deficiency":
        shown.append(f"To confirm it: {info.confirm}.")
        if info.taken_tag is None or info.taken_tag not in withheld:  # already taken: "is the dose right?"
            shown.append(kb.advice.supplements)
    return tuple(shown), tuple(changes)


@functools.cache
def _tags_of_texts() -> dict[str, frozenset[str]]:
    """Every advice text of the findings -> what it recommends: an item's
    tags, a variant's the item's without those it avoids (a text given by
    several items recommends what any of them does)."""
    out: dict[str, frozenset[str]] = {}
    for info in load_knowledge().findings.values():
        for item in info.advice:
            tags = frozenset(item.tags)
            out[item.text] = out.get(item.text, frozenset()) | tags
            for variant in item.variants:
                out[variant.text] = out.get(variant.text, frozenset()) | (tags - set(variant.without))
    return out


@functools.cache
def _opposed() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for a, b in load_knowledge().advice.opposed:
        out[a] = out.get(a, frozenset()) | {b}
        out[b] = out.get(b, frozenset()) | {a}
    return out


def across_findings(advice: Sequence[Sequence[str]]) -> list[list[str]]:
    """The advice of a report's findings (in the report's order) fitted to one
    another: a line an earlier finding already gives is not given again, and a
    line that pulls against one an earlier finding gives (knowledge/advice.yaml
    ``opposed``, e.g. "drink more" and "pace your drinking") is left out, so
    the higher-ranked finding's advice stands. The ask-a-doctor-first
    supplements line, which every deficiency ends with, is kept in each."""
    supplements = load_knowledge().advice.supplements
    tags_of = _tags_of_texts()
    opposed = _opposed()
    seen: set[str] = set()
    shown_tags: set[str] = set()
    out: list[list[str]] = []
    for lines in advice:
        kept: list[str] = []
        for line in lines:
            if line == supplements:
                kept.append(line)
                continue
            tags = tags_of.get(line, frozenset())
            if line in seen or any(opposed.get(t, frozenset()) & shown_tags for t in tags):
                continue
            kept.append(line)
        for line in kept:
            seen.add(line)
            shown_tags.update(tags_of.get(line, ()))
        out.append(kept)
    return out


__all__ = ["Withheld", "across_findings", "fitted_advice"]
