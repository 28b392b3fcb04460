"""Every use of Experta's internals, in one module.

sorewhy runs on Experta 1.9.4, pinned in pyproject.toml (its last release).
Beyond Experta's public API (facts, rules, conditional elements, field
constraints, which :mod:`sorewhy.compat` re-exports for the rule
modules) sorewhy relies on parts Experta does not promise to keep:

1. **The import.** Experta 1.9.4 pins ``frozendict==1.2``, which subclasses
   ``collections.Mapping``, an alias Python 3.10 removed: a plain ``import
   experta`` fails. :mod:`sorewhy.compat` imports it once with the alias put
   back for the length of that import only (and ``logging.basicConfig`` muted).
2. **The run.** :class:`ExpertaEngine` resets the agenda, fact list and
   matcher itself, declares a profile's facts with the initial fact in one
   pass through the private ``KnowledgeEngine.__declare``
   (``_KnowledgeEngine__declare``), runs Experta's loop without its per-firing
   log line, and passes activations' contexts on without Experta's ``__``
   keys. :func:`make_fact` builds a fact without Experta's ``freeze()`` by
   setting the private ``Fact.__defaults`` (``_Fact__defaults``).
3. **Reading patterns.** :func:`field_check` builds Experta's own field check
   (``FeatureCheck``), :func:`pattern_fields` reads a pattern's fields and
   :func:`field_defaults` a fact class's declared fields, for
   :mod:`sorewhy.engine.introspect`; :func:`rule_method` finds the method a
   rule runs (``Rule._wrapped``) and :func:`initial_fact` makes Experta's
   ``InitialFact``, for the matcher derived from the rule shapes
   (:mod:`sorewhy.engine.derived`, which matches without Experta's network:
   it is built from what introspect reads and proven against Experta's
   matcher).
4. **The lean matcher** (below): Experta's Rete network with its nodes swapped
   for lean twins; it relies on the node classes, their memories and
   callbacks, the token layout ``(tag, data, context)`` and ``ChildNode``.

:func:`check_assumptions` tests every private name and layout the module
relies on, and runs at import: if the installed Experta is not the pinned one
or any of them changed, importing sorewhy's engine fails at once with
:class:`ExpertaChanged`, naming what changed, instead of answering wrongly.
``tests/engine/test_experta_internals.py`` checks each assumption behaves as
assumed.

The lean matcher
----------------
A faster drop-in for Experta's Rete matcher, with the same network and the
same answers. Traces, the interview and ``SOREWHY_MATCHER=rete`` run on it;
batch evaluation runs on the derived matcher (engine/derived.py), several
times faster again, and ``SOREWHY_MATCHER=experta`` puts everything on
Experta's own matcher and strategy.

Experta's `ReteMatcher` spends most of a small run on bookkeeping rather than
on matching: every node copies the token it receives (building it anew through
a constructor full of assertions), every test formats or filters a log call,
`changes()` asks every rule's conflict-set node for activations after every
firing, and `reset()` walks the whole network recursively, visiting shared
nodes once per path.

`FastReteMatcher` builds exactly Experta's network (it *is* a `ReteMatcher`)
and then swaps each node for a leaner twin of the same class that computes the
same thing:

- a node creates a new token only when it changes one; a node that merely
  passes a token on passes the object it received (no node here ever changes
  a token it was given, so sharing is safe);
- field tests on a plain key are compiled to a direct lookup and the same
  comparison, without logging;
- conflict-set nodes report themselves when they receive a token, and
  `changes()` reads only those, in the network's own order;
- `reset()` wipes each node that has memory once, from a flat list.

Anything the fast twins do not know (a node class or a check type Experta may
add) is left as Experta built it. `tests/engine/test_matcher.py` runs the rule
fixtures and thousands of random profiles through both matchers and compares
the reports, traces and firing order.

`FastDepthStrategy` is Experta's depth strategy without the `lru_cache` on
`get_key`, whose cache lookups hash every activation's rule and facts and cost
more than computing the key.
"""

from __future__ import annotations

import inspect
import math
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sorewhy.compat import experta
from sorewhy.errors import SorewhyError

PINNED = "1.9.4"
"""The Experta release every assumption below was checked against."""


class ExpertaChanged(SorewhyError, ImportError):
    """The installed Experta is not the one sorewhy was built and tested on."""


# --- what sorewhy assumes of Experta -------------------------------------------------------


def _has(obj: Any, *names: str) -> bool:
    return all(hasattr(obj, n) for n in names)


def _fact_layout(e: Any) -> bool:
    """A fact keeps its defaults in ``_Fact__defaults`` and is numbered in
    ``__factid__`` when declared."""
    fact = e.Fact(a=1)
    e.factlist.FactList().declare(fact)
    return "_Fact__defaults" in vars(fact) and isinstance(fact.get("__factid__"), int) \
        and hasattr(e.Fact, "__fields__")


def _nodes(e: Any) -> bool:
    """The Rete nodes have the methods the lean twins override and the
    attributes they read."""
    nodes = e.matchers.rete.nodes

    def test(*args: Any) -> bool:
        return True

    made = [nodes.BusNode(), nodes.FeatureTesterNode(test), nodes.WhereNode(test),
            nodes.OrdinaryMatchNode(test), nodes.NotNode(test)]
    return (
        all(isinstance(n.children, list) for n in made)
        and all(n.matcher is test for n in made[1:])
        and _has(nodes.BusNode, "add", "remove")
        and _has(nodes.FeatureTesterNode, "activate")
        and _has(nodes.WhereNode, "activate")
        and _has(nodes.OrdinaryMatchNode, "activate_left", "activate_right")
        and _has(made[3], "left_memory", "right_memory")
        and _has(nodes.NotNode, "activate_left", "activate_right")
        and _has(made[4], "left_memory", "right_memory")
        and _has(nodes.ConflictSetNode, "activate", "get_activations", "_reset")
        and _has(e.matchers.rete.mixins.NoMemory, "_reset")
    )


def _params(func: Any) -> list[str]:
    return list(inspect.signature(func).parameters)


ASSUMPTIONS: tuple[tuple[str, Callable[[Any], bool]], ...] = (
    (f"experta.__version__ == {PINNED!r}", lambda e: getattr(e, "__version__", None) == PINNED),
    ("KnowledgeEngine._KnowledgeEngine__declare(self, *facts)",
     lambda e: _params(e.KnowledgeEngine._KnowledgeEngine__declare) == ["self", "facts"]),
    ("KnowledgeEngine has agenda, facts, matcher, strategy, running, get_activations, get_deffacts",
     lambda e: _has(e.KnowledgeEngine, "get_activations", "get_deffacts", "declare", "run")
     and {"__matcher__", "__strategy__"} <= set(vars(e.KnowledgeEngine))),
    ("Fact keeps its defaults in _Fact__defaults, its number in __factid__, its fields in __fields__",
     _fact_layout),
    ("Token is a tuple (tag, data, context) with TagType VALID/INVALID",
     lambda e: e.matchers.rete.token.Token._fields == ("tag", "data", "context")
     and _has(e.matchers.rete.token.Token.TagType, "VALID", "INVALID")),
    ("ChildNode is (node, callback)", lambda e: e.matchers.rete.mixins.ChildNode._fields == ("node", "callback")),
    ("FeatureCheck(what, how) with is_fact=", lambda e: _params(e.matchers.rete.check.FeatureCheck.__call__)
     == ["self", "data", "is_fact"] and e.matchers.rete.check.FeatureCheck._fields
     == ("what", "how", "check", "expected")),
    ("the Rete node classes, their methods, memories, matcher and children", _nodes),
    ("ReteMatcher(root_node, _get_conflict_set_nodes, changes, reset)",
     lambda e: _has(e.matchers.rete.ReteMatcher, "_get_conflict_set_nodes", "changes", "reset")),
    ("Activation(rule, facts, context) and the depth strategy's get_key",
     lambda e: _params(e.activation.Activation.__init__)[:4] == ["self", "rule", "facts", "context"]
     and _has(e.strategies.DepthStrategy, "get_key", "update_agenda")),
    ("the field constraint classes L, W, P, ANDFC, ORFC, NOTFC",
     lambda e: _has(e.fieldconstraint, "L", "W", "P", "ANDFC", "ORFC", "NOTFC")),
)
"""(what sorewhy relies on, a test of it on the experta module)."""


def check_assumptions(module: Any = None) -> None:
    """Raise :class:`ExpertaChanged` naming every assumption `module` (the
    installed Experta by default) breaks."""
    module = experta if module is None else module
    broken = []
    for what, test in ASSUMPTIONS:
        try:
            ok = bool(test(module))
        except Exception:  # a missing module, attribute or source is a broken assumption
            ok = False
        if not ok:
            broken.append(what)
    if broken:
        version = getattr(module, "__version__", "unknown")
        raise ExpertaChanged(f"sorewhy needs Experta {PINNED} (pinned in pyproject.toml) and found {version}, "
                             f"which breaks what sorewhy relies on: {'; '.join(broken)}. "
                             f"Reinstall with `pip install experta=={PINNED}`.")


check_assumptions()

# Below the import shim and the check above (E402 is off for this module).
from experta import KnowledgeEngine
from experta.activation import Activation
from experta.agenda import Agenda
from experta.fact import InitialFact
from experta.factlist import FactList
from experta.fieldconstraint import L, P
from experta.matchers.rete import ReteMatcher
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck
from experta.matchers.rete.mixins import ChildNode, NoMemory
from experta.matchers.rete.nodes import (
    BusNode,
    ConflictSetNode,
    FeatureTesterNode,
    NotNode,
    OrdinaryMatchNode,
    WhereNode,
)
from experta.matchers.rete.token import Token
from experta.strategies import DepthStrategy

# --- facts, patterns ---------------------------------------------------------------------------


def make_fact(cls: type, values: dict[str, Any]) -> Any:
    """``cls(**values)`` for values that are already immutable (text, numbers,
    booleans, frozensets of text). Experta's constructor passes every value
    through its `freeze()` (a singledispatch call per value and per list item,
    most of the cost of building a profile's facts), which would return an
    equal value here; the result is the same fact. Checked against the
    constructor in tests/engine/test_matcher.py."""
    fact = dict.__new__(cls)
    dict.update(fact, values)
    fact._Fact__defaults = {}
    return fact


def field_check(key: str, how: Any) -> Any:
    """Experta's own test of one field: ``check(value, is_fact=False)``."""
    return FeatureCheck(key, how)


def field_defaults(fact_class: type) -> dict[str, Any]:
    """The fields a fact class declares (``Field(..., default=...)``): a fact
    of that class answers a missing key with its default."""
    return dict(getattr(fact_class, "__fields__", None) or {})


def rule_method(rule: Any) -> Any:
    """The method an Experta rule was made from (what its firing runs),
    through Experta's ``Rule._wrapped`` and any wrapper made with
    ``functools.wraps``."""
    return inspect.unwrap(rule._wrapped)


def initial_fact() -> Any:
    """Experta's ``InitialFact()``, which a rule starting with NOT is matched with."""
    return InitialFact()


def pattern_fields(pattern: Any) -> Iterable[tuple[str, Any]]:
    """A pattern's (key, constraint) pairs, without Experta's ``__`` keys."""
    for key, how in pattern.items():
        if isinstance(key, str) and not key.startswith("__"):
            yield key, how


# --- the engine --------------------------------------------------------------------------------


class ExpertaEngine(KnowledgeEngine):
    """A KnowledgeEngine built once and run once per set of facts.

    It matches with :class:`FastReteMatcher`; ``fast=False`` uses Experta's
    matcher and strategy unchanged, and with ``fast=None`` (the default) the
    environment variable ``SOREWHY_MATCHER=experta`` selects Experta's, so that
    the whole test suite can be run against either. A subclass says what a
    firing does in :meth:`fired`."""

    __matcher__: Any = None  # set below, once the matcher is defined
    __strategy__: Any = None

    def __init__(self, fast: bool | None = None) -> None:
        if fast is None:
            fast = os.environ.get("SOREWHY_MATCHER", "fast") != "experta"
        if not fast:
            self.__matcher__ = ReteMatcher
            self.__strategy__ = DepthStrategy
        super().__init__()
        # Experta looks the deffacts up with inspect.getmembers() and reads
        # their signatures on every reset(); they never change, so do it once.
        self._deffacts_cache = super().get_deffacts()

    def get_deffacts(self):  # noqa: D102 - Experta hook
        return self._deffacts_cache

    def run_facts(self, facts: Iterable[Any]) -> None:
        """Experta's ``reset()``, ``declare(*facts)`` and ``run()``, but the
        initial fact and `facts` go through the network together, in one pass,
        with one agenda update (the agenda is ordered by salience and fact ids,
        which are the same either way)."""
        self.agenda = Agenda()
        self.facts = FactList()
        self.matcher.reset()
        self.running = False
        initial = [fact for deffacts in self._deffacts_cache for fact in deffacts()]
        self._KnowledgeEngine__declare(*initial, *facts)
        self.run()

    def run(self, steps: float = math.inf) -> None:
        """Experta's run loop, calling :meth:`fired` after each firing. (Experta's
        own loop formats a log line for every firing even when logging is off;
        this one does not.)"""
        self.running = True
        try:
            while steps > 0 and self.running:
                added, removed = self.get_activations()
                self.strategy.update_agenda(self.agenda, added, removed)
                activation = self.agenda.get_next()
                if activation is None:
                    break
                steps -= 1
                activation.rule(self, **{k: v for k, v in activation.context.items()
                                         if not k.startswith("__")})
                self.fired(activation.rule, activation.facts)
        finally:
            self.running = False

    def fired(self, rule: Any, facts: Any) -> None:
        """Called after `rule` fired on `facts`."""


# --- the lean matcher ----------------------------------------------------------------------------

_VALID = Token.TagType.VALID
_INVALID = Token.TagType.INVALID
_new_tuple = tuple.__new__


def _token(tag: Any, data: set, context: dict) -> Token:
    """A Token without the assertions of `Token.__new__` (every caller here
    passes a set of facts and a dict, which is what they check)."""
    return _new_tuple(Token, (tag, data, context))


_MISSING = object()
_get = dict.get


def _compile_check(check: Any) -> tuple[str | None, Callable[[Any], Any]]:
    """Split an alpha test into the fact key it reads (or None) and a function
    of that key's value (or of the whole fact) that returns exactly what
    `check(fact)` returns, minus the logging."""
    if isinstance(check, TypeCheck):
        fact_type = check.fact_type
        return None, lambda fact: type(fact) == fact_type  # noqa: E721 - Experta's own comparison
    if isinstance(check, FactCapture):
        bind = check.bind
        return None, lambda fact: {bind: fact}
    if isinstance(check, FeatureCheck):
        what = check.what
        simple = (isinstance(what, str) and "__" not in what and not what.startswith("_")
                  and not what.endswith("_") and not what.isnumeric())
        if simple:
            how = check.how
            if type(how) is L and how.__bind__ is None:
                value = how.value
                return what, lambda record: True if value == record else False  # noqa: SIM210
            if type(how) is P and how.__bind__ is None:
                predicate = how.match
                return what, lambda record: True if predicate(record) else False  # noqa: SIM210
            test = check.check
            expected = check.expected
            return what, lambda record: test(record, expected)
    return None, check


# --- the lean nodes ----------------------------------------------------------
# Each subclasses the Experta node it replaces, so isinstance() and every
# attribute (memories, matcher, rule, children) stay as Experta set them up.


class _FastBus(BusNode):
    def add(self, fact: Any) -> None:
        token = _token(_VALID, {fact}, {})
        for child in self.children:
            child.callback(token)

    def remove(self, fact: Any) -> None:
        token = _token(_INVALID, {fact}, {})
        for child in self.children:
            child.callback(token)


class _FastFeatureTester(FeatureTesterNode):
    """An alpha node. Its test is split into the fact key it reads (`_key`, or
    None) and a function of that key's value (`_test`). A parent alpha node
    runs the tests of its keyed alpha children itself (`_plan`), without a
    call per child, and calls `_passed` only on the children whose test
    passed; every other child is activated as Experta would."""

    _key: str | None
    _test: Callable[[Any], Any]
    _plan: tuple[tuple[str | None, Any, Any], ...]

    def activate(self, token: Token) -> Any:
        data = token.data
        if len(data) != 1:
            raise ValueError("an alpha node received a token of several facts")
        (fact,) = data
        key = self._key
        if key is None:
            match = self._test(fact)
        else:
            record = _value(fact, key)
            if record is _MISSING:
                return None
            match = self._test(record)
        if match:
            self._passed(token, fact, match)
        return None

    def _passed(self, token: Token, fact: Any, match: Any) -> Any:
        if isinstance(match, Mapping):
            context = token.context
            for key, value in match.items():
                if isinstance(key, tuple):  # negated condition
                    if key[1] in context and context[key[1]] == value:
                        return False
                else:
                    if context.get(key, value) != value:
                        return False
                    if (False, key) in context and context[(False, key)] == value:
                        return False
            context = dict(context)
            context.update(match)
            token = _token(token.tag, token.data, context)
        defaults = type(fact).__fields__
        for key, child, callback in self._plan:
            if key is None:
                callback(token)
                continue
            record = _get(fact, key, _MISSING)
            if record is _MISSING:
                if not defaults:
                    continue
                record = _value(fact, key)
                if record is _MISSING:
                    continue
            match = child._test(record)
            if match:
                child._passed(token, fact, match)
        return None


def _value(fact: Any, key: str) -> Any:
    """``fact[key]``, or _MISSING where Experta's test would find no value.
    Looked up without raising KeyError for the many keys a profile leaves
    unknown; a fact class that declares field defaults answers a missing key
    with its default, as in Experta."""
    record = _get(fact, key, _MISSING)
    if record is _MISSING and type(fact).__fields__:
        try:
            record = fact[key]
        except (IndexError, KeyError, TypeError):
            return _MISSING
    return record


class _FastWhere(WhereNode):
    def activate(self, token: Token) -> None:
        if self.matcher(token.context):
            for child in self.children:
                child.callback(token)


class _FastMatch(OrdinaryMatchNode):
    def _join(self, token: Token, branch_memory: list, matching_memory: list, is_left: bool) -> None:
        info = token.to_info()
        if token.tag is _VALID:
            branch_memory.append(info)
        else:
            try:
                branch_memory.remove(info)
            except ValueError:
                pass
        if not matching_memory:
            return
        context = token.context
        matcher = self.matcher
        children = self.children
        own = None
        for other_data, other_context in matching_memory:
            other_context = dict(other_context)
            if is_left:
                match = matcher(context, other_context)
            else:
                match = matcher(other_context, context)
            if match:
                if own is None:
                    own = {k: v for k, v in context.items() if isinstance(k, str)}
                newcontext = dict(own)
                for k, v in other_context.items():
                    if not isinstance(k, tuple):
                        newcontext[k] = v
                newtoken = _token(token.tag, token.data | other_data, newcontext)
                for child in children:
                    child.callback(newtoken)

    def activate_left(self, token: Token) -> None:
        self._join(token, self.left_memory, self.right_memory, True)

    def activate_right(self, token: Token) -> None:
        self._join(token, self.right_memory, self.left_memory, False)


class _FastNot(NotNode):
    def activate_left(self, token: Token) -> None:
        right_memory = self.right_memory
        if not right_memory:
            if token.tag is _VALID:
                self.left_memory[token.to_info()] = 0
            else:
                del self.left_memory[token.to_info()]
            for child in self.children:
                child.callback(token)
            return
        matcher = self.matcher
        context = token.context
        if token.tag is _VALID:
            count = 0
            for _, right_context in right_memory:
                if matcher(context, dict(right_context)):
                    count += 1
            if count == 0:
                for child in self.children:
                    child.callback(token)
            self.left_memory[token.to_info()] = count
        else:
            count = 0
            for _, right_context in right_memory:
                if matcher(context, dict(right_context)):
                    count += 1
                    break
            if count == 0:
                for child in self.children:
                    child.callback(token)
            del self.left_memory[token.to_info()]

    def activate_right(self, token: Token) -> None:
        if token.tag is _VALID:
            self.right_memory.append(token.to_info())
            inc = 1
        else:
            inc = -1
            self.right_memory.remove(token.to_info())
        matcher = self.matcher
        context = token.context
        left_memory = self.left_memory
        for left in left_memory:
            if matcher(dict(left.context), context):
                left_memory[left] += inc
                newcount = left_memory[left]
                if (newcount == 0 and inc == -1) or (newcount == 1 and inc == 1):
                    tag = _VALID if inc == -1 else _INVALID
                    newtoken = _token(tag, set(left.data), dict(left.context))
                    for child in self.children:
                        child.callback(newtoken)


class _Activation(Activation):
    """An activation whose hash is computed once, from its rule's hash taken
    when the network was built (Experta hashes the rule's whole pattern tuple
    on every set operation). Equality is Experta's."""

    def __init__(self, rule: Any, rule_hash: int, facts: frozenset, context: dict) -> None:
        self.rule = rule
        self.facts = set(facts)
        self.key = None
        self.context = context
        self._hash = hash((rule_hash, facts, frozenset(context.items())))

    def __hash__(self) -> int:
        return self._hash


class _FastConflictSet(ConflictSetNode):
    _dirty: list
    _touched: list
    _order: int
    _rule_hash: int

    def activate(self, token: Token) -> None:
        info = token.to_info()
        activation = _Activation(self.rule, self._rule_hash, info.data,
                                 {k: v for k, v in info.context if isinstance(k, str)})
        if token.tag is _VALID:
            memory = self.memory
            if info not in memory:
                if not memory:
                    self._touched.append(self)
                memory.add(info)
                if activation in self.removed:
                    self.removed.remove(activation)
                else:
                    self.added.add(activation)
                    self._mark()
        else:
            try:
                self.memory.remove(info)
            except ValueError:  # as Experta has it (a set raises KeyError, which propagates)
                pass
            else:
                if activation in self.added:
                    self.added.remove(activation)
                else:
                    self.removed.add(activation)
                    self._mark()

    def _mark(self) -> None:
        dirty = self._dirty
        if self not in dirty:
            dirty.append(self)


_TWINS: dict[type, type] = {
    BusNode: _FastBus,
    FeatureTesterNode: _FastFeatureTester,
    WhereNode: _FastWhere,
    OrdinaryMatchNode: _FastMatch,
    NotNode: _FastNot,
    ConflictSetNode: _FastConflictSet,
}


def _step(child: ChildNode) -> tuple[str | None, Any, Any]:
    """How a parent alpha node activates `child`: by running the child's
    keyed test itself, or through the child's callback."""
    node = child.node
    if isinstance(node, _FastFeatureTester) and node._key is not None and child.callback == node.activate:
        return node._key, node, None
    return None, node, child.callback


def _rebound(child: ChildNode) -> ChildNode:
    callback = child.callback
    if getattr(callback, "__self__", None) is not child.node:
        return child
    return ChildNode(child.node, getattr(child.node, callback.__name__))


def _all_nodes(root: Any) -> list[Any]:
    """Every node reachable from `root`, each once, depth first in Experta's
    child order (the order `ReteMatcher` lists conflict-set nodes in)."""
    seen: set[int] = set()
    out: list[Any] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        out.append(node)
        stack.extend(child.node for child in reversed(node.children))
    return out


class FastReteMatcher(ReteMatcher):
    """Experta's Rete network with lean nodes; see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._dirty: list[Any] = []
        self._touched: list[Any] = []
        nodes = _all_nodes(self.root_node)
        for node in nodes:
            twin = _TWINS.get(type(node))
            if twin is not None:
                node.__class__ = twin
            if isinstance(node, _FastFeatureTester):
                node._key, node._test = _compile_check(node.matcher)
            if isinstance(node, _FastConflictSet):
                node._dirty = self._dirty
                node._touched = self._touched
                node._rule_hash = hash(node.rule)
        # Children hold bound methods taken when the network was wired; bind
        # them again so that they reach the twins' methods.
        for node in nodes:
            node.children[:] = [_rebound(child) for child in node.children]
        for node in nodes:
            if isinstance(node, _FastFeatureTester):
                node._plan = tuple(_step(child) for child in node.children)
        order = {id(csn): n for n, csn in enumerate(super()._get_conflict_set_nodes())}
        for node in nodes:
            if isinstance(node, ConflictSetNode):
                node._order = order[id(node)]
        # Conflict-set nodes of a class without a lean twin are read on every
        # change, as Experta reads them all.
        self._plain_csns = tuple(n for n in super()._get_conflict_set_nodes()
                                 if not isinstance(n, _FastConflictSet))
        # Conflict-set nodes report when their memory is first filled
        # (`_touched`); every other node with a memory is wiped on each reset.
        self._memory_nodes = tuple(n for n in nodes if not isinstance(n, _FastConflictSet)
                                   and type(n)._reset is not NoMemory._reset)

    def changes(self, adding: Any = None, deleting: Any = None) -> tuple[list[Any], list[Any]]:
        root = self.root_node
        if deleting:
            for fact in deleting:
                root.remove(fact)
        if adding:
            for fact in adding:
                root.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        dirty = self._dirty
        if dirty:
            if len(dirty) > 1:
                dirty.sort(key=_order_of)
            for csn in dirty:
                added.extend(csn.added)
                removed.extend(csn.removed)
                csn.added = set()
                csn.removed = set()
            dirty.clear()
        for csn in self._plain_csns:
            c_added, c_removed = csn.get_activations()
            added.extend(c_added)
            removed.extend(c_removed)
        return added, removed

    def reset(self) -> None:
        for node in self._memory_nodes:
            node._reset()
        for csn in self._touched:
            csn._reset()
        self._touched.clear()
        for csn in self._dirty:
            csn.added = set()
            csn.removed = set()
        self._dirty.clear()


def _order_of(csn: Any) -> int:
    return csn._order


class FastDepthStrategy(DepthStrategy):
    """Experta's depth strategy, computing each activation's key directly."""

    def get_key(self, activation: Any) -> tuple[int, list[int]]:
        facts = sorted((f["__factid__"] for f in activation.facts), reverse=True)
        return (activation.rule.salience, facts)


ExpertaEngine.__matcher__ = FastReteMatcher
ExpertaEngine.__strategy__ = FastDepthStrategy

__all__ = [
    "ASSUMPTIONS",
    "PINNED",
    "Agenda",
    "DepthStrategy",
    "ExpertaChanged",
    "ExpertaEngine",
    "FactList",
    "FastDepthStrategy",
    "FastReteMatcher",
    "FeatureCheck",
    "ReteMatcher",
    "check_assumptions",
    "experta",
    "field_check",
    "field_defaults",
    "initial_fact",
    "make_fact",
    "pattern_fields",
    "rule_method",
]
