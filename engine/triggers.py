"""What triggered a rule: the person's answers, blood results and
intermediate facts its match rested on, for a referral reason to name.

A referral reason says in words why a person is referred (the rule's claim);
``triggered_by`` adds what of *this* person set it off, e.g. for
``referral.fatigue`` ``{"symptoms": ["fatigue"], "duration_days": 21}``. An
intermediate fact a rule matched is replaced by what triggered the rule that
asserted it, so the answers are named however the reasoning was chained.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sorewhy.engine.introspect import profile_key, shape_of
from sorewhy.rules import rule_index
from sorewhy.rules.base import Inferred, Lab, Person, RuleMeta


@functools.cache
def _checks(rule_id: str) -> tuple[tuple[str, Any], ...]:
    from sorewhy.engine.derived import lean_checks

    return lean_checks(shape_of(rule_index()[rule_id]))


def _person_values(rule_id: str, person: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, check in _checks(rule_id):
        if key not in person:
            continue
        value = person[key]
        if isinstance(value, frozenset):
            # Name only the items that satisfy the test on their own ("fatigue" of
            # [soreness, fatigue]); a test no single item passes names them all.
            alone = sorted(v for v in value if check(frozenset((v,)), is_fact=False))
            value = alone or sorted(value)
        out[profile_key(key)] = value
    return out


def triggered_by(meta: RuleMeta, matched: Mapping[str, tuple[Any, ...]],
                 asserted_by: Mapping[str, str], depth: int = 0) -> dict[str, Any]:
    """The facts rule `meta` matched, as ``{key: value}`` (``labs.<name>`` for a
    blood result). `matched` maps each fired rule to the facts of its first
    match; `asserted_by` maps an intermediate fact to the rule that first
    asserted it."""
    out: dict[str, Any] = {}
    for fact in matched.get(meta.id, ()):
        if isinstance(fact, Person):
            out.update(_person_values(meta.id, fact))
        elif isinstance(fact, Lab):
            out[f"labs.{fact['name']}"] = fact["value"]
        elif isinstance(fact, Inferred) and depth < 4:
            source = asserted_by.get(fact["what"])
            if source is not None:
                for key, value in triggered_by(rule_index()[source], matched, asserted_by, depth + 1).items():
                    out.setdefault(key, value)
    return dict(sorted(out.items()))  # the order of matched facts is not fixed


__all__ = ["triggered_by"]
