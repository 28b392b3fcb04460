"""Rules in plain words: what each pattern tests, and for one profile which
of those tests held, failed or could not be made (the key was not given).

Used by ``sorewhy rules show`` (the conditions of a rule) and ``sorewhy
trace --rule`` (why a rule did not fire). The tests themselves are Experta's
own field checks, so what is shown here is what the engine evaluates.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sorewhy.cli.formatting import plain, value_text
from sorewhy.engine.compat import NOT, FeatureCheck, experta
from sorewhy.rules.base import Inferred, Lab, Person, RuleMeta


def _fc_classes() -> tuple[type, type, type, type, type, type]:
    # Experta is reached only through sorewhy.engine.compat.
    fc = experta.fieldconstraint
    return fc.L, fc.P, fc.W, fc.ANDFC, fc.ORFC, fc.NOTFC


def describe_constraint(constraint: Any) -> str:
    """``is vegan``, ``includes cramps``, ``includes any of cramps, spasms``,
    ``is at least 1.5``..."""
    L, P, W, ANDFC, ORFC, NOTFC = _fc_classes()
    if isinstance(constraint, L):
        return f"is {value_text(constraint.value)}"
    if isinstance(constraint, W):
        return "is given"
    if isinstance(constraint, NOTFC):
        return f"not ({describe_constraint(constraint[0])})"
    if isinstance(constraint, ANDFC):
        return " and ".join(describe_constraint(c) for c in constraint)
    if isinstance(constraint, ORFC):
        return " or ".join(describe_constraint(c) for c in constraint)
    if isinstance(constraint, P):
        return _describe_predicate(constraint.match)
    return f"is {value_text(constraint)}"


def _describe_predicate(func: Any) -> str:
    """Predicates made with rules.base.predicate() carry their own words."""
    from sorewhy.rules.base import DESCRIPTIONS

    text = DESCRIPTIONS.get(func)
    if text is not None:
        return text
    return "passes a custom test"


def _fields(pattern: Any) -> Iterator[tuple[str, Any]]:
    for key, constraint in pattern.items():
        if isinstance(key, str) and not key.startswith("__"):
            yield key, constraint


def _walk(patterns: Any, negated: bool = False) -> Iterator[tuple[Any, bool]]:
    for pattern in patterns:
        if isinstance(pattern, NOT):
            yield from _walk(pattern, not negated)
        elif isinstance(pattern, (Person, Lab, Inferred)):
            yield pattern, negated
        elif isinstance(pattern, tuple):  # AND / OR / TEST
            yield from _walk(pattern, negated)


def conditions(meta: RuleMeta) -> list[str]:
    """A rule's patterns in plain words, one line each."""
    lines: list[str] = []
    for pattern, negated in _walk(meta.patterns):
        lines.append(("unless " if negated else "") + _pattern_text(pattern))
    return lines


def _pattern_text(pattern: Any) -> str:
    fields = dict(_fields(pattern))
    if isinstance(pattern, Person):
        if not fields:
            return "a person (any profile)"
        return "person: " + "; ".join(f"{k} {describe_constraint(c)}" for k, c in fields.items())
    if isinstance(pattern, Lab):
        name = fields.pop("name", None)
        rest = "; ".join(f"{k} {describe_constraint(c)}" for k, c in fields.items())
        if name is None:
            return "any blood result" + (f": {rest}" if rest else "")
        return f"blood result {value_text(getattr(name, 'value', name))}" + (f": {rest}" if rest else "")
    what = fields.get("what")
    return f"intermediate fact {value_text(getattr(what, 'value', what))}"


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


def _check(key: str, constraint: Any, value: Any) -> bool:
    return bool(FeatureCheck(key, constraint)(value, is_fact=False))


def diagnose(meta: RuleMeta, facts: tuple[Any, ...], inferred: set[str],
             asserters: Mapping[str, list[str]], fired: Collection[str] = ()) -> Diagnosis:
    """Test each condition of `meta` against one profile's facts, as the
    engine would: the Person keys it tests, the blood results, the
    intermediate facts it needs, and the facts whose presence blocks it."""
    fired = set(fired)
    person = next((f for f in facts if isinstance(f, Person)), {})
    labs = {f.get("name"): f for f in facts if isinstance(f, Lab)}
    result = Diagnosis(meta.id)
    for pattern, negated in _walk(meta.patterns):
        if isinstance(pattern, Person):
            _diagnose_fields(result, list(_fields(pattern)), person, "", negated)
        elif isinstance(pattern, Lab):
            fields = dict(_fields(pattern))
            name = fields.pop("name", None)
            name = getattr(name, "value", name)
            if name is None:
                _diagnose_any_lab(result, list(fields.items()), labs, negated)
                continue
            fact = labs.get(name)
            key = f"labs.{name}"
            if fact is None:
                if not negated:
                    result.unknown.append(key)
                continue
            _diagnose_fields(result, list(fields.items()), fact, key + ".", negated)
        elif isinstance(pattern, Inferred):
            what = dict(_fields(pattern)).get("what")
            what = getattr(what, "value", what)
            present = what in inferred
            if negated and present:
                by = ", ".join(sorted(set(asserters.get(what, [])) & fired)) or "the engine"
                result.blocked.append(f"it does not fire once the intermediate fact {what} is asserted, "
                                      f"and it was (by {by})")
            elif not negated and not present:
                result.missing.append({"what": what, "asserted_by": list(asserters.get(what, []))})
    return result


def _diagnose_any_lab(result: Diagnosis, items: list[tuple[str, Any]], labs: Mapping[str, Any],
                      negated: bool) -> None:
    """A Lab pattern without a name matches any blood result."""
    tests = "; ".join(f"{k} {describe_constraint(c)}" for k, c in items)
    matching = [name for name, fact in labs.items()
                if all(k in fact and _check(k, c, fact[k]) for k, c in items)]
    if negated:
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


def _diagnose_fields(result: Diagnosis, items: list[tuple[str, Any]], fact: Mapping[str, Any], prefix: str,
                     negated: bool) -> None:
    if negated:
        # NOT(pattern) blocks the rule when every field of the pattern holds.
        if items and all(k in fact and _check(k, c, fact[k]) for k, c in items):
            tests = "; ".join(f"{prefix}{k} {describe_constraint(c)}" for k, c in items)
            values = ", ".join(f"{prefix}{k} is {value_text(fact[k])}" for k, _ in items)
            result.blocked.append(f"it does not fire when {tests}, and {values}")
        return
    for key, constraint in items:
        name = prefix + key
        if key not in fact:
            result.unknown.append("medications" if key == "drug_classes" else name)
        elif _check(key, constraint, fact[key]):
            result.passed.append(f"{name} {describe_constraint(constraint)}")
        else:
            result.failed.append({"key": name, "value": plain(fact[key]),
                                  "test": describe_constraint(constraint)})

