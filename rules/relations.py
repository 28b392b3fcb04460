"""Rules made from ``knowledge/relations.yaml``: relations the rule base states
for several findings at once (a medicine lowers a nutrient, a condition lowers
it, a food group supplies it, a way of losing fluid drains it, a symptom
points to it), written once in the table rather than out per nutrient.

Each entry of the table is one Experta rule with its stable id, its claim in
plain words (the method's docstring, taken from the data), its effect, its
sources and note, so ``sorewhy rules``, ``rules show``, traces and the
meta-tests treat it like any other; its fixtures stay in its topic's file.

A topic module places each of its table rules with one line in its class::

    sweat_loss = table_rule("magnesium.sweat-loss")

Rules take their salience (the order they fire in within a band) from the
order they are defined, so that line keeps the rule at its place among the
topic's written-out rules. Every entry must be placed exactly once
(:func:`unplaced` names those that are not; ``sorewhy.rules`` refuses to
build a rule base without them). (Not a topic module: it defines no class.)

The table is read as plain mappings, as ``rules/labs.py`` reads labs.yaml,
so that listing the rules does not pay for validating the knowledge models;
:func:`sorewhy.knowledge.relation_table` validates the same file in full
(the tests do).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from sorewhy.knowledge import read
from sorewhy.rules.base import (
    Inferred,
    Person,
    Supports,
    at_least_n_of,
    doc,
    has,
    has_all,
    has_any,
    ref,
    rule,
)

_placed: set[str] = set()


@functools.cache
def raw_relations() -> tuple[dict[str, Any], ...]:
    """The relations of ``knowledge/relations.yaml`` as plain mappings, in file order."""
    return tuple(read("relations.yaml")["relations"])


@functools.cache
def _entries() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Rule id -> (its relation, its entry)."""
    return {entry["id"]: (relation, entry) for relation in raw_relations() for entry in relation["rules"]}


def table_ids() -> tuple[str, ...]:
    """The id of every rule of the table, in file order."""
    return tuple(_entries())


def _test(value: Any) -> Any:
    """A field constraint from the table's words for it."""
    if not isinstance(value, Mapping):
        return value
    ((kind, arg),) = value.items()
    if kind == "has":
        return has(arg)
    if kind == "has_any":
        return has_any(*arg)
    if kind == "has_all":
        return has_all(*arg)
    if kind == "at_least_n_of":
        return at_least_n_of(arg["n"], *arg["of"])
    raise ValueError(f"knowledge/relations.yaml: unknown test {kind!r}")


def _pattern(spec: Mapping[str, Any]) -> Any:
    ((kind, arg),) = spec.items()
    if kind == "inferred":
        return Inferred(what=arg)
    if kind == "person":
        return Person(**{key: _test(value) for key, value in arg.items()})
    raise ValueError(f"knowledge/relations.yaml: unknown pattern {kind!r}")


def _source(spec: Mapping[str, str]) -> Any:
    return doc(spec["doc"], spec["section"], spec["quote"]) if "doc" in spec else ref(spec["ref"], spec["url"])


def table_rule(rule_id: str) -> Any:
    """The Experta rule of the table's entry `rule_id`, defined now (so at
    this place in the firing order)."""
    relation, entry = _entries()[rule_id]
    if rule_id in _placed:
        raise ValueError(f"table rule {rule_id!r} is placed twice")
    _placed.add(rule_id)

    def method(self):
        pass

    method.__name__ = method.__qualname__ = entry["method"]
    method.__doc__ = entry["claim"]
    supports = entry["supports"]
    return rule(rule_id, *(_pattern(spec) for spec in relation["when"]),
                effects=[Supports(supports["finding"], supports["cf"])],
                sources=[_source(spec) for spec in entry["sources"]],
                note=entry.get("note"), maintainer=entry.get("maintainer"),
                allow=entry.get("allow"))(method)


def unplaced() -> list[str]:
    """The table's rules no topic module has placed."""
    return [rid for rid in table_ids() if rid not in _placed]


__all__ = ["raw_relations", "table_ids", "table_rule", "unplaced"]
