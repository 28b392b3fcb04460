"""The derived matcher: the rule base compiled into Python generated from the
rules' shapes, the one path that decides which rules fire for evaluation,
traces and the interview.

The rules are Experta rules, and Experta's own matcher is the oracle this
one is proven against (``SOREWHY_MATCHER=experta`` runs everything on it).
This module derives a matcher from the same rule objects: nothing in it is
written per rule. It reads each rule through :mod:`sorewhy.engine.introspect`
(its conditions, field tests as data, the predicate callables behind ``test``
constraints) and generates the source of two functions, printed by
:meth:`DerivedRuleBase.source` (``python -m sorewhy.engine.derived`` prints
it for a reviewer). For the shipped rule base that source is a module of the
package, ``engine/_generated_matcher.py`` (``python -m sorewhy.engine.derived
--write`` writes it, ``--check`` says whether it is stale); it is used while
its ``STAMP`` is that of the rule base's files and of :data:`GENERATOR`, with
the values it names bound by :meth:`DerivedRuleBase._bindings`; any other
rule base (or a stale module) is generated and compiled in memory:

``match(person, labs, by_name, waiting)``
    For one profile's facts, every rule whose conditions on the person and the
    blood results hold, with its activations (the facts of each match), in
    the order Experta fires them; a rule that needs intermediate facts waits
    in `waiting` until they are declared.
``open_keys(person, given, fired, present, level, inferred)``
    The report's ``unknown``: what the reference walk computes, straight-line
    (the walk is a test oracle, tests/unknowns_oracle.py, and the
    tests compare the two).

:func:`lean_checks` gives a rule's field tests compiled the same way, for
what triggered a referral (engine/triggers.py).

How Experta orders firings, which :meth:`DerivedRuleBase.infer` replays
(experta/strategies.py, activation.py, engine.py and
:meth:`ExpertaEngine.run`): the agenda is sorted by ``(salience, fact ids
sorted descending)`` and the largest fires next. Every rule has its own
salience (rules/base.py), so rules fire in salience order and the
activations of one rule in the order of their fact ids (InitialFact 0, the
Person 1, blood results 2.. as given, each intermediate fact the next id when
it is declared). A firing that declares an intermediate fact activates the
rules that need it (all of a rule's matches at once, since an intermediate
fact is matched by its name alone) and removes the pending activations of the
rules that it blocks (``NOT(Inferred(...))``). Field tests are Experta's:
a literal ``L(x)`` passes when ``x == value``, ``P(f)`` when ``f(value)`` is
truthy, ``W()`` always, ``~``/``&``/``|`` negate, join and choose; a key the
fact lacks fails the test (these fact classes declare no defaults); a test
that raises propagates, as in Experta's matcher.

What it does not understand it refuses when it is built, with
:class:`DerivationError`: a pattern binding variables, NOT of several
patterns, nested accessors, a rule body that does something besides its
declared effects, an intermediate fact matched by anything but its name
(:attr:`RuleShape.unread`). ``tests/engine/test_derived.py`` proves the
derived path identical to Experta's own matcher, report byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import importlib
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sorewhy.engine.core import RunState, apply_firing, referral_level
from sorewhy.engine.experta_internals import initial_fact, make_fact, rule_method
from sorewhy.engine.introspect import LEVEL_RANK, Condition, Constraint, RuleBase, RuleShape, profile_key, rule_base
from sorewhy.errors import KnowledgeError
from sorewhy.rules.base import REGISTRY, Against, Inferred, Lab, Person, Refer, RuleMeta, Supports

__all__ = ["DerivationError", "DerivedRuleBase", "derived_rule_base", "lean_checks"]


class DerivationError(KnowledgeError):
    """A rule the derived matcher cannot reproduce exactly (raised when it is
    built), or facts of a shape it was not built for."""


_MISSING = object()


class _Source:
    """Lines of generated code and the values they refer to by name.

    `predicates` (id of a predicate callable -> its place in
    :func:`_predicates`'s order) names each predicate by that place,
    ``F<n>``, so that a module generated for a rule base can be bound to the
    predicates of that rule base without generating it again. `shared`: the
    source whose names this one extends (one module holds both)."""

    def __init__(self, predicates: Mapping[int, int] | None = None, shared: _Source | None = None) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = shared.names if shared is not None else {}
        self._by_id: dict[int, str] = shared._by_id if shared is not None else {}
        self.predicates: Mapping[int, int] | None = (
            predicates if predicates is not None else (shared.predicates if shared else None))

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def blocks(self, depth: int, blocks: Iterable[tuple[str | None, list[tuple[int, str]]]]) -> None:
        """Emit (guard, lines) blocks; consecutive blocks under the same guard
        share one ``if`` (the order of their lines is kept)."""
        previous: str | None = None
        for guard, lines in blocks:
            if guard is not None and guard != previous:
                self.emit(depth, f"if {guard}:")
            inner = depth + (guard is not None)
            for d, line in lines:
                self.emit(inner + d, line)
            previous = guard

    def value(self, obj: Any, prefix: str) -> str:
        """A global name for `obj` in the generated module (one per object);
        a predicate named by its place when the source has `predicates`."""
        name = self._by_id.get(id(obj))
        if name is None and prefix == "F" and self.predicates is not None and id(obj) in self.predicates:
            name = self._by_id[id(obj)] = f"F{self.predicates[id(obj)]}"
            self.names[name] = obj
        elif name is None:
            name = self._by_id[id(obj)] = f"{prefix}{len(self._by_id)}"
            self.names[name] = obj
        return name


def _expression(constraint: Constraint, var: str, src: _Source, rule_id: str) -> str:
    """Python for `constraint` applied to the value in `var` (present), with
    Experta's semantics and order of evaluation."""
    kind = constraint.kind
    if kind == "is":
        return f"({_literal(constraint.value) or src.value(constraint.value, 'K')} == {var})"
    if kind == "given":
        return "True"
    if kind == "test":
        if constraint.func is None:
            raise DerivationError(f"rule {rule_id}: a test constraint without its predicate")
        return f"{src.value(constraint.func, 'F')}({var})"
    if kind == "not":
        return f"(not {_expression(constraint.parts[0], var, src, rule_id)})"
    if kind in ("all", "any"):
        joiner = " and " if kind == "all" else " or "
        return "(" + joiner.join(_expression(p, var, src, rule_id) for p in constraint.parts) + ")"
    raise DerivationError(f"rule {rule_id}: a field constraint of kind {kind!r} cannot be derived")


def _literal(value: Any) -> str | None:
    """`value` as a Python literal that evaluates to an equal value of the
    same type (text, a whole number, a finite float, True, False, None), or
    None when it has none."""
    if value is None or type(value) in (str, int, bool) or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return None


def _predicates(shapes: Iterable[RuleShape]) -> list[Any]:
    """Every predicate callable of the rules' field tests (``P(...)``), each
    once, in one fixed order (the shapes in firing order, their conditions,
    tests and constraints depth first): ``F<n>`` of the generated code is the
    n-th."""
    out: dict[int, Any] = {}

    def walk(constraint: Constraint) -> None:
        if constraint.kind == "test" and constraint.func is not None:
            out.setdefault(id(constraint.func), constraint.func)
        for part in constraint.parts:
            walk(part)

    for shape in shapes:
        for c in shape.conditions:
            for t in c.tests:
                walk(t.constraint)
    return list(out.values())


_LEAN: dict[int, tuple[RuleShape, tuple[tuple[str, Any], ...]]] = {}


def lean_checks(shape: RuleShape) -> tuple[tuple[str, Any], ...]:
    """:attr:`RuleShape.checks` with each Experta field check replaced by the
    same test compiled (called as ``check(value, is_fact=False)``, truthy
    exactly when Experta's passes), without Experta's logging per call; a
    test that cannot be compiled keeps Experta's check. For what triggered a
    rule (engine/triggers.py), which tests each answer given on its own."""
    found = _LEAN.get(id(shape))
    if found is not None and found[0] is shape:
        return found[1]
    checks = []
    for test, (key, check) in zip(shape.person_tests, shape.checks, strict=True):
        src = _Source()
        try:
            expression = _expression(test.constraint, "v", src, shape.id)
        except DerivationError:
            checks.append((key, check))
            continue
        code = compile(f"lambda v, is_fact=False: bool({expression})", shape.id, "eval")
        checks.append((key, eval(code, {"M": _MISSING, **src.names})))  # noqa: S307 - generated from the shape
    out = tuple(checks)
    _LEAN[id(shape)] = (shape, out)
    return out


def _empty_pass(self: Any) -> None:
    pass


def _empty_doc(self: Any) -> None:
    """A docstring only."""


_EMPTY_CODES = frozenset((_empty_pass.__code__.co_code, _empty_doc.__code__.co_code))


def _body_is_empty(function: Any) -> bool:
    """Does a rule's method do nothing (a docstring or ``pass``)? Its effects
    are data; a body with code would do something the derived path cannot
    (no names read, no calls: the bytecode of an empty method)."""
    code = getattr(function, "__code__", None)
    return code is not None and code.co_code in _EMPTY_CODES and not code.co_names


def _method(rule_id: str) -> Any:
    rule = REGISTRY.get(rule_id)
    if rule is None:
        raise DerivationError(f"rule {rule_id}: no Experta rule of that id (rules/base.py REGISTRY)")
    return rule_method(rule)


class _Rule:
    """One rule as the agenda sees it: position in firing order (salience),
    the intermediate facts it needs and those that block it."""

    __slots__ = ("blocks", "initial", "meta", "needs", "pos")

    def __init__(self, pos: int, shape: RuleShape) -> None:
        self.pos = pos
        self.meta = shape.meta
        self.needs = shape.needs
        self.blocks = shape.blocked_by
        self.initial = shape.initial_fact


class DerivedRuleBase:
    """The rule base derived into generated code; build once per process.

    `rules` are rule metadata (the shipped rule base by default); `lab_names`
    maps a lab key to the name an unknown blood result is listed under, as for
    :class:`RuleBase`. With `check_bodies` (the default) every rule's method
    must be empty, its effects being all it does."""

    name = "derived"

    def __init__(self, rules: Iterable[RuleMeta] | None = None, lab_names: Mapping[str, str] | None = None,
                 check_bodies: bool = True) -> None:
        if rules is None:
            base = rule_base()
        else:
            base = RuleBase(rules, None, lab_names)
        self.base = base
        shapes = sorted(base.shapes, key=lambda s: -s.meta.salience)
        saliences = [s.meta.salience for s in shapes]
        if len(set(saliences)) != len(saliences):
            raise DerivationError("two rules share a salience: Experta would order them by hash, which "
                                  "cannot be derived")
        for shape in shapes:
            if shape.unread:
                raise DerivationError(f"rule {shape.id}: cannot be derived: {'; '.join(shape.unread)}")
            if check_bodies and not _body_is_empty(_method(shape.id)):
                raise DerivationError(f"rule {shape.id}: its method has a body; the derived matcher "
                                      "applies declared effects only")
            for c in shape.conditions:
                if c.kind == "inferred" and c.name is None:
                    raise DerivationError(f"rule {shape.id}: an Inferred condition without its name")
        self.shapes: tuple[RuleShape, ...] = tuple(shapes)
        self._rules = tuple(_Rule(n, s) for n, s in enumerate(shapes))
        self._metas = tuple(s.meta for s in shapes)
        self._needers: dict[str, tuple[int, ...]] = {}
        self._blockers: dict[str, tuple[int, ...]] = {}
        for r in self._rules:
            for what in r.needs:
                self._needers[what] = (*self._needers.get(what, ()), r.pos)
            for what in r.blocks:
                self._blockers[what] = (*self._blockers.get(what, ()), r.pos)
        self._initial = initial_fact()
        self._inferred: dict[str, Any] = {}
        self._funcs = _predicates(shapes)
        closure, self._reach_inline = self._reach_closure()
        self._reach_position = {rid: n for n, rid in enumerate(closure)}
        module = _generated_module() if rules is None else None
        if module is not None and self._stamp() == getattr(module, "STAMP", None):
            # The shipped rule base, generated into engine/_generated_matcher.py
            # (imported, so cached as bytecode and named in tracebacks): bind
            # the values it names and use its functions.
            vars(module).update(self._bindings())
            self._match, self._open_keys = module.match, module.open_keys
            self.generated: str | None = module.__name__
        else:
            self._match = self._compile(self._match_src, "match")
            self._open_keys = self._compile(self._unknown_src, "open_keys")
            self.generated = None

    # --- generation ---------------------------------------------------------------------

    @functools.cached_property
    def _match_src(self) -> _Source:
        return self._generate_match()

    @functools.cached_property
    def _unknown_src(self) -> _Source:
        return self._generate_unknown()

    def source(self) -> str:
        """The generated code, for a reviewer."""
        return "\n".join(self._match_src.lines + [""] + self._unknown_src.lines) + "\n"

    def _bindings(self) -> dict[str, Any]:
        """The values generated code names that are not literals: the
        predicates by place, the initial fact, the helpers it calls."""
        names: dict[str, Any] = {f"F{n}": f for n, f in enumerate(self._funcs)}
        names.update(M=_MISSING, INITIAL=self._initial, _ordered=_ordered, _combined=_combined,
                     reach=self._reach, LR=LEVEL_RANK, NO=(False, frozenset()))
        return names

    def _stamp(self) -> str:
        """What the generated module must have been generated from: this
        module's generator and the rule base's files (engine/provenance.py)."""
        from sorewhy.engine.provenance import rule_base_stamp

        return f"{GENERATOR} {rule_base_stamp()['sha256']}"

    def module_source(self) -> str:
        """engine/_generated_matcher.py for this rule base: the generated code
        with its literal tables and the stamp it is used under; the values
        that are not literals (:meth:`_bindings`) are bound when it is used.
        Refuses (DerivationError) a rule base whose code names other values."""
        source = self.source()
        bound = set(self._bindings())
        tables = []
        for name, value in sorted(self._match_src.names.items()):
            if name in bound:
                continue
            text = _table_literal(value)
            if text is None:
                raise DerivationError(f"the generated code names {name} = {value!r}, which has no literal: "
                                      "it cannot be written as a module")
            tables.append(f"{name} = {text}")
        header = (
            '"""The derived matcher of the shipped rule base, generated: do not edit.\n\n'
            "Written by ``python -m sorewhy.engine.derived --write`` from the rules\n"
            "(engine/derived.py reads them and generates this code); a test regenerates\n"
            "it and fails if it differs. Used only while STAMP is that of the rule\n"
            "base's files and the generator; otherwise the matcher is generated in\n"
            "memory. The predicates (F<n>), the initial fact and the helpers are bound\n"
            'by DerivedRuleBase when it loads this module."""\n\n'
            "# ruff: noqa\n"
            "# fmt: off\n\n"
            f"STAMP = {self._stamp()!r}\n"
            f"DIGEST = {hashlib.sha256(source.encode()).hexdigest()!r}\n"
        )
        return header + ("\n".join(tables) + "\n" if tables else "") + "\n\n" + \
            source.replace("\ndef open_keys(", "\n\ndef open_keys(")

    def _compile(self, src: _Source, name: str) -> Any:
        namespace: dict[str, Any] = {**src.names, **self._bindings()}
        # Compiled in every process that builds the matcher: nothing compiled
        # is kept between runs (no file another could edit is ever executed).
        code = compile("\n".join(src.lines) + "\n", f"<sorewhy derived {name}>", "exec")
        exec(code, namespace)  # noqa: S102 - code generated here, from the rule shapes
        return namespace[name]

    @staticmethod
    def _person_keys(shapes: Sequence[RuleShape]) -> list[str]:
        keys: list[str] = []
        for shape in shapes:
            for c in shape.conditions:
                if c.kind == "person":
                    keys.extend(t.key for t in c.tests if t.key not in keys)
        return keys

    def _generate_match(self) -> _Source:
        src = _Source({id(f): n for n, f in enumerate(self._funcs)})
        keys = self._person_keys(self.shapes)
        var = {key: f"v{n}" for n, key in enumerate(keys)}
        src.emit(0, "def match(person, labs, by_name, waiting):")
        src.emit(1, '"""(position, activations) of each rule whose conditions on the person and the')
        src.emit(1, 'blood results hold, in firing order; an activation is (fact ids sorted')
        src.emit(1, 'descending, facts). A rule that needs intermediate facts waits for them in')
        src.emit(1, '`waiting` (position -> activations)."""')
        src.emit(1, "out = []")
        src.emit(1, "add = out.append")
        src.emit(1, "get = person.get")
        for key in keys:
            src.emit(1, f"{var[key]} = get({key!r}, M)")
        src.emit(1, "P = (((1,), (person,)),)")
        src.blocks(1, (self._rule_block(src, pos, shape, var) for pos, shape in enumerate(self.shapes)))
        src.emit(1, "return out")
        return src

    def _person_test(self, c: Condition, var: Mapping[str, str], src: _Source, rule_id: str,
                     known: str | None = None) -> str:
        """Python for a person condition's tests (`known`: a key the guard
        already found present)."""
        parts = [_expression(t.constraint, var[t.key], src, rule_id) if t.key == known else
                 f"({var[t.key]} is not M and {_expression(t.constraint, var[t.key], src, rule_id)})"
                 for t in c.tests]
        return " and ".join(parts) if parts else "True"

    def _lab_test(self, c: Condition, fact: str, src: _Source, rule_id: str) -> str:
        parts = []
        for t in c.tests:
            value = f"{fact}.get({t.key!r}, M)"
            parts.append(f"(({'_v'} := {value}) is not M and {_expression(t.constraint, '_v', src, rule_id)})")
        return " and ".join(parts) if parts else "True"

    def _lab_source(self, c: Condition) -> str:
        return f"by_name.get({c.name!r}, ())" if c.name is not None else "labs"

    def _rule_block(self, src: _Source, pos: int, shape: RuleShape,
                    var: Mapping[str, str]) -> tuple[str | None, list[tuple[int, str]]]:
        """One rule's code in match(): (guard, lines). The guard is that the
        key of its first person test is given, shared with the rules next to it."""
        rid = shape.id
        lines: list[tuple[int, str]] = [(0, f"# {rid}")]

        def add(acts: str) -> str:
            return f"waiting[{pos}] = {acts}" if shape.needs else f"add(({pos}, {acts}))"

        person = [c for c in shape.conditions if c.kind == "person" and not c.negated]
        labs = [c for c in shape.conditions if c.kind == "lab" and not c.negated]
        known = next((c.tests[0].key for c in person if c.tests), None)
        guard = f"{var[known]} is not M" if known is not None else None
        if labs and labs[0].name is not None:
            guard = f"{labs[0].name!r} in by_name"  # no blood result of that name: no match
            known = None
        guards = [self._person_test(c, var, src, rid, known) for c in person]
        for c in shape.conditions:
            if c.negated and c.kind == "person":
                guards.append(f"not ({self._person_test(c, var, src, rid)})")
            elif c.negated and c.kind == "lab":
                test = self._lab_test(c, "_f", src, rid)
                guards.append(f"not any({test} for _i, _f in {self._lab_source(c)})")
        condition = " and ".join(guards) if guards else "True"
        extra_ids = ((0,) if shape.initial_fact else ())
        extra_facts: tuple[str, ...] = ("INITIAL",) if shape.initial_fact else ()
        if not labs:
            if not person and not extra_ids:
                acts = "(((), ()),)"  # only intermediate facts (added when they are declared)
            elif extra_ids:
                ids = "(1, 0)" if person else "(0,)"
                facts = f"(person, {extra_facts[0]})" if person else f"({extra_facts[0]},)"
                acts = f"(({ids}, {facts}),)"
            else:
                acts = "P"
            lines += [(0, f"if {condition}:"), (1, add(acts))]
            return guard, lines
        # One or more blood-result conditions: every combination of matching
        # facts, as Experta joins them.
        depth = 0
        if guards:
            lines.append((depth, f"if {condition}:"))
            depth += 1
        lines.append((depth, "c = []"))
        for n, c in enumerate(labs):
            lines.append((depth, f"for i{n}, f{n} in {self._lab_source(c)}:"))
            depth += 1
            lines.append((depth, f"if {self._lab_test(c, f'f{n}', src, rid)}:"))
            depth += 1
        ids = ", ".join([f"i{n}" for n in range(len(labs))] + (["1"] if person else []) + [str(i) for i in extra_ids])
        facts = ", ".join([f"f{n}" for n in range(len(labs))] + (["person"] if person else []) + list(extra_facts))
        if len(labs) == 1:
            lines.append((depth, f"c.append((({ids},), ({facts},)))"))
        else:
            lines.append((depth, f"c.append(_combined(({ids},), ({facts},)))"))
        depth -= 2 * len(labs)
        lines.append((depth, "if c:"))
        lines.append((depth + 1, add("c if len(c) == 1 else _ordered(c)")))
        return guard, lines

    # --- the unknowns, generated -------------------------------------------------------------

    def _generate_unknown(self) -> _Source:
        src = _Source(shared=self._match_src)
        base = self.base
        shapes = base.shapes  # the reference walk walks them in this order
        keys = self._person_keys(shapes)
        var = {key: f"v{n}" for n, key in enumerate(keys)}
        names: list[str] = []
        for shape in shapes:
            for k, _ in shape.checks:
                if profile_key(k) not in names:
                    names.append(profile_key(k))
            for lab in shape.labs:
                name = f"labs.{base.lab_names.get(lab, lab)}"
                if name not in names:
                    names.append(name)
        index = {name: n for n, name in enumerate(names)}
        self._key_names = tuple(names)
        self._key_index = index
        src.names["NAMES"] = tuple((name.startswith("labs."), name) for name in names)
        src.emit(0, "def open_keys(person, given, fired, present, level, inferred):")
        src.emit(1, '"""The report\'s unknown: the reference walk (tests/unknowns_oracle.py), derived."""')
        src.emit(1, f"s = [0.0] * {len(names)}")
        src.emit(1, "get = person.get")
        for key in keys:
            src.emit(1, f"{var[key]} = get({key!r}, M)")
        if self._reach_inline:
            for n in range(len(self._reach_position)):
                src.emit(1, f"R{n} = None")
        else:
            src.emit(1, "memo = {}")
        src.emit(1, "rank = LR[level]")
        blocks = (self._open_block(src, shape, var, index) for shape in shapes)
        src.blocks(1, (b for b in blocks if b is not None))
        src.emit(1, "ranked = sorted([(NAMES[n][0], -w, NAMES[n][1]) for n, w in enumerate(s) if w > 0])")
        src.emit(1, "return [name for _, _, name in ranked]")
        return src

    @staticmethod
    def _weight(shape: RuleShape, src: _Source) -> tuple[str | None, bool]:
        """The rule's weight in open_keys as Python (None when it is never
        above zero), and whether it is always above zero. Summed as the reference walk sums it (from 0.0, in
        the order of the effects), so the floats are the same: a constant when
        it depends on nothing, one constant per referral level when it depends
        on that only, else an expression."""
        def summed(rank: int, present: Any) -> float:
            weight = 0.0
            for effect in shape.meta.effects:
                if isinstance(effect, Refer):
                    if LEVEL_RANK[effect.level] > rank:
                        weight += {"urgent": 10.0, "see_doctor": 2.0}.get(effect.level, 0.0)
                elif isinstance(effect, Against):
                    if effect.finding in present:
                        weight += effect.cf
                elif isinstance(effect, Supports):
                    weight += effect.cf
            return weight

        if any(isinstance(e, Against) for e in shape.meta.effects):
            terms = []
            for effect in shape.meta.effects:
                if isinstance(effect, Refer):
                    w = {"urgent": 10.0, "see_doctor": 2.0}.get(effect.level, 0.0)
                    terms.append(f"({w!r} if rank < {LEVEL_RANK[effect.level]} else 0.0)")
                elif isinstance(effect, Against):
                    terms.append(f"({effect.cf!r} if {effect.finding!r} in present else 0.0)")
                elif isinstance(effect, Supports):
                    terms.append(repr(effect.cf))
            return "0.0 + " + " + ".join(terms), False
        by_rank = tuple(summed(rank, ()) for rank in sorted(LEVEL_RANK.values()))
        if max(by_rank) <= 0:
            return None, False
        if len(set(by_rank)) == 1:
            return repr(by_rank[0]), by_rank[0] > 0
        return f"{src.value(by_rank, 'W')}[rank]", min(by_rank) > 0

    def _open_block(self, src: _Source, shape: RuleShape, var: Mapping[str, str],
                    index: Mapping[str, int]) -> tuple[str | None, list[tuple[int, str]]] | None:
        """One rule's code in open_keys(): (guard, lines), or None when it can
        never count (it weighs nothing, or tests nothing a person could give)."""
        rid = shape.id
        weight, positive = self._weight(shape, src)
        if weight is None:
            return None  # weighs nothing: never counted
        lines: list[tuple[int, str]] = [(0, f"# {rid}")]
        if shape.needs:
            lines += [(0, f"if {rid!r} not in fired:"), (1, f"w = {weight}"), (1, "if w > 0:")]
            if self._reach_inline:
                # Generated: no rule reaches itself through intermediate facts,
                # so what a rule can reach depends on the profile only.
                n = self._reach_position[rid]
                lines += self._ensure_reach(rid, 2, src, var, index)
                lines += [(2, f"if R{n}[0]:"), (3, f"for k in R{n}[1]:"), (4, "s[k] += w")]
            else:
                # A cycle: the reference's own recursion, in its order.
                lines += [(2, f"ok, ks = reach({rid!r}, person, given, inferred, memo)"), (2, "if ok:"),
                          (3, "for k in ks:"), (4, "s[IDX[k]] += w")]
                src.names["IDX"] = index
            return None, lines
        # No intermediate fact: the rule counts only with a key unknown, so it
        # cannot have fired; every known key must pass its test.
        person_keys: list[str] = []
        for key, _ in shape.checks:
            if key not in person_keys:
                person_keys.append(key)
        lab_names: list[str] = []
        for lab in shape.labs:
            name = f"labs.{self.base.lab_names.get(lab, lab)}"
            if name not in lab_names:
                lab_names.append(name)
        if not person_keys and not lab_names:
            return None  # nothing to ask
        if shape.labs:
            guard = " and ".join(f"{lab!r} not in given" for lab in dict.fromkeys(shape.labs))
        else:
            guard = " or ".join(f"{var[k]} is M" for k in person_keys)
        depth = 0
        if shape.labs or len(person_keys) > 1:  # else the guard says the one key is unknown
            tests = [f"({var[t.key]} is M or {_expression(t.constraint, var[t.key], src, rid)})"
                     for t in shape.person_tests]
            if tests:
                lines.append((depth, f"if {' and '.join(tests)}:"))
                depth += 1
        if weight[0].isdigit():
            w = weight
        else:
            lines.append((depth, f"w = {weight}"))
            w = "w"
            if not positive:
                lines.append((depth, "if w > 0:"))
                depth += 1
        for key in person_keys:
            if shape.labs or len(person_keys) > 1:
                lines += [(depth, f"if {var[key]} is M:"), (depth + 1, f"s[{index[profile_key(key)]}] += {w}")]
            else:
                lines.append((depth, f"s[{index[profile_key(key)]}] += {w}"))
        for name in lab_names:
            lines.append((depth, f"s[{index[name]}] += {w}"))
        return guard, lines

    def _reach_closure(self) -> tuple[list[str], bool]:
        """The rules whose reach open_keys may ask for (those needing
        intermediate facts and, through them, the rules asserting those), and
        whether none of them reaches itself."""
        base = self.base
        order: list[str] = []
        state: dict[str, int] = {}  # 1 visiting, 2 done
        acyclic = True

        def visit(rid: str) -> None:
            nonlocal acyclic
            if state.get(rid) == 2:
                return
            if state.get(rid) == 1:
                acyclic = False
                return
            state[rid] = 1
            for what in base.by_id[rid].needs:
                for other in base.asserters(what):
                    visit(other)
            state[rid] = 2
            order.append(rid)

        for shape in base.shapes:
            if shape.needs:
                visit(shape.id)
        return order, acyclic

    def _ensure_reach(self, rid: str, depth: int, src: _Source, var: Mapping[str, str],
                      index: Mapping[str, int]) -> list[tuple[int, str]]:
        """Lines that compute ``R<n>``, what the reference walk's reachable()
        gives for rule `rid` — (False, ()) or (True, the indices of its
        unknown keys) — unless it is computed already for this profile."""
        base = self.base
        shape = base.by_id[rid]
        n = self._reach_position[rid]
        lines: list[tuple[int, str]] = [(depth, f"if R{n} is None:"), (depth + 1, f"R{n} = NO")]
        conds = [f"({var[t.key]} is M or {_expression(t.constraint, var[t.key], src, rid)})"
                 for t in shape.person_tests]
        conds += [f"{lab!r} not in given" for lab in dict.fromkeys(shape.labs)]
        d = depth + 1
        if conds:
            lines.append((d, f"if {' and '.join(conds)}:"))
            d += 1
        lines.append((d, f"k{n} = set()"))
        for key in dict.fromkeys(t.key for t in shape.person_tests):
            lines += [(d, f"if {var[key]} is M:"), (d + 1, f"k{n}.add({index[profile_key(key)]})")]
        for lab in dict.fromkeys(shape.labs):
            lines.append((d, f"k{n}.add({index[f'labs.{base.lab_names.get(lab, lab)}']})"))
        lines.append((d, f"ok{n} = True"))
        for what in shape.needs:
            asserters = base.asserters(what)
            lines.append((d, f"if ok{n} and {what!r} not in inferred:"))
            for other in asserters:
                lines += self._ensure_reach(other, d + 1, src, var, index)
            options = [f"R{self._reach_position[o]}" for o in asserters]
            if options:
                lines.append((d + 1, f"if {' or '.join(f'{o}[0]' for o in options)}:"))
                for o in options:
                    lines += [(d + 2, f"if {o}[0]:"), (d + 3, f"k{n} |= {o}[1]")]
                lines += [(d + 1, "else:"), (d + 2, f"ok{n} = False")]
            else:
                lines.append((d + 1, f"ok{n} = False"))
        lines += [(d, f"if ok{n}:"), (d + 1, f"R{n} = (True, k{n})")]
        return lines

    @functools.cached_property
    def _plans(self) -> dict[str, tuple[Any, ...]]:
        """For :meth:`_reach`, per rule: its positive person tests compiled
        (key, test, profile key), its blood results (key, name when unknown)
        and its intermediate facts with their asserters."""
        base = self.base
        plans = {}
        for shape in base.shapes:
            # The same compiled tests as what triggered a rule reads (every shape here
            # was derived, so none falls back to Experta's check).
            tests = [(key, check, profile_key(key)) for key, check in lean_checks(shape)]
            labs = tuple((lab, f"labs.{base.lab_names.get(lab, lab)}") for lab in shape.labs)
            needs = tuple((what, base.asserters(what)) for what in shape.needs)
            plans[shape.id] = (tuple(tests), labs, needs)
        return plans

    def _reach(self, rule_id: str, person: Mapping[str, Any], given: Any, inferred: Any,
               memo: dict[str, tuple[bool, frozenset[str]]]) -> tuple[bool, frozenset[str]]:
        """The reference walk's reachable(), for the rules that need
        intermediate facts (and those asserting them): the same recursion and
        memo, so the same answer in the same order."""
        found = memo.get(rule_id)
        if found is not None:
            return found
        tests, labs, needs = self._plans[rule_id]
        no: tuple[bool, frozenset[str]] = (False, frozenset())
        memo[rule_id] = no  # guards against cycles
        keys: set[str] = set()
        for key, test, name in tests:
            value = person.get(key, _MISSING)
            if value is _MISSING:
                keys.add(name)
            elif not test(value):
                return no
        for lab, name in labs:
            if lab in given:
                return no
            keys.add(name)
        for what, asserters in needs:
            if what in inferred:
                continue
            options = []
            for other in asserters:
                option = self._reach(other, person, given, inferred, memo)
                if option[0]:
                    options.append(option)
            if not options:
                return no
            for _, more in options:
                keys |= more
        memo[rule_id] = found = (True, frozenset(keys))
        return found

    # --- running ----------------------------------------------------------------------------

    def infer(self, facts: Sequence[Any], trace: bool = False) -> RunState:
        """The RunState Experta's matcher gives for `facts` (a Person and its
        Lab facts, :func:`~sorewhy.engine.core.profile_facts`); with `trace`,
        every firing is recorded in its ``steps``, as Experta's run records it."""
        if not facts or type(facts[0]) is not Person:
            raise DerivationError("the derived matcher needs the Person fact first")
        person = facts[0]
        labs = []
        by_name: dict[Any, list[tuple[int, Any]]] = {}
        fid = 2
        for fact in facts[1:]:
            if type(fact) is not Lab:
                raise DerivationError(f"the derived matcher reads Person and Lab facts, not {type(fact).__name__}")
            name = fact.get("name")
            same = by_name.get(name)
            if same is not None and any(_same_fact(fact, other) for _, other in same):
                continue  # Experta's fact list keeps one of equal facts
            entry = (fid, fact)
            labs.append(entry)
            by_name.setdefault(name, []).append(entry)
            fid += 1
        state = RunState(steps=[] if trace else None)
        waiting: dict[int, Any] = {}
        declared = self._run(state, self._match(person, labs, by_name, waiting), waiting)
        if state.steps:
            # A step lists its facts in the order they were declared (the
            # Person, the blood results as given, then each intermediate fact
            # as asserted), as a trace of Experta's run does by fact id.
            order = {id(person): 1, **{id(f): i for i, f in labs}}
            for n, fact in enumerate(declared.values(), start=fid):
                order[id(fact)] = n
            for step in state.steps:
                step.facts = tuple(sorted(step.facts, key=lambda f: order.get(id(f), fid + len(declared))))
        return state

    def _run(self, state: RunState, active: list[tuple[int, Any]], waiting: dict[int, Any]) -> dict[str, Any]:
        """Fire as Experta's agenda would: `active` (ascending positions, the
        rules active from the start) merged with `later`, a heap of the rules
        activated by intermediate facts declared on the way. Returns the
        intermediate facts declared, in the order they were."""
        metas = self._metas
        later: list[tuple[int, Any, int, tuple[Any, ...]]] = []
        dead: set[int] = set()
        declared: dict[str, Any] = {}
        for pos, acts in active:
            while later and later[0][0] < pos:
                self._fire(state, *heapq.heappop(later), declared, dead, waiting, later)
            if pos in dead:
                continue
            if len(acts) == 1:  # most rules: one match, nothing to interleave
                new = apply_firing(state, metas[pos], acts[0][1])
                if new:
                    self._declare(new, declared, dead, waiting, later)
            else:
                self._fire(state, pos, acts, 0, (), declared, dead, waiting, later)
        while later:
            self._fire(state, *heapq.heappop(later), declared, dead, waiting, later)
        return declared

    def _fire(self, state: RunState, pos: int, acts: Any, i: int, extra: tuple[Any, ...], declared: dict[str, Any],
              dead: set[int], waiting: dict[int, Any], later: list[tuple[int, Any, int, tuple[Any, ...]]]) -> None:
        """Fire the matches of one rule from the `i`-th on (`extra`: the
        intermediate facts each includes), until a rule of higher salience
        becomes active or the rule is blocked."""
        if pos in dead:
            return
        meta = self._metas[pos]
        count = len(acts)
        while i < count:
            facts = acts[i][1]
            i += 1
            new = apply_firing(state, meta, facts + extra if extra else facts)
            if new and self._declare(new, declared, dead, waiting, later):
                if pos in dead:
                    return  # its own firing blocked the rest of its matches
                if i < count and later and later[0][0] < pos:
                    heapq.heappush(later, (pos, acts, i, extra))  # a rule of higher salience goes first
                    return

    def _declare(self, new: list[str], declared: dict[str, Any], dead: set[int],
                 waiting: dict[int, Any], later: list[tuple[int, Any, int, tuple[Any, ...]]]) -> bool:
        """Declare intermediate facts: the rules they block lose their pending
        matches, the rules waiting for them become active (with the facts as
        part of every match). True when anything changed."""
        rules = self._rules
        inferred = self._inferred
        for what in new:
            fact = inferred.get(what)
            if fact is None:
                fact = inferred[what] = make_fact(Inferred, {"what": what})
            declared[what] = fact
        changed = False
        for what in new:
            blocked = self._blockers.get(what)
            if blocked:
                dead.update(blocked)
                changed = True
            for p in self._needers.get(what, ()):
                rule = rules[p]
                if p in waiting and p not in dead and all(w in declared for w in rule.needs) \
                        and not any(b in declared for b in rule.blocks):
                    heapq.heappush(later, (p, waiting.pop(p), 0, tuple(declared[w] for w in rule.needs)))
                    changed = True
        return changed

    def unknown(self, person: Mapping[str, Any], state: RunState, labs_given: Iterable[str]) -> list[str]:
        """The report's ``unknown`` for a run: what
        ``open_keys(base, person, state.fired, state.support, state.inferred,
        level, labs_given)`` gives, derived."""

        given = labs_given if isinstance(labs_given, (set, frozenset)) else set(labs_given)
        return self._open_keys(person, given, set(state.fired), state.support, referral_level(state),
                               state.inferred)


def _same_fact(a: Any, b: Any) -> bool:
    """Equal as Experta's fact list tells facts apart (class and items but its own)."""
    return type(a) is type(b) and {k: v for k, v in a.items() if not str(k).startswith("__")} == \
        {k: v for k, v in b.items() if not str(k).startswith("__")}


def _combined(ids: tuple[int, ...], facts: tuple[Any, ...]) -> tuple[tuple[int, ...], tuple[Any, ...]]:
    """One match of several conditions: its distinct facts, and their ids
    sorted descending (Experta's activation holds a set of facts)."""
    seen: dict[int, Any] = {}
    for i, f in zip(ids, facts, strict=True):
        seen.setdefault(i, f)
    order = sorted(seen, reverse=True)
    return tuple(order), tuple(seen[i] for i in order)


def _ordered(acts: list[tuple[tuple[int, ...], tuple[Any, ...]]]) -> list[tuple[tuple[int, ...], tuple[Any, ...]]]:
    """Activations of one rule in firing order: the largest fact ids first;
    matches of the same facts fire as one (the second changes nothing)."""
    out: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[Any, ...]]] = {}
    for ids, facts in acts:
        key = tuple(sorted(ids, reverse=True))
        out.setdefault(key, (key, facts))
    return [out[k] for k in sorted(out, reverse=True)]


def _table_literal(value: Any) -> str | None:
    """A literal for a table the generated code reads (NAMES, IDX, a constant)."""
    text = _literal(value)
    if text is not None:
        return text
    if type(value) in (tuple, list) and all(_table_literal(v) is not None for v in value):
        items = ", ".join(_table_literal(v) or "" for v in value)
        return f"({items},)" if type(value) is tuple and len(value) == 1 else \
            (f"({items})" if type(value) is tuple else f"[{items}]")
    if type(value) is dict and all(_literal(k) is not None and _table_literal(v) is not None
                                   for k, v in value.items()):
        return "{" + ", ".join(f"{_literal(k)}: {_table_literal(v)}" for k, v in value.items()) + "}"
    return None


GENERATOR = "derived-1"
"""The generator's version, part of the generated module's STAMP: change it
when a change of the generator changes the code it generates."""
GENERATED = "sorewhy.engine._generated_matcher"
GENERATED_FILE = Path(__file__).with_name("_generated_matcher.py")


def _generated_module() -> Any:
    """engine/_generated_matcher.py, imported, or None when there is none."""
    try:
        return sys.modules.get(GENERATED) or importlib.import_module(GENERATED)
    except ImportError:
        return None


@functools.cache
def derived_rule_base() -> DerivedRuleBase:
    """The shipped rule base, derived once per process."""
    return DerivedRuleBase()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sorewhy.engine.derived``: print the generated code;
    ``--write``: write it as engine/_generated_matcher.py; ``--check``:
    exit 1 if that file is not what --write would write."""
    args = list(sys.argv[1:] if argv is None else argv)
    base = DerivedRuleBase()
    text = base.module_source()
    if args == ["--write"]:
        GENERATED_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {GENERATED_FILE}")
        return 0
    if args == ["--check"]:
        current = GENERATED_FILE.read_text(encoding="utf-8") if GENERATED_FILE.exists() else ""
        if current != text:
            print(f"{GENERATED_FILE} is stale: run python -m sorewhy.engine.derived --write", file=sys.stderr)
            return 1
        return 0
    if args:
        print("usage: python -m sorewhy.engine.derived [--write | --check]", file=sys.stderr)
        return 2
    print(base.source(), end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
