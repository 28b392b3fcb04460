"""The reference unknowns analysis, a test oracle: the report's ``unknown``
as a plain walk over the rule shapes (what engine/derived.py generates
straight-line code for). tests/engine/test_derived.py holds the derived
analysis equal to this walk on the shipped rule base and on rule bases with
shapes it does not (yet) use, cycles included."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sorewhy.engine.introspect import LEVEL_RANK, RuleBase, RuleShape, effect_weight, profile_key
from sorewhy.rules.base import Against, Refer, Supports

__all__ = ["open_keys"]


def open_keys(self: RuleBase, person: Mapping[str, Any], fired: Iterable[str], present: Iterable[str],
              inferred: Iterable[str], level: str, labs_given: Iterable[str] | None = None) -> list[str]:
    """The unanswered profile keys that could still change a finding or the
    referral, most consequential first (then by name).

    A rule that did not fire could still fire if every key it tests that
    is known passes its test, every blood result it needs could still be
    given, and every intermediate fact it needs is in `inferred` or could
    still be asserted. Its unknown keys count when its effect would change
    something: evidence for a finding, evidence against a `present`
    finding, a referral above `level`.

    Blood results: with `labs_given` (the lab keys of the results given), a
    result given is never unknown, one not given is listed as
    ``labs.<lab_names[key]>``, and blood results come after every other
    key. Without it, a result counts only when the finding it bears on is
    `present` (nobody is asked for every blood test)."""
    fired = set(fired)
    present = set(present)
    inferred = set(inferred)
    given = None if labs_given is None else set(labs_given)
    memo: dict[str, tuple[bool, frozenset[str]]] = {}

    def reachable(shape: RuleShape) -> tuple[bool, frozenset[str]]:
        rid = shape.id
        if rid in memo:
            return memo[rid]
        memo[rid] = (False, frozenset())  # guards against cycles
        keys: set[str] = set()
        for key, check in shape.checks:
            if key in person:
                if not check(person[key], is_fact=False):
                    return memo[rid]
            else:
                keys.add(profile_key(key))
        for lab in shape.labs:
            if given is None:
                if self.lab_findings.get(lab) not in present:
                    return memo[rid]
                keys.add(f"labs.{lab}")
            elif lab in given:
                return memo[rid]  # the result is known, and this rule did not fire on it
            else:
                keys.add(f"labs.{self.lab_names.get(lab, lab)}")
        for what in shape.needs:
            if what in inferred:
                continue
            options = [o for o in (reachable(self.by_id[r]) for r in self.asserters(what)) if o[0]]
            if not options:
                return memo[rid]
            for _, more in options:
                keys |= more
        memo[rid] = (True, frozenset(keys))
        return memo[rid]

    scores: dict[str, float] = {}
    for shape in self.shapes:
        if shape.id in fired:
            continue
        weight = 0.0
        for effect in shape.meta.effects:
            if isinstance(effect, Refer):
                if LEVEL_RANK[effect.level] > LEVEL_RANK[level]:
                    weight += effect_weight(effect)
            elif isinstance(effect, Against):
                if effect.finding in present:
                    weight += effect.cf
            elif isinstance(effect, Supports):
                weight += effect.cf
            # Withholds (a conflict rule) changes no finding and no referral: it weighs nothing.
        if weight <= 0:
            continue
        ok, keys = reachable(shape)
        if not ok:
            continue
        for key in keys:
            scores[key] = scores.get(key, 0.0) + weight
    labs_last = given is not None
    return [k for k, _ in sorted(scores.items(),
                                 key=lambda kv: (labs_last and kv[0].startswith("labs."), -kv[1], kv[0]))]
