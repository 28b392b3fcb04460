"""What each rule tests, asserts and concludes: the one place that reads rule
patterns.

A rule's Experta patterns are read once into a :class:`RuleShape`: its
conditions (on the person, on one blood result, on an intermediate fact), each
marked negated or not, the field tests of each condition as Experta's own
checks, and its effects. Everything else — ``rules show``, ``trace --rule``,
the verifier (``rules check``), the unknowns analysis and the interview's
``why`` — works from these shapes and never walks Experta patterns itself.

One reading of NOT: a condition inside ``NOT(...)`` is *negated* (inside two
NOTs it is not). A negated condition never makes a rule fire; it blocks it.
:attr:`RuleShape.checks`, :attr:`RuleShape.labs` and :attr:`RuleShape.needs`
hold the positive conditions only; :meth:`RuleShape.person_keys` can include
the negated ones.

The rule base as a whole is :func:`rule_base`: who asserts and who needs each
intermediate fact, what a rule can lead to through the facts it asserts,
referral levels in rank order, the profile key behind each fact key
(``drug_classes`` is read from ``medications``); the unanswered keys that
could still change a finding or the referral are generated from it by
:mod:`sorewhy.engine.derived`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from sorewhy.compat import AND, NOT, experta
from sorewhy.engine.experta_internals import field_check, field_defaults, pattern_fields
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import load as load_knowledge
from sorewhy.rules import all_rules
from sorewhy.rules.base import (
    REFERRAL_LEVELS,
    Against,
    Asserts,
    Inferred,
    Lab,
    Person,
    Refer,
    Supports,
    Warns,
    Withholds,
    describe,
)

if TYPE_CHECKING:
    from sorewhy.rules.base import RuleMeta

__all__ = [
    "LEVEL_RANK",
    "PROFILE_KEYS",
    "Condition",
    "Constraint",
    "RuleBase",
    "RuleShape",
    "Test",
    "effect_weight",
    "fact_key",
    "higher_level",
    "profile_key",
    "rule_base",
    "shape_of",
]

LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(REFERRAL_LEVELS)}
"""Referral level -> rank (``self_care`` 0 < ``see_doctor`` 1 < ``urgent`` 2)."""

PROFILE_KEYS: dict[str, str] = {"drug_classes": "medications"}
"""Person fact key -> the profile key it is read from, where they differ."""

_FACT_KEYS = {v: k for k, v in PROFILE_KEYS.items()}

REFERRED = "referred"
"""The intermediate fact every referral above self-care asserts."""


def profile_key(key: str) -> str:
    """The profile key a Person fact key comes from (``drug_classes`` ->
    ``medications``); other keys are the same."""
    return PROFILE_KEYS.get(key, key)


def fact_key(key: str) -> str:
    """The Person fact key a profile key becomes (``medications`` ->
    ``drug_classes``); other keys are the same."""
    return _FACT_KEYS.get(key, key)


def higher_level(a: str | None, b: str | None) -> str | None:
    """The higher of two referral levels (None is lowest)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if LEVEL_RANK[a] >= LEVEL_RANK[b] else b


def effect_weight(effect: Any) -> float:
    """How much rides on one effect: an urgent referral 10, see a doctor 2,
    evidence its certainty factor; asserting a fact, withholding advice,
    choosing a safety-net item and self-care nothing."""
    if isinstance(effect, Refer):
        return {"urgent": 10.0, "see_doctor": 2.0}.get(effect.level, 0.0)
    if isinstance(effect, (Supports, Against)):
        return effect.cf
    return 0.0


# --- field constraints ------------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    """What one field test asks, as data: ``is`` a value, ``given`` (any
    value), ``test`` (a predicate with its words), ``not``/``all``/``any`` of
    `parts`."""

    kind: Literal["is", "given", "test", "not", "all", "any"]
    value: Any = None
    words: str | None = None
    parts: tuple[Constraint, ...] = ()
    func: Callable[[Any], Any] | None = field(default=None, repr=False, compare=False)
    """For ``test``: the predicate Experta calls with the value (truthy passes)."""

    def walk(self) -> Iterator[Constraint]:
        """This constraint and every one inside it."""
        yield self
        for part in self.parts:
            yield from part.walk()

    def text(self, show: Callable[[Any], str] | None = None) -> str:
        """In words: ``is vegan``, ``includes cramps``, ``is at least 1.5``,
        ``not (is given)``...; `show` writes a value (default: as in a facts file)."""
        show = show or _show
        if self.kind == "is":
            return f"is {show(self.value)}"
        if self.kind == "given":
            return "is given"
        if self.kind == "not":
            return f"not ({self.parts[0].text(show)})"
        if self.kind == "all":
            return " and ".join(c.text(show) for c in self.parts)
        if self.kind == "any":
            return " or ".join(c.text(show) for c in self.parts)
        return self.words or "passes a custom test"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (set, frozenset, list, tuple)):
        return "[" + ", ".join(sorted(_show(v) for v in value)) + "]"
    return str(value)


def _constraint(how: Any) -> Constraint:
    fc = experta.fieldconstraint
    if isinstance(how, fc.L):
        return Constraint("is", value=how.value)
    if isinstance(how, fc.W):
        return Constraint("given")
    if isinstance(how, fc.NOTFC):
        return Constraint("not", parts=(_constraint(how[0]),))
    if isinstance(how, fc.ANDFC):
        return Constraint("all", parts=tuple(_constraint(c) for c in how))
    if isinstance(how, fc.ORFC):
        return Constraint("any", parts=tuple(_constraint(c) for c in how))
    if isinstance(how, fc.P):
        return Constraint("test", words=describe(how), func=how.match)  # words None for a bare P(...)
    return Constraint("is", value=how)


@dataclass(frozen=True)
class Test:
    """One field of a condition: `key` and the test its value must pass."""

    key: str
    constraint: Constraint
    check: Any = field(repr=False, compare=False)
    """Experta's own field check; call :meth:`passes` rather than this."""

    def passes(self, value: Any, on_error: bool = False) -> bool:
        """Does `value` pass the test, exactly as the engine tests it? A test
        written for another shape of value raises inside; it then gives
        `on_error` (the engine counts it as failed, the default)."""
        try:
            return bool(self.check(value, is_fact=False))
        except Exception:
            return on_error

    def on(self, fact: Mapping[str, Any]) -> bool | None:
        """The test on a fact: True or False, or None when the fact lacks the key."""
        if self.key not in fact:
            return None
        return self.passes(fact[self.key])


def _test(key: str, how: Any) -> Test:
    return Test(key, _constraint(how), field_check(key, how))


# --- conditions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """One pattern of a rule: on the person, on one blood result (``lab``,
    named by `name` or any when None) or on an intermediate fact (`name` is
    what). `tests` are its field tests (for a blood result, besides its name)."""

    kind: Literal["person", "lab", "inferred"]
    negated: bool
    tests: tuple[Test, ...]
    name: str | None = None

    def holds(self, fact: Mapping[str, Any]) -> bool:
        """Every test passes on `fact` (a missing key fails, as in the engine)."""
        return all(t.on(fact) is True for t in self.tests)


def _literal(value: Any) -> Any:
    return getattr(value, "value", value)


_fields = pattern_fields


def _walk(patterns: Iterable[Any], negated: bool, rule_id: str) -> Iterator[Condition]:
    for pattern in patterns:
        if isinstance(pattern, NOT):
            yield from _walk(pattern, not negated, rule_id)
        elif isinstance(pattern, Person):
            yield Condition("person", negated, tuple(_test(k, h) for k, h in _fields(pattern)))
        elif isinstance(pattern, Lab):
            fields = dict(_fields(pattern))
            name = _literal(fields.pop("name", None))
            yield Condition("lab", negated, tuple(_test(k, h) for k, h in fields.items()), name)
        elif isinstance(pattern, Inferred):
            what = _literal(dict(_fields(pattern)).get("what"))
            yield Condition("inferred", negated, (), what)
        elif type(pattern) is AND:
            yield from _walk(pattern, negated, rule_id)
        else:
            raise KnowledgeError(f"rule {rule_id}: a pattern of kind {type(pattern).__name__} cannot be "
                                 "read (rules use Person, Lab, Inferred, AND and NOT)")


def _unread(patterns: Iterable[Any]) -> tuple[str, ...]:
    """What of a rule's patterns its conditions do not say exactly, in words:
    what a matcher derived from the shapes (engine/derived.py) cannot
    reproduce and must refuse rather than guess. Empty for every shipped rule."""
    fc = experta.fieldconstraint
    out: list[str] = []
    seen: list[Any] = []

    def constraint(key: str, how: Any) -> None:
        if not isinstance(how, fc.FieldConstraint):
            return  # a plain value: Experta tests it as L(value)
        if getattr(how, "__bind__", None) is not None:
            out.append(f"field {key!r} binds a variable")
        if isinstance(how, (fc.NOTFC, fc.ANDFC, fc.ORFC)):
            if isinstance(how, fc.NOTFC) and len(how) != 1:
                out.append(f"field {key!r} negates {len(how)} constraints at once")
            for part in how:
                constraint(key, part)
        elif type(how) not in (fc.L, fc.W, fc.P):
            out.append(f"field {key!r} uses a {type(how).__name__} constraint")

    def fact(pattern: Any) -> None:
        kind = type(pattern).__name__
        if type(pattern) not in (Person, Lab, Inferred):
            out.append(f"a pattern of kind {kind} (rules use Person, Lab and Inferred)")
            return
        if any(pattern == other for other in seen):
            out.append(f"the same {kind} pattern twice (Experta then matches one fact for both)")
        seen.append(pattern)
        if field_defaults(type(pattern)):
            out.append(f"{kind} declares field defaults")
        for key, how in pattern.items():
            if not isinstance(key, str):
                out.append(f"{kind} has a positional field")
            elif key.startswith("__"):
                if key == "__bind__" or how is not None:
                    out.append(f"{kind} pattern has the special key {key!r}")
            elif "__" in key or key.endswith("_") or key.startswith("_"):
                out.append(f"{kind} field {key!r} is a nested or special accessor")
            else:
                constraint(key, how)
        fields = dict(pattern_fields(pattern))
        if type(pattern) is Lab and "name" in fields and not _plain_text(fields["name"]):
            out.append("a Lab pattern's name is not a plain text literal")
        if type(pattern) is Inferred and (set(fields) != {"what"} or not _plain_text(fields["what"])):
            out.append("an Inferred pattern tests more than its plain text 'what'")

    def walk(items: Iterable[Any]) -> None:
        for pattern in items:
            if isinstance(pattern, NOT):
                if len(pattern) != 1:
                    out.append(f"NOT of {len(pattern)} elements (Experta reads only the first)")
                inner = pattern[0] if len(pattern) else None
                if isinstance(inner, NOT):
                    walk([inner])
                elif type(inner) is AND or not isinstance(inner, experta.Fact):
                    out.append("NOT of something other than one pattern (Experta rewrites it into OR)")
                else:
                    fact(inner)
            elif type(pattern) is AND:
                walk(pattern)
            else:
                fact(pattern)

    walk(patterns)
    return tuple(out)


def _plain_text(how: Any) -> bool:
    if isinstance(how, experta.fieldconstraint.L):
        return how.__bind__ is None and isinstance(how.value, str)
    return isinstance(how, str)


# --- one rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleShape:
    """What one rule tests, asserts and concludes."""

    meta: RuleMeta
    conditions: tuple[Condition, ...]

    @property
    def id(self) -> str:
        return self.meta.id

    @functools.cached_property
    def checks(self) -> tuple[tuple[str, Any], ...]:
        """(Person key, Experta field check) of each positive person test; the
        check is called as ``check(value, is_fact=False)``."""
        return tuple((t.key, t.check) for c in self.conditions
                     if c.kind == "person" and not c.negated for t in c.tests)

    @functools.cached_property
    def person_tests(self) -> tuple[Test, ...]:
        """The positive person tests."""
        return tuple(t for c in self.conditions if c.kind == "person" and not c.negated for t in c.tests)

    @functools.cached_property
    def labs(self) -> tuple[str, ...]:
        """The blood results it needs (positive, named)."""
        return tuple(c.name for c in self.conditions if c.kind == "lab" and not c.negated and c.name)

    @functools.cached_property
    def needs(self) -> tuple[str, ...]:
        """The intermediate facts it needs."""
        return tuple(c.name for c in self.conditions if c.kind == "inferred" and not c.negated and c.name)

    @functools.cached_property
    def blocked_by(self) -> tuple[str, ...]:
        """The intermediate facts whose presence stops it firing."""
        return tuple(c.name for c in self.conditions if c.kind == "inferred" and c.negated and c.name)

    @property
    def keys(self) -> tuple[str, ...]:
        """The fact keys its positive conditions test: Person keys, then
        ``labs.<name>``."""
        return tuple(k for k, _ in self.checks) + tuple(f"labs.{n}" for n in self.labs)

    def person_keys(self, negated: bool = True) -> tuple[str, ...]:
        """Every Person key it tests, each once, in order; with `negated`
        also those inside NOT."""
        out: list[str] = []
        for c in self.conditions:
            if c.kind == "person" and (negated or not c.negated):
                out.extend(t.key for t in c.tests if t.key not in out)
        return tuple(out)

    @property
    def supports(self) -> tuple[tuple[str, float], ...]:
        return tuple((e.finding, e.cf) for e in self.meta.effects if isinstance(e, Supports))

    @property
    def against(self) -> tuple[tuple[str, float], ...]:
        return tuple((e.finding, e.cf) for e in self.meta.effects if isinstance(e, Against))

    @property
    def findings(self) -> frozenset[str]:
        """The findings its own effects bear on, for or against."""
        return frozenset(f for f, _ in self.supports + self.against)

    @property
    def level(self) -> str | None:
        """The highest referral level it sets, or None."""
        level = None
        for e in self.meta.effects:
            if isinstance(e, Refer):
                level = higher_level(level, e.level)
        return level

    @property
    def asserts(self) -> tuple[str, ...]:
        """The intermediate facts it asserts (a referral above self-care asserts
        ``referred``)."""
        out = [e.what for e in self.meta.effects if isinstance(e, Asserts)]
        if self.level not in (None, "self_care"):
            out.append(REFERRED)
        return tuple(out)

    @property
    def withholds(self) -> tuple[str, ...]:
        """The advice tags it withholds (a rule of the ``conflict`` band)."""
        return tuple(e.tag for e in self.meta.effects if isinstance(e, Withholds))

    @property
    def warns(self) -> tuple[str, ...]:
        """The safety-net items it puts on the report (a rule of the
        ``safety_net`` band)."""
        return tuple(e.item for e in self.meta.effects if isinstance(e, Warns))

    @property
    def band(self) -> str:
        """Its salience band: ``red_flag``, ``infer``, ``evidence``,
        ``conflict`` (it only withholds advice), ``safety_net`` (it only
        chooses safety-net items) or ``referral``."""
        return self.meta.band

    @property
    def weight(self) -> float:
        """How much rides on it: the sum of :func:`effect_weight` over its
        effects (withholding advice weighs nothing: it changes no finding and
        no referral)."""
        return sum(effect_weight(e) for e in self.meta.effects)

    @functools.cached_property
    def unread(self) -> tuple[str, ...]:
        """What of its Experta patterns the conditions leave out (binding
        variables, NOT of several patterns, nested accessors...), in words;
        empty when the conditions say exactly what Experta matches."""
        return _unread(self.meta.patterns)

    @property
    def initial_fact(self) -> bool:
        """Does Experta match it together with its initial fact? It does when
        the rule has no condition or its first condition is negated (Experta
        prepends ``InitialFact()``), so that fact is among those it fired on."""
        return not self.conditions or self.conditions[0].negated

    @functools.cached_property
    def tests_lab(self) -> bool:
        """Does any condition, negated or not, match a blood result?"""
        return any(c.kind == "lab" for c in self.conditions)

    @functools.cached_property
    def drug_class_words(self) -> tuple[str, ...]:
        """The words of each positive test on ``drug_classes`` made by
        ``predicate`` (empty words for any other kind of test)."""
        return tuple((t.constraint.words or "") if t.constraint.kind == "test" else ""
                     for c in self.conditions if c.kind == "person" and not c.negated
                     for t in c.tests if t.key == "drug_classes")


@functools.cache
def _shape(meta: RuleMeta) -> RuleShape:
    return RuleShape(meta, tuple(_walk(meta.patterns, False, meta.id)))


def shape_of(meta: RuleMeta) -> RuleShape:
    """The shape of one rule (read once, cached)."""
    return _shape(meta)


# --- the rule base ---------------------------------------------------------------------------


class RuleBase:
    """Every rule's shape and what connects them. Build with :func:`rule_base`
    for the shipped rules, or from any list of rule metadata (the verifier's
    test fixtures do)."""

    def __init__(self, rules: Iterable[RuleMeta], lab_findings: Mapping[str, str] | None = None,
                 lab_names: Mapping[str, str] | None = None) -> None:
        self.shapes: tuple[RuleShape, ...] = tuple(shape_of(m) for m in rules)
        self.by_id: dict[str, RuleShape] = {s.id: s for s in self.shapes}
        self.lab_findings: dict[str, str] = dict(lab_findings or {})
        """Lab key -> the finding it bears on."""
        self.lab_names: dict[str, str] = dict(lab_names or {})
        """Lab key -> the name an unknown blood result is listed under (``labs.<name>``)."""
        asserters: dict[str, list[str]] = {}
        needers: dict[str, list[str]] = {}
        for shape in self.shapes:
            for what in shape.asserts:
                asserters.setdefault(what, []).append(shape.id)
            for what in shape.needs:
                needers.setdefault(what, []).append(shape.id)
        self._asserters = {k: tuple(v) for k, v in asserters.items()}
        self._needers = {k: tuple(v) for k, v in needers.items()}

    def __getitem__(self, rule_id: str) -> RuleShape:
        return self.by_id[rule_id]

    def asserters(self, what: str) -> tuple[str, ...]:
        """The rules that assert intermediate fact `what`, in rule-base order."""
        return self._asserters.get(what, ())

    def needers(self, what: str) -> tuple[str, ...]:
        """The rules that need intermediate fact `what`."""
        return self._needers.get(what, ())

    @property
    def asserted(self) -> dict[str, tuple[str, ...]]:
        """Intermediate fact -> the rules that assert it."""
        return dict(self._asserters)

    def leads_to(self, rule_id: str) -> tuple[frozenset[str], str | None]:
        """What a rule firing can change: the findings it or any rule it
        enables (through the facts it asserts) bears on, and the highest
        referral above self-care among them."""
        findings: set[str] = set()
        level: str | None = None
        seen = {rule_id}
        todo = [rule_id]
        while todo:
            shape = self.by_id[todo.pop()]
            findings |= shape.findings
            if shape.level != "self_care":
                level = higher_level(level, shape.level)
            for what in shape.asserts:
                if what == REFERRED:
                    continue
                for rid in self.needers(what):
                    if rid not in seen:
                        seen.add(rid)
                        todo.append(rid)
        return frozenset(findings), level


@functools.cache
def rule_base() -> RuleBase:
    """The shipped rule base, read once per process."""

    kb = load_knowledge()
    # A lab range may name the unit-free key a result is asked for under (its analyte).
    return RuleBase(all_rules(), {k: r.finding for k, r in kb.labs.items()},
                    {k: getattr(r, "analyte", k) for k, r in kb.labs.items()})
