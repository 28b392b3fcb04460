"""The vocabulary rules are written in: the facts they match, the effects they
have, where their claims come from, and the `@rule` decorator that turns a
method into an Experta rule carrying all of that as metadata.

A rule module defines one mixin class of rule methods, e.g.::

    class MagnesiumRules:
        @rule(
            "magnesium.low-intake",
            Person(low_intake=has_any("leafy_greens", "nuts_seeds", "whole_grains")),
            effects=[Supports("magnesium", 0.25)],
            sources=[doc("000_1a193f0ef969bf74.txt", "Magnesium is another mineral",
                         "lacking in whole grains, nuts and leafy greens")],
        )
        def low_intake(self):
            \"\"\"Rarely eating leafy greens, nuts, seeds or whole grains makes low
            magnesium more likely: they are its main food sources.\"\"\"

The method's docstring is the rule's claim in plain words. The effects are
applied by the engine each time the rule fires, and recorded in the trace; a
method body may do more, but most need nothing else.
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sorewhy import SOURCE_DOCUMENTS
from sorewhy.compat import AND, NOT, OR, TEST, Fact, L, P, Rule, W

__all__ = [
    "AND", "NOT", "OR", "TEST", "W", "L", "P",
    "Person", "Lab", "Inferred",
    "Evidence", "Supports", "Against", "Refer", "Asserts", "Withholds", "Warns",
    "DocSource", "RefSource", "doc", "ref", "D000", "D001", "D002", "D003", "D004",
    "B12_ANIMAL", "FAQ_REST", "OVEREXERTION",
    "RuleMeta", "rule", "has", "has_any", "has_all", "at_least_n_of", "at_least", "at_most", "more_than",
    "one_of", "predicate", "describe", "NOT_EMPTY", "LEGS",
    "REFERRAL_LEVELS", "DISPOSITIONS", "LEVEL_OF_DISPOSITION", "DEFAULT_DISPOSITION", "SEE",
]

# --- facts ---------------------------------------------------------------


class Person(Fact):
    """The person, one per profile. Only the keys the profile gives are
    present (absent = unknown). List keys are frozensets; ``drug_classes``
    holds the classes the knowledge base maps the medications to."""


class Lab(Fact):
    """One blood result: ``name`` (its unit-suffixed `labs` key), ``value`` (in
    that key's unit, whatever unit it was given in), ``band``
    (``critically_low``, ``low``, ``borderline``, ``normal``, ``high`` or
    ``critically_high``, from ``knowledge/labs.yaml``), ``status`` (the band
    coarsely: ``low``, ``borderline``, ``normal`` or ``high``) and ``result``
    (the result named for reports: ``potassium 2.3 mmol/L: critically low``)."""


class Inferred(Fact):
    """An intermediate conclusion one rule asserts for others to build on,
    e.g. ``Inferred(what="sweat_loss")``."""


# --- field constraints -----------------------------------------------------
# Cached so that equal constraints are one object: Experta then shares one
# alpha-network test between every rule that uses it. Each says in words what
# it tests, for `rules show` and traces.

DESCRIPTIONS: dict[Any, str] = {}
"""Predicate function -> what it tests, in words ("includes cramps")."""


def predicate(description: str, test: Callable[[Any], bool]) -> P:
    """A field constraint from a test function, with what it tests in words.
    Use this rather than a bare ``P(lambda ...)`` so reviewers can read it."""
    DESCRIPTIONS[test] = description
    return P(test)


def describe(constraint: Any) -> str | None:
    """The words a constraint made by `predicate` was given, else None."""
    match = getattr(constraint, "match", None)
    return DESCRIPTIONS.get(match) if match is not None else None


def _items(items: frozenset[Any]) -> str:
    return ", ".join(sorted(str(i) for i in items))


@functools.cache
def has(item: str) -> P:
    """The list key contains `item`."""
    return predicate(f"includes {item}", lambda values: item in values)


@functools.cache
def _has_any(items: frozenset[str]) -> P:
    return predicate(f"includes any of {_items(items)}", lambda values: not items.isdisjoint(values))


def has_any(*items: str) -> P:
    """The list key contains at least one of `items`."""
    return _has_any(frozenset(items))


@functools.cache
def _has_all(items: frozenset[str]) -> P:
    return predicate(f"includes all of {_items(items)}", lambda values: items <= values)


def has_all(*items: str) -> P:
    """The list key contains every one of `items`."""
    return _has_all(frozenset(items))


@functools.cache
def _at_least_n_of(n: int, items: frozenset[str]) -> P:
    return predicate(f"includes at least {n} of {_items(items)}", lambda values: len(items & values) >= n)


def at_least_n_of(n: int, *items: str) -> P:
    """The list key contains at least `n` of `items`."""
    return _at_least_n_of(n, frozenset(items))


NOT_EMPTY = predicate("is not empty", lambda values: len(values) > 0)
"""A list key that holds at least one item."""

LEGS = ("calves", "hamstrings", "thighs", "legs")
"""The `locations` values that are parts of the legs (``locations=has_any(*LEGS)``)."""


@functools.cache
def at_least(bound: float) -> P:
    """A number >= `bound`."""
    return predicate(f"is at least {bound:g}", lambda value: value >= bound)


@functools.cache
def at_most(bound: float) -> P:
    """A number <= `bound`."""
    return predicate(f"is at most {bound:g}", lambda value: value <= bound)


@functools.cache
def more_than(bound: float) -> P:
    """A number > `bound`."""
    return predicate(f"is more than {bound:g}", lambda value: value > bound)


@functools.cache
def _one_of(values: frozenset[Any]) -> P:
    return predicate(f"is one of {_items(values)}", lambda value: value in values)


def one_of(*values: Any) -> P:
    """A scalar key equal to one of `values`."""
    return _one_of(frozenset(values))


# --- effects ----------------------------------------------------------------

REFERRAL_LEVELS = ("self_care", "see_doctor", "urgent")
Level = Literal["self_care", "see_doctor", "urgent"]

DISPOSITIONS = ("self_care", "doctor_routine", "doctor_soon", "urgent_today", "emergency_now")
"""Contract §2 ``referral.disposition``, least urgent first."""
Disposition = Literal["self_care", "doctor_routine", "doctor_soon", "urgent_today", "emergency_now"]

LEVEL_OF_DISPOSITION: dict[str, str] = {
    "self_care": "self_care",
    "doctor_routine": "see_doctor",
    "doctor_soon": "see_doctor",
    "urgent_today": "urgent",
    "emergency_now": "urgent",
}
"""The referral level each disposition belongs to (contract §2)."""

DEFAULT_DISPOSITION: dict[str, str] = {
    "self_care": "self_care",
    "see_doctor": "doctor_routine",
    "urgent": "urgent_today",
}
"""A referral rule that names no disposition gets its level's least urgent one."""

SEE = ("emergency_department", "gp", "pharmacist")
"""Contract §2 ``referral.see``: whom to see, where the sources say so."""


@dataclass(frozen=True)
class Evidence:
    """Evidence about a finding with certainty factor `cf` in (0, 1]: for it
    (`Supports`) or against it (`Against`)."""

    finding: str
    cf: float


class Supports(Evidence):
    """Evidence for a finding with certainty factor `cf` in (0, 1]."""

    def describe(self) -> str:
        return f"supports {self.finding} ({self.cf:+.2f})"


class Against(Evidence):
    """Evidence against a finding with certainty factor `cf` in (0, 1]."""

    def describe(self) -> str:
        return f"argues against {self.finding} ({-self.cf:+.2f})"


@dataclass(frozen=True)
class Refer:
    """Sets the referral to at least `level`, with a `disposition` (how soon:
    one of :data:`DISPOSITIONS`, which must belong to `level`; by default the
    level's least urgent one) and, where the rule's sources say so, whom to
    `see` (one of :data:`SEE`). A referral above ``self_care`` also asserts
    ``Inferred(what="referred")``, which retracts the fallback
    ``referral.self-care`` rule's activation."""

    level: Level
    disposition: Disposition | None = None
    see: str | None = None

    def __post_init__(self) -> None:
        if self.level not in REFERRAL_LEVELS:
            raise ValueError(f"unknown referral level {self.level!r}")
        if self.disposition is None:
            object.__setattr__(self, "disposition", DEFAULT_DISPOSITION[self.level])
        elif LEVEL_OF_DISPOSITION.get(self.disposition) != self.level:
            raise ValueError(f"disposition {self.disposition!r} does not belong to level {self.level!r}")
        if self.see is not None and self.see not in SEE:
            raise ValueError(f"unknown referral.see {self.see!r}; expected one of {', '.join(SEE)}")

    def describe(self) -> str:
        return f"referral: {self.level} ({self.disposition})"


@dataclass(frozen=True)
class Asserts:
    """Declares ``Inferred(what=...)`` for other rules to build on."""

    what: str

    def describe(self) -> str:
        return f"asserts {self.what}"


@dataclass(frozen=True)
class Withholds:
    """Withholds every piece of advice tagged `tag` (a tag of
    ``knowledge.ADVICE_TAGS``) from the report: a finding's advice item with
    that tag is replaced by its variant without it, or dropped when it has
    none, and the report's ``withheld_advice`` says which and why. For conflict
    rules (rules/conflicts.py), whose finding contradicts that advice."""

    tag: str

    def describe(self) -> str:
        return f"withholds advice: {self.tag}"


@dataclass(frozen=True)
class Warns:
    """Puts the safety-net item `item` (an id of ``knowledge/safety_net.yaml``:
    a warning sign that should bring the person back now, or when to see a
    doctor if it is not better) on the report's ``safety_net``. For the rules
    of rules/safety_net.py, which choose the items for the person."""

    item: str

    def describe(self) -> str:
        return f"safety net: {self.item}"


Effect = Supports | Against | Refer | Asserts | Withholds | Warns

# --- sources ----------------------------------------------------------------

# The five source documents, by file name (listed once, in sorewhy/__init__.py).
D000, D001, D002, D003, D004 = SOURCE_DOCUMENTS


@dataclass(frozen=True)
class DocSource:
    """A passage of one of the five source documents."""

    doc: str
    section: str
    quote: str

    def as_dict(self) -> dict[str, str]:
        return {"doc": self.doc, "section": self.section, "quote": self.quote}


@dataclass(frozen=True)
class RefSource:
    """An authoritative public reference for knowledge the documents lack."""

    ref: str
    url: str

    def as_dict(self) -> dict[str, str]:
        return {"ref": self.ref, "url": self.url}


Source = DocSource | RefSource


def doc(name: str, section: str, quote: str) -> DocSource:
    return DocSource(name, section, quote)


def ref(title: str, url: str) -> RefSource:
    return RefSource(title, url)


# --- passages several topics cite ------------------------------------------
# Each passage that rules of more than one topic cite is named once, here, and
# the rules cite it by name. A passage only one topic cites is named beside that
# topic's rules (or written out in the one rule that cites it).

B12_ANIMAL = doc(D002, "Vitamin B12 and Nerve Function", "Vitamin B12 is mainly found in animal products")
"""Where vitamin B12 comes from (the B12 diet rules, the diet conflict rules)."""
FAQ_REST = doc(D001, "Frequently Asked Questions", "persistent muscle soreness that doesn't improve with rest")
"""Soreness that rest does not help (ordinary soreness against, referral)."""
OVEREXERTION = doc(D002, "Conclusion: Listening to Your Body's Signals",
                   "Sore calf muscles can be a simple sign of overexertion")
"""Sore muscles as overexertion (ordinary soreness, self-care)."""


# --- rules ------------------------------------------------------------------

BANDS = {"red_flag": 4_000_000, "infer": 3_000_000, "evidence": 2_000_000, "conflict": 1_500_000,
         "safety_net": 1_200_000, "referral": 1_000_000}
"""Salience bands: red flags fire first, then rules that assert intermediate
facts, then evidence, then the conflict rules that withhold advice, then the
safety-net rules that choose the warning signs to watch for, then referral
(whose fallback, ``referral.self-care``, stays the last rule of the base). Inside a band each rule gets its own
salience from its place in the rule base, so the agenda order never depends on
anything but the rules themselves (Experta otherwise orders rules of equal
salience by Python's per-process hash seed)."""

_counter = itertools.count()

REGISTRY: dict[str, Any] = {}
"""Rule id -> the Experta Rule object, in definition order. The engine is built
from this, not from the topic classes' attribute names, so two topics may name
their methods alike without one rule silently hiding the other."""


@dataclass(frozen=True)
class RuleMeta:
    id: str
    method: str
    claim: str
    effects: tuple[Effect, ...]
    sources: tuple[Source, ...]
    band: str
    salience: int
    patterns: tuple[Any, ...] = field(repr=False)
    note: str | None = None
    maintainer: str | None = None
    """A note for maintainers (how the rule must be kept); `rules show` prints
    it, reports never do."""
    allow: tuple[tuple[str, str], ...] = ()
    """(check, reason) pairs: what `sorewhy rules check` reports on this rule on
    purpose, and why (e.g. ``("subsumed", "counts the night on top of ...")``)."""

    @property
    def topic(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def concludes(self) -> list[str]:
        return [e.describe() for e in self.effects]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "topic": self.topic,
            "claim": self.claim,
            "concludes": self.concludes,
            "effects": [_effect_dict(e) for e in self.effects],
            "sources": [s.as_dict() for s in self.sources],
            "band": self.band,
        }
        if self.note:
            out["note"] = self.note
        if self.maintainer:
            out["maintainer"] = self.maintainer
        if self.allow:
            out["allow"] = dict(self.allow)
        return out


def _effect_dict(effect: Effect) -> dict[str, Any]:
    if isinstance(effect, Supports):
        return {"supports": effect.finding, "cf": effect.cf}
    if isinstance(effect, Against):
        return {"against": effect.finding, "cf": -effect.cf}
    if isinstance(effect, Refer):
        out: dict[str, Any] = {"refer": effect.level, "disposition": effect.disposition}
        if effect.see:
            out["see"] = effect.see
        return out
    if isinstance(effect, Withholds):
        return {"withholds": effect.tag}
    if isinstance(effect, Warns):
        return {"warns": effect.item}
    return {"asserts": effect.what}


def rule(
    rule_id: str,
    *patterns: Any,
    effects: list[Effect] | tuple[Effect, ...] = (),
    sources: Sequence[Source] = (),
    band: str | None = None,
    note: str | None = None,
    maintainer: str | None = None,
    allow: dict[str, str] | None = None,
) -> Callable[[Callable[..., Any]], Any]:
    """Make a method an Experta rule with sorewhy metadata.

    `patterns` are Experta conditional elements (``Person(...)``,
    ``Lab(...)``, ``Inferred(...)``, ``NOT(...)``). `band` defaults to
    ``red_flag`` for rules that refer urgently, ``infer`` for rules that only
    assert, ``referral`` for rules that only refer, ``conflict`` for rules
    that only withhold advice, ``safety_net`` for rules that only warn, else
    ``evidence``.
    `note` says, where a rule cites an outside reference, why. `maintainer`
    holds what maintainers must know (never shown to people). `allow` maps a
    check of ``sorewhy rules check`` to the reason this rule is reported by it
    on purpose.
    """
    effects = tuple(effects)
    if band is None:
        if any(isinstance(e, Refer) and e.level == "urgent" for e in effects):
            band = "red_flag"
        elif effects and all(isinstance(e, Asserts) for e in effects):
            band = "infer"
        elif effects and all(isinstance(e, Refer) for e in effects):
            band = "referral"
        elif effects and all(isinstance(e, Withholds) for e in effects):
            band = "conflict"
        elif effects and all(isinstance(e, Warns) for e in effects):
            band = "safety_net"
        else:
            band = "evidence"
    salience = BANDS[band] - next(_counter)

    def decorate(func: Callable[..., Any]) -> Any:
        claim = inspect.cleandoc(func.__doc__ or "")
        meta = RuleMeta(
            id=rule_id,
            method=func.__name__,
            claim=" ".join(claim.split()),
            effects=effects,
            sources=tuple(sources),
            band=band,
            salience=salience,
            patterns=tuple(patterns),
            note=note,
            maintainer=maintainer,
            allow=tuple(sorted((allow or {}).items())),
        )
        func.meta = meta  # type: ignore[attr-defined]  # copied onto the Experta Rule (and its copies) by update_wrapper

        # Experta passes bound facts by name; rule bodies here take none.
        @functools.wraps(func)
        def rhs(self: Any, **_bound: Any) -> Any:
            return func(self)

        rhs.meta = meta  # type: ignore[attr-defined]
        experta_rule = Rule(*patterns, salience=salience)(rhs)
        if rule_id in REGISTRY:
            raise ValueError(f"rule id {rule_id!r} is defined twice")
        REGISTRY[rule_id] = experta_rule
        return experta_rule

    return decorate
