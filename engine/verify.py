"""The rule-base verifier behind ``sorewhy rules check``: what is wrong with the
rule base, found before a person meets it.

Each check reads the rules through :mod:`sorewhy.engine.introspect` and the
facts vocabulary through :class:`Vocabulary`; none runs the engine.

- ``never-fires``: a condition no valid profile satisfies (a key the
  vocabulary lacks, a value outside its enumeration or range, tests of one key
  that no value passes together, a blood result or status that cannot occur,
  an intermediate fact nothing that can fire asserts).
- ``subsumed``: a rule with the same effects as another whose conditions are
  more general, so the second fires whenever the first does.
- ``support-and-against``: one condition both supports and argues against the
  same finding (in one rule, or in two rules with the same conditions).
- ``unconfirmable``: a finding no rule can confirm (support with strong
  certainty, at least 0.75) and none can argue against.
- ``unknown-finding``: a rule concluding a finding that
  ``knowledge/findings.yaml`` does not describe (its report would lack the
  finding's label, kind and advice).
- ``claims``: a claim of the inventory marked encoded that names a rule that
  does not exist, and a rule quoting a document that no encoded claim names.
- ``document-citations``: a source document cited by fewer than three rules.
- ``unknown-safety-net-item``: a rule putting an item on the safety net
  (``Warns``) that ``knowledge/safety_net.yaml`` does not describe (its report
  would have no words for it).
- ``advice-conflict``: two findings whose advice contradicts
  (``knowledge/verifier.yaml``) that can be concluded together, without a rule
  of the ``conflict`` topic bearing on both.

What a check reports on purpose is declared where it lives, with a reason: a
rule's ``allow={"check": "why"}``, or an entry of ``allow:`` in
``knowledge/verifier.yaml`` for findings and documents. Nothing is silenced
globally.

Values of list keys are tried as every set of up to three items, every set
missing one item, and the empty and full sets; numbers on a fine grid of
their range. That decides the tests the rules are written with (``has``,
``has_any``, ``has_all`` of up to three items, ``at_least_n_of`` up to three,
bounds on numbers) exactly.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sorewhy.engine.introspect import Condition, RuleBase, RuleShape, Test, profile_key, rule_base
from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, Profile, enum_values, field_bounds
from sorewhy.knowledge import SEED_DOCS
from sorewhy.knowledge import load as load_knowledge
from sorewhy.knowledge.verifier import VerifierData, load_verifier_data
from sorewhy.rules.base import DocSource

__all__ = [
    "CHECKS",
    "CONFIRMS",
    "MIN_CITATIONS",
    "Problem",
    "Vocabulary",
    "shipped_vocabulary",
    "verify",
    "verify_shipped",
]

CHECKS = ("never-fires", "subsumed", "support-and-against", "unconfirmable", "unknown-finding", "claims",
          "document-citations", "unknown-safety-net-item", "advice-conflict", "source-kind")
CONFIRMS = 0.75
"""A rule supporting a finding with at least this certainty can confirm it ("strong")."""
MIN_CITATIONS = 3
CONFLICT_TOPIC = "conflict"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the rule base."""

    check: str
    subject: str
    message: str

    def line(self) -> str:
        return f"{self.check}: {self.subject}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"check": self.check, "subject": self.subject, "message": self.message}


# --- the knowledge the verifier reads ----------------------------------------------------


@dataclass(frozen=True)
class Claim:
    id: str
    status: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class KnowledgeView:
    """What the verifier reads from the knowledge base."""

    findings: Mapping[str, Sequence[str]]
    """Finding id -> its advice texts."""
    claims: tuple[Claim, ...]
    docs: tuple[str, ...]
    data: VerifierData = field(default_factory=VerifierData)
    safety_net: frozenset[str] | None = None
    """The safety-net item ids knowledge/safety_net.yaml describes (None: not checked)."""


# --- the vocabulary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The values each fact key can take in a valid profile."""

    scalars: Mapping[str, tuple[Any, ...]]
    """Enumerated and boolean Person keys -> their values."""
    lists: Mapping[str, tuple[str, ...]]
    """List Person keys -> their items (``drug_classes``: the drug classes)."""
    numbers: Mapping[str, tuple[float, float, bool]]
    """Numeric Person keys -> (minimum, maximum, integer)."""
    free: frozenset[str] = frozenset()
    """Person keys of free text (any test may hold)."""
    labs: Mapping[str, tuple[float, float, bool]] = field(default_factory=dict)
    """Blood result name -> the range of its value."""
    lab_statuses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Blood result name -> the statuses it can have."""
    lab_fields: Mapping[str, Mapping[str, tuple[Any, ...]]] = field(default_factory=dict)
    """Blood result name -> other fields of its Lab fact -> their values. A field
    named nowhere here is taken as free: any test of it may hold."""

    @functools.cached_property
    def _candidates(self) -> dict[str, tuple[Any, ...]]:
        out: dict[str, tuple[Any, ...]] = {k: tuple(v) for k, v in self.scalars.items()}
        for key, items in self.lists.items():
            out[key] = _set_candidates(items)
        for key, bounds in self.numbers.items():
            out[key] = _number_candidates(*bounds)
        return out

    def knows(self, key: str) -> bool:
        return key in self._candidates or key in self.free

    def candidates(self, key: str) -> tuple[Any, ...] | None:
        """The values to try for a Person key, or None for free text."""
        return self._candidates.get(key)

    def lab_candidates(self, name: str, key: str) -> tuple[Any, ...] | None:
        """The values to try for a field of blood result `name`, or None when
        the vocabulary does not say (any test may hold)."""
        if key == "name":
            return (name,)
        if key == "status" and name in self.lab_statuses:
            return tuple(self.lab_statuses[name])
        if key == "value" and name in self.labs:
            return _number_candidates(*self.labs[name])
        return self.lab_fields.get(name, {}).get(key)


def _set_candidates(items: Sequence[str]) -> tuple[frozenset[str], ...]:
    items = tuple(sorted(set(items)))
    full = frozenset(items)
    out: dict[frozenset[str], None] = {frozenset(): None, full: None}
    for size in (1, 2, 3):
        for combo in itertools.combinations(items, size):
            out[frozenset(combo)] = None
    for item in items:
        out[full - {item}] = None
    return tuple(out)


def _number_candidates(lo: float, hi: float, integer: bool) -> tuple[float, ...]:
    if integer:
        top = int(hi)
        values = set(range(int(lo), min(top, int(lo) + 2000) + 1))
        values |= {int(lo + (hi - lo) * n / 400) for n in range(401)}
        return tuple(sorted(values))
    steps = int(round((hi - lo) / 0.05))
    if steps <= 5000:
        return tuple(sorted({round(lo + 0.05 * n, 10) for n in range(steps + 1)} | {hi}))
    return tuple(sorted({lo + (hi - lo) * n / 5000 for n in range(5001)} | {hi}))


@functools.cache
def shipped_vocabulary() -> Vocabulary:
    """The vocabulary of the facts model and the knowledge base."""

    kb = load_knowledge()
    scalars: dict[str, tuple[Any, ...]] = {}
    lists: dict[str, tuple[str, ...]] = {}
    numbers: dict[str, tuple[float, float, bool]] = {}
    free: set[str] = set()
    schema = Profile.model_json_schema()["properties"]
    for key in FACT_KEYS:
        if key in LIST_KEYS:
            items = enum_values(key)
            if items:
                lists[key] = items
            else:
                free.add(key)
            continue
        bounds = field_bounds(key)
        if bounds is not None:
            numbers[key] = bounds
        elif enum_values(key):
            scalars[key] = enum_values(key)
        elif any(o.get("type") == "boolean" for o in schema[key].get("anyOf", [schema[key]])):
            scalars[key] = (True, False)
        else:
            free.add(key)
    if "medications" in free:
        lists["drug_classes"] = tuple(kb.drug_classes)
    labs: dict[str, tuple[float, float, bool]] = {}
    statuses: dict[str, tuple[str, ...]] = {}
    for name in LAB_KEYS:
        bounds = field_bounds(f"labs.{name}")
        if bounds is not None:
            labs[name] = bounds
        found: dict[str, None] = {}
        try:
            for value in _number_candidates(*bounds) if bounds else ():
                for sex in (None, "female", "male"):
                    found[kb.labs[name].status(value, sex)] = None
        except Exception:  # a range that reads values another way: its statuses are not known here
            continue
        if found:
            statuses[name] = tuple(found)
    return Vocabulary(scalars, lists, numbers, frozenset(free), labs, statuses)


def shipped_knowledge() -> KnowledgeView:
    kb = load_knowledge()
    return KnowledgeView(
        findings={fid: tuple(f.advice_texts) for fid, f in kb.findings.items()},
        claims=tuple(Claim(c.id, c.status, tuple(c.rules)) for c in kb.claims),
        docs=tuple(SEED_DOCS),
        data=load_verifier_data(),
        safety_net=frozenset(kb.safety_net),
    )


# --- reasoning about conditions -----------------------------------------------------------------


def _passing(tests: Sequence[Test], values: Iterable[Any]) -> list[Any]:
    return [v for v in values if all(t.passes(v) for t in tests)]


def _person_tests(shape: RuleShape) -> dict[str, list[Test]]:
    """Positive person tests by key (every person pattern matches the one Person fact)."""
    out: dict[str, list[Test]] = {}
    for test in shape.person_tests:
        out.setdefault(test.key, []).append(test)
    return out


def _implies(a: Sequence[Test], b: Sequence[Test], values: Iterable[Any]) -> bool:
    """Every value passing all of `a` passes all of `b`."""
    return all(all(t.passes(v) for t in b) for v in _passing(a, values))


def _constraint_key(condition: Condition) -> tuple[Any, ...]:
    return (condition.kind, condition.negated, condition.name,
            tuple(sorted((t.key, repr(t.constraint)) for t in condition.tests)))


class _Reasoner:
    def __init__(self, rules: RuleBase, vocab: Vocabulary) -> None:
        self.rules = rules
        self.vocab = vocab

    def person_values(self, key: str) -> tuple[Any, ...] | None:
        return self.vocab.candidates(key)

    def more_general(self, general: RuleShape, specific: RuleShape) -> bool:
        """Whenever `specific` fires, `general` fires too (as far as the
        conditions show: each condition of `general` is implied by `specific`'s)."""
        spec_tests = _person_tests(specific)
        for key, tests in _person_tests(general).items():
            if key not in spec_tests:
                return False
            values = self.person_values(key)
            if values is None:
                if {repr(t.constraint) for t in tests} - {repr(t.constraint) for t in spec_tests[key]}:
                    return False
                continue
            if not _implies(spec_tests[key], tests, values):
                return False
        spec_labs = [c for c in specific.conditions if c.kind == "lab" and not c.negated]
        for cond in (c for c in general.conditions if c.kind == "lab" and not c.negated):
            if not any(self._lab_implies(s, cond) for s in spec_labs):
                return False
        if not set(general.needs) <= set(specific.needs):
            return False
        spec_negated = {_constraint_key(c) for c in specific.conditions if c.negated}
        return all(_constraint_key(c) in spec_negated for c in general.conditions if c.negated)

    def _lab_implies(self, specific: Condition, general: Condition) -> bool:
        if general.name is not None and specific.name != general.name:
            return False
        name = specific.name
        for key in {t.key for t in general.tests}:
            spec = [t for t in specific.tests if t.key == key]
            gen = [t for t in general.tests if t.key == key]
            if not spec:
                return False
            values = self.vocab.lab_candidates(name, key) if name else None
            if not values:
                if {repr(t.constraint) for t in gen} - {repr(t.constraint) for t in spec}:
                    return False
                continue
            if not _implies(spec, gen, values):
                return False
        return True

    def impossible(self, shape: RuleShape) -> list[str]:
        """Why no valid profile satisfies the rule's own conditions (not
        counting the intermediate facts it needs)."""
        out: list[str] = []
        for key, tests in _person_tests(shape).items():
            if not self.vocab.knows(key):
                out.append(f"it tests {profile_key(key)}, which is not a key of the facts vocabulary")
                continue
            values = self.person_values(key)
            if values is not None and not _passing(tests, values):
                what = " and ".join(_test_words(t) for t in tests)
                out.append(f"no valid value of {profile_key(key)} passes: {profile_key(key)} {what}")
        for cond in shape.conditions:
            if cond.kind == "person" and cond.negated and not cond.tests:
                out.append("it is blocked by NOT(Person()), which every profile matches")
            if cond.kind != "lab" or cond.negated:
                continue
            names = [cond.name] if cond.name is not None else list(self.vocab.lab_statuses)
            if cond.name is not None and cond.name not in self.vocab.lab_statuses:
                out.append(f"it needs the blood result {cond.name}, which is not a lab key of the vocabulary")
                continue
            possible = any(self._lab_jointly(name, cond.tests) for name in names)
            if not possible:
                what = "; ".join(f"{t.key} {_test_words(t)}" for t in cond.tests)
                out.append(f"no blood result {cond.name or '(any)'} can have {what}")
        return out

    def _lab_jointly(self, name: str, tests: Sequence[Test]) -> bool:
        """Some value of each field passes all of that field's tests."""
        by_key: dict[str, list[Test]] = {}
        for t in tests:
            by_key.setdefault(t.key, []).append(t)
        for key, ts in by_key.items():
            values = self.vocab.lab_candidates(name, key)
            if values is not None and not _passing(ts, values):
                return False
        return True


def _test_words(test: Test) -> str:
    return test.constraint.text()


def _effects_key(shape: RuleShape) -> frozenset[Any]:
    return frozenset(shape.meta.effects)


def _effects_text(shape: RuleShape) -> str:
    return "; ".join(shape.meta.concludes)


# --- the checks ----------------------------------------------------------------------------------


def _never_fires(rules: RuleBase, reasoner: _Reasoner) -> list[Problem]:
    problems: list[Problem] = []
    reasons = {s.id: reasoner.impossible(s) for s in rules.shapes}
    can_fire = {rid for rid, why in reasons.items() if not why}
    # An intermediate fact helps only if a rule that can fire asserts it.
    changed = True
    while changed:
        changed = False
        for shape in rules.shapes:
            if shape.id not in can_fire:
                continue
            for what in shape.needs:
                if not any(r in can_fire for r in rules.asserters(what)):
                    can_fire.discard(shape.id)
                    changed = True
                    break
    for shape in rules.shapes:
        why = list(reasons[shape.id])
        if not why and shape.id not in can_fire:
            for what in shape.needs:
                by = rules.asserters(what)
                if not by:
                    why.append(f"it needs the intermediate fact {what}, which no rule asserts")
                elif not any(r in can_fire for r in by):
                    why.append(f"it needs the intermediate fact {what}, whose rules ({', '.join(by)}) never fire")
        problems += [Problem("never-fires", shape.id, text) for text in why]
    return problems


def _subsumed(rules: RuleBase, reasoner: _Reasoner) -> list[Problem]:
    problems: list[Problem] = []
    groups: dict[frozenset[Any], list[RuleShape]] = {}
    for shape in rules.shapes:
        if shape.meta.effects:
            groups.setdefault(_effects_key(shape), []).append(shape)
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            a_gen, b_gen = reasoner.more_general(a, b), reasoner.more_general(b, a)
            if a_gen and b_gen:
                problems.append(Problem("subsumed", b.id, f"has the same conditions and effects as {a.id} "
                                        f"({_effects_text(a)}): one of them is redundant"))
            elif a_gen:
                problems.append(Problem("subsumed", b.id, f"is subsumed by {a.id}: whenever it fires {a.id} "
                                        f"fires too, with the same effect ({_effects_text(a)})"))
            elif b_gen:
                problems.append(Problem("subsumed", a.id, f"is subsumed by {b.id}: whenever it fires {b.id} "
                                        f"fires too, with the same effect ({_effects_text(b)})"))
    return problems


def _support_and_against(rules: RuleBase, reasoner: _Reasoner) -> list[Problem]:
    problems: list[Problem] = []
    for shape in rules.shapes:
        both = {f for f, _ in shape.supports} & {f for f, _ in shape.against}
        for finding in sorted(both):
            problems.append(Problem("support-and-against", shape.id,
                                    f"both supports and argues against {finding}"))
    supporters: dict[str, list[RuleShape]] = {}
    for shape in rules.shapes:
        for finding, _ in shape.supports:
            supporters.setdefault(finding, []).append(shape)
    for shape in rules.shapes:
        for finding, _ in shape.against:
            for other in supporters.get(finding, []):
                if other.id == shape.id:
                    continue
                if reasoner.more_general(other, shape) and reasoner.more_general(shape, other):
                    problems.append(Problem("support-and-against", shape.id,
                                            f"argues against {finding} on the same condition on which "
                                            f"{other.id} supports it"))
    return problems


def _unconfirmable(rules: RuleBase, knowledge: KnowledgeView) -> list[Problem]:
    problems: list[Problem] = []
    for finding in knowledge.findings:
        confirm = [s.id for s in rules.shapes for f, cf in s.supports if f == finding and cf >= CONFIRMS]
        against = [s.id for s in rules.shapes for f, _ in s.against if f == finding]
        if not confirm and not against:
            problems.append(Problem("unconfirmable", finding,
                                    f"no rule can confirm it (support of at least {CONFIRMS:g}) and none "
                                    "argues against it"))
    return problems


def _unknown_findings(rules: RuleBase, knowledge: KnowledgeView) -> list[Problem]:
    return [Problem("unknown-finding", shape.id, f"concludes {finding}, which knowledge/findings.yaml does not "
                    "describe")
            for shape in rules.shapes for finding in sorted(shape.findings) if finding not in knowledge.findings]


def _unknown_safety_net_items(rules: RuleBase, knowledge: KnowledgeView) -> list[Problem]:
    if knowledge.safety_net is None:
        return []
    return [Problem("unknown-safety-net-item", shape.id, f"warns {item}, which knowledge/safety_net.yaml does "
                    "not describe")
            for shape in rules.shapes for item in shape.warns if item not in knowledge.safety_net]


def _claims(rules: RuleBase, knowledge: KnowledgeView) -> list[Problem]:
    problems: list[Problem] = []
    named: set[str] = set()
    for claim in knowledge.claims:
        if claim.status != "encoded":
            continue
        for rid in claim.rules:
            named.add(rid)
            if rid not in rules.by_id:
                problems.append(Problem("claims", claim.id, f"is marked encoded by {rid}, which is not a rule"))
    for shape in rules.shapes:
        docs = sorted({s.doc for s in shape.meta.sources if isinstance(s, DocSource)})
        if docs and shape.id not in named:
            problems.append(Problem("claims", shape.id, f"quotes {', '.join(docs)} but no encoded claim of "
                                    "knowledge/claims.yaml names it"))
    return problems


def _document_citations(rules: RuleBase, knowledge: KnowledgeView) -> list[Problem]:
    problems: list[Problem] = []
    for name in knowledge.docs:
        citing = [s.id for s in rules.shapes
                  if any(isinstance(src, DocSource) and src.doc == name for src in s.meta.sources)]
        if len(citing) < MIN_CITATIONS:
            problems.append(Problem("document-citations", name,
                                    f"is cited by {len(citing)} rule{'s' if len(citing) != 1 else ''}, "
                                    f"fewer than {MIN_CITATIONS}"))
    return problems


def _source_kinds(rules: RuleBase) -> list[Problem]:
    """Every outside reference's kind is known (knowledge/source_kinds.yaml, #25)."""
    from sorewhy.knowledge.source_kinds import OTHER, kind_of_url

    problems: list[Problem] = []
    for shape in rules.shapes:
        for src in shape.meta.sources:
            if not isinstance(src, DocSource) and kind_of_url(src.url) == OTHER:
                problems.append(Problem("source-kind", shape.id, f"cites {src.url}, whose host "
                                        "knowledge/source_kinds.yaml does not classify: add it with its kind"))
    return problems


def _mentions(shape: RuleShape) -> set[str]:
    """The finding ids a rule bears on: its effects, and literal values its
    conditions test (a conflict rule may match the findings another way)."""
    out = set(shape.findings)
    for cond in shape.conditions:
        if cond.name:
            out.add(cond.name)
        for t in cond.tests:
            out |= _literals(t.constraint)
    return out


def _literals(constraint: Any) -> set[str]:
    out = {constraint.value} if constraint.kind == "is" and isinstance(constraint.value, str) else set()
    for part in constraint.parts:
        out |= _literals(part)
    return out


def _advice_conflicts(rules: RuleBase, knowledge: KnowledgeView, pending: list[Problem]) -> list[Problem]:
    problems: list[Problem] = []
    concluded = {f for s in rules.shapes for f, _ in s.supports}
    conflict_rules = [s for s in rules.shapes if s.meta.topic == CONFLICT_TOPIC]
    for entry in knowledge.data.advice_conflicts:
        a, b = entry.findings
        stale = False
        for finding, phrase in zip(entry.findings, entry.advice, strict=True):
            advice = knowledge.findings.get(finding)
            if advice is None:
                problems.append(Problem("advice-conflict", entry.id, f"names {finding}, which is not a finding"))
                stale = True
            elif not any(phrase.lower() in text.lower() for text in advice):
                problems.append(Problem("advice-conflict", entry.id, f"quotes advice of {finding} that it no "
                                        f"longer has: {phrase!r}"))
                stale = True
        for rid in entry.resolved_by:
            if rid not in rules.by_id or rules[rid].meta.topic != CONFLICT_TOPIC:
                problems.append(Problem("advice-conflict", entry.id, f"is resolved by {rid}, which is not a "
                                        f"rule of the {CONFLICT_TOPIC} topic"))
                stale = True
        if stale or not {a, b} <= concluded:
            continue
        resolved = [s.id for s in conflict_rules if s.id in entry.resolved_by or {a, b} <= _mentions(s)]
        if resolved and entry.pending:
            problems.append(Problem("advice-conflict", entry.id, f"is marked pending but {', '.join(resolved)} "
                                    "resolves it: drop the pending note"))
        elif not resolved:
            text = (f"the advice of {a} ({entry.advice[0]!r}) and of {b} ({entry.advice[1]!r}) contradict "
                    f"and both can be concluded, but no {CONFLICT_TOPIC}.* rule resolves it: {entry.why}")
            if entry.pending:
                pending.append(Problem("advice-conflict", entry.id, f"{text} (pending: {entry.pending})"))
            else:
                problems.append(Problem("advice-conflict", entry.id, text))
    return problems


@dataclass(frozen=True)
class Result:
    problems: tuple[Problem, ...]
    pending: tuple[Problem, ...]
    allowed: tuple[tuple[Problem, str], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "problems": [p.as_dict() for p in self.problems],
            "pending": [p.as_dict() for p in self.pending],
            "allowed": [{**p.as_dict(), "reason": why} for p, why in self.allowed],
        }


def verify(rules: RuleBase, knowledge: KnowledgeView, vocab: Vocabulary) -> Result:
    """Run every check; intended findings (declared with a reason) are set apart."""
    reasoner = _Reasoner(rules, vocab)
    pending: list[Problem] = []
    found = [
        *_never_fires(rules, reasoner),
        *_subsumed(rules, reasoner),
        *_support_and_against(rules, reasoner),
        *_unconfirmable(rules, knowledge),
        *_unknown_findings(rules, knowledge),
        *_claims(rules, knowledge),
        *_document_citations(rules, knowledge),
        *_unknown_safety_net_items(rules, knowledge),
        *_advice_conflicts(rules, knowledge, pending),
        *_source_kinds(rules),
    ]
    allow: dict[tuple[str, str], str] = {(a.check, a.subject): a.reason for a in knowledge.data.allow}
    for shape in rules.shapes:
        for check, reason in shape.meta.allow:
            allow[(check, shape.id)] = reason
    problems: list[Problem] = []
    allowed: list[tuple[Problem, str]] = []
    used: set[tuple[str, str]] = set()
    for problem in found:
        why = allow.get((problem.check, problem.subject))
        if why is None:
            problems.append(problem)
        else:
            used.add((problem.check, problem.subject))
            allowed.append((problem, why))
    for check, subject in allow:
        if check not in CHECKS:
            problems.append(Problem("allow", subject, f"allows {check!r}, which is not a check "
                                    f"({', '.join(CHECKS)})"))
        elif (check, subject) not in used:
            problems.append(Problem("allow", subject, f"allows {check}, but that check finds nothing there: "
                                    "drop the allowance"))
    return Result(tuple(problems), tuple(pending), tuple(allowed))


def verify_shipped() -> Result:
    """Verify the shipped rule base."""

    return verify(rule_base(), shipped_knowledge(), shipped_vocabulary())

