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


__all__ = ["Withheld", "fitted_advice"]
