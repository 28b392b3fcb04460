"""A faster drop-in for Experta's Rete matcher, with the same network and the
same answers.

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

from collections.abc import Callable, Mapping
from typing import Any

from sorewhy.engine.compat import experta

# Experta is imported in compat.py only; its parts are reached from there.
_rete = experta.matchers.rete
Activation = experta.activation.Activation
L = experta.fieldconstraint.L
P = experta.fieldconstraint.P
Agenda = experta.agenda.Agenda
DepthStrategy = experta.strategies.DepthStrategy
FactList = experta.factlist.FactList
ReteMatcher = _rete.ReteMatcher
FactCapture = _rete.check.FactCapture
FeatureCheck = _rete.check.FeatureCheck
TypeCheck = _rete.check.TypeCheck
ChildNode = _rete.mixins.ChildNode
NoMemory = _rete.mixins.NoMemory
BusNode = _rete.nodes.BusNode
ConflictSetNode = _rete.nodes.ConflictSetNode
FeatureTesterNode = _rete.nodes.FeatureTesterNode
NotNode = _rete.nodes.NotNode
OrdinaryMatchNode = _rete.nodes.OrdinaryMatchNode
WhereNode = _rete.nodes.WhereNode
Token = _rete.token.Token

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


__all__ = ["Agenda", "DepthStrategy", "FactList", "FastDepthStrategy", "FastReteMatcher", "ReteMatcher"]
