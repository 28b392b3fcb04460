"""Which unanswered keys could still change a finding or the referral.

Each rule's patterns are read once: the Person keys it tests (with Experta's own
field checks), the labs and intermediate facts it needs. For one profile, a
rule that did not fire could still fire if every key it tests that *is* known
passes its test and every intermediate fact it needs is asserted or could be.
Its unknown keys are then worth asking, provided its effect would change
something: evidence for a finding, evidence against a finding that is present,
a referral above the current level.

A blood result given (under either spelling) is never unknown. A result not
given is unknown whenever a rule that tests it could still change a finding or
the referral, whether or not the finding is present yet (a low ferritin may be
the only telling fact, and any result can be critical). It is named by its
unit-free key (``labs.potassium``), the one a person gives with the unit their
laboratory printed.

Keys are ordered by how much rides on them (urgent referrals first), then by
name, so the interview can ask the most informative question first; blood
results come after every other key (people know the rest without a test).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sorewhy.engine.compat import NOT, FeatureCheck
from sorewhy.rules.base import (
    REFERRAL_LEVELS,
    Against,
    Asserts,
    Inferred,
    Lab,
    Person,
    Refer,
    RuleMeta,
    Supports,
)

_RANK = {level: n for n, level in enumerate(REFERRAL_LEVELS)}


@dataclass(frozen=True)
class RuleShape:
    meta: RuleMeta
    checks: tuple[tuple[str, Any], ...]
    """(Person key, Experta field check) for each tested key."""
    labs: tuple[str, ...]
    needs: tuple[str, ...]
    """Inferred facts the rule needs."""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.checks) + tuple(f"labs.{n}" for n in self.labs)


def _walk(patterns: Any, negated: bool = False):
    for pattern in patterns:
        if isinstance(pattern, NOT):
            yield from _walk(pattern, True)
        elif isinstance(pattern, (Person, Lab, Inferred)):
            yield pattern, negated
        elif isinstance(pattern, tuple):  # AND / OR
            yield from _walk(pattern, negated)


def shape_of(meta: RuleMeta) -> RuleShape:
    checks: list[tuple[str, Any]] = []
    labs: list[str] = []
    needs: list[str] = []
    for pattern, negated in _walk(meta.patterns):
        if negated:
            continue
        if isinstance(pattern, Person):
            for key, constraint in pattern.items():
                if isinstance(key, str) and not key.startswith("__"):
                    checks.append((key, FeatureCheck(key, constraint)))
        elif isinstance(pattern, Lab):
            name = pattern.get("name")
            if isinstance(name, str):
                labs.append(name)
        elif isinstance(pattern, Inferred):
            what = pattern.get("what")
            if isinstance(what, str):
                needs.append(what)
    return RuleShape(meta, tuple(checks), tuple(labs), tuple(needs))


def _weight(effect: Any) -> float:
    if isinstance(effect, Refer):
        return {"urgent": 10.0, "see_doctor": 2.0}.get(effect.level, 0.0)
    if isinstance(effect, (Supports, Against)):
        return effect.cf
    return 0.0


class UnknownAnalysis:
    """Built once from the rule base; `unknown()` runs per profile."""

    def __init__(self, rules: list[RuleMeta], lab_findings: Mapping[str, str],
                 lab_names: Mapping[str, str] | None = None) -> None:
        self.shapes = [shape_of(m) for m in rules]
        self.lab_findings = dict(lab_findings)
        self.lab_names = dict(lab_names or {})
        """Unit-suffixed lab key -> the unit-free key named in `unknown`."""
        self.asserters: dict[str, list[RuleShape]] = {}
        for shape in self.shapes:
            for effect in shape.meta.effects:
                if isinstance(effect, Asserts):
                    self.asserters.setdefault(effect.what, []).append(shape)

    def unknown(self, person: Mapping[str, Any], fired: set[str], present: set[str],
                inferred: set[str], level: str, labs_given: frozenset[str] | set[str] = frozenset()) -> list[str]:
        """`labs_given`: the unit-suffixed keys of the blood results given."""
        memo: dict[str, tuple[bool, frozenset[str]]] = {}

        def reachable(shape: RuleShape, depth: int = 0) -> tuple[bool, frozenset[str]]:
            """Could this rule still fire, and which unknown keys would it take?"""
            rid = shape.meta.id
            if rid in memo:
                return memo[rid]
            memo[rid] = (False, frozenset())  # guards against cycles
            keys: set[str] = set()
            for key, check in shape.checks:
                if key in person:
                    if not check(person[key], is_fact=False):
                        return memo[rid]
                elif key != "drug_classes":
                    keys.add(key)
                else:
                    keys.add("medications")
            for lab in shape.labs:
                if lab in labs_given:
                    return memo[rid]  # the result is known, and this rule did not fire on it
                keys.add(f"labs.{self.lab_names.get(lab, lab)}")
            for what in shape.needs:
                if what in inferred:
                    continue
                options = [reachable(s, depth + 1) for s in self.asserters.get(what, [])]
                options = [o for o in options if o[0]]
                if not options:
                    return memo[rid]
                for _, more in options:
                    keys |= more
            memo[rid] = (True, frozenset(keys))
            return memo[rid]

        scores: dict[str, float] = {}
        for shape in self.shapes:
            if shape.meta.id in fired:
                continue
            weight = 0.0
            for effect in shape.meta.effects:
                if isinstance(effect, Refer):
                    if _RANK[effect.level] > _RANK[level]:
                        weight += _weight(effect)
                elif isinstance(effect, Against):
                    if effect.finding in present:
                        weight += _weight(effect)
                elif isinstance(effect, Supports):
                    weight += _weight(effect)
            if weight <= 0:
                continue
            ok, keys = reachable(shape)
            if not ok:
                continue
            for key in keys:
                scores[key] = scores.get(key, 0.0) + weight
        return [k for k, _ in sorted(scores.items(),
                                     key=lambda kv: (kv[0].startswith("labs."), -kv[1], kv[0]))]
