"""Rules in plain words: what each condition tests, and for one profile which
of those tests held, failed or could not be made (the key was not given).

Used by ``sorewhy rules show`` (the conditions of a rule) and ``sorewhy
trace --rule`` (why a rule did not fire). The conditions and their tests come
from :mod:`sorewhy.engine.introspect`, and the tests are Experta's own field
checks, so what is shown here is what the engine evaluates.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sorewhy.cli.formatting import plain, value_text
from sorewhy.engine.introspect import Condition, Constraint, Test, profile_key, shape_of
from sorewhy.rules.base import Lab, Person, RuleMeta


def describe_constraint(constraint: Constraint) -> str:
    """``is vegan``, ``includes cramps``, ``includes any of cramps, spasms``,
    ``is at least 1.5``..."""
    return constraint.text(value_text)


def _tests_text(tests: tuple[Test, ...], prefix: str = "") -> str:
    return "; ".join(f"{prefix}{t.key} {describe_constraint(t.constraint)}" for t in tests)


def conditions(meta: RuleMeta) -> list[str]:
    """A rule's conditions in plain words, one line each."""
    return [("unless " if c.negated else "") + _condition_text(c) for c in shape_of(meta).conditions]


def _condition_text(condition: Condition) -> str:
    if condition.kind == "person":
        if not condition.tests:
            return "a person (any profile)"
        return "person: " + _tests_text(condition.tests)
    if condition.kind == "lab":
        rest = _tests_text(condition.tests)
        if condition.name is None:
            return "any blood result" + (f": {rest}" if rest else "")
        return f"blood result {condition.name}" + (f": {rest}" if rest else "")
    return f"intermediate fact {value_text(condition.name)}"


# --- why a rule did not fire ---------------------------------------------------------


@dataclass
class Diagnosis:
    """Why one rule did (not) fire for one profile."""

    rule: str
    passed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "passed": self.passed, "unknown": self.unknown, "failed": self.failed,
                "missing": self.missing, "blocked": self.blocked}

    def lines(self) -> list[str]:
        out: list[str] = []
        for key in self.unknown:
            out.append(f"unknown: {key} was not given")
        for item in self.failed:
            out.append(f"failed: {item['key']} is {value_text(item['value'])}; the rule tests: "
                       f"{item['key']} {item['test']}")
        for item in self.missing:
            by = ", ".join(item["asserted_by"]) or "no rule"
            out.append(f"missing: it needs the intermediate fact {item['what']}, which was not asserted "
                       f"(asserted by: {by})")
        for text in self.blocked:
            out.append(f"blocked: {text}")
        for key in self.passed:
            out.append(f"held: {key}")
        if not (self.unknown or self.failed or self.missing or self.blocked):
            out.append("every condition it tests holds for this profile, but its patterns did not "
                       "match together")
        return out


def diagnose(meta: RuleMeta, facts: tuple[Any, ...], inferred: set[str],
             asserters: Mapping[str, Collection[str]], fired: Collection[str] = ()) -> Diagnosis:
    """Test each condition of `meta` against one profile's facts, as the
    engine would: the Person keys it tests, the blood results, the
    intermediate facts it needs, and the facts whose presence blocks it."""
    fired = set(fired)
    person: Mapping[str, Any] = next((f for f in facts if isinstance(f, Person)), {})
    labs = {f.get("name"): f for f in facts if isinstance(f, Lab)}
    result = Diagnosis(meta.id)
    for condition in shape_of(meta).conditions:
        negated = condition.negated
        if condition.kind == "person":
            _diagnose_fields(result, condition.tests, person, "", negated)
        elif condition.kind == "lab":
            if condition.name is None:
                _diagnose_any_lab(result, condition, labs)
                continue
            fact = labs.get(condition.name)
            key = f"labs.{condition.name}"
            if fact is None:
                if not negated:
                    result.unknown.append(key)
                continue
            _diagnose_fields(result, condition.tests, fact, key + ".", negated)
        else:
            what = condition.name or ""  # an intermediate fact's condition names it
            present = what in inferred
            if negated and present:
                by = ", ".join(sorted(set(asserters.get(what, [])) & fired)) or "the engine"
                result.blocked.append(f"it does not fire once the intermediate fact {what} is asserted, "
                                      f"and it was (by {by})")
            elif not negated and not present:
                result.missing.append({"what": what, "asserted_by": list(asserters.get(what, []))})
    return result


def _diagnose_any_lab(result: Diagnosis, condition: Condition, labs: Mapping[str, Any]) -> None:
    """A Lab pattern without a name matches any blood result."""
    tests = _tests_text(condition.tests)
    matching = [name for name, fact in labs.items() if condition.holds(fact)]
    if condition.negated:
        if matching:
            result.blocked.append(f"the rule fires only when no blood result has {tests}, and "
                                  f"{', '.join(matching)} does")
    elif not labs:
        result.unknown.append("labs")
    elif matching:
        result.passed.append(f"labs.{matching[0]} {tests}")
    else:
        result.failed.append({"key": "labs", "value": {n: f.get("status") for n, f in labs.items()},
                              "test": f"any blood result with {tests}"})


def _diagnose_fields(result: Diagnosis, tests: tuple[Test, ...], fact: Mapping[str, Any], prefix: str,
                     negated: bool) -> None:
    if negated:
        # NOT(pattern) blocks the rule when every field of the pattern holds.
        if tests and all(t.on(fact) for t in tests):
            values = ", ".join(f"{prefix}{t.key} is {value_text(fact[t.key])}" for t in tests)
            result.blocked.append(f"it does not fire when {_tests_text(tests, prefix)}, and {values}")
        return
    for t in tests:
        name = prefix + t.key
        held = t.on(fact)
        if held is None:
            result.unknown.append(profile_key(name))
        elif held:
            result.passed.append(f"{name} {describe_constraint(t.constraint)}")
        else:
            result.failed.append({"key": name, "value": plain(fact[t.key]),
                                  "test": describe_constraint(t.constraint)})
