"""The rule base: one module per topic, each defining one mixin class of rule
methods (its name ends in ``Rules``).

`TOPICS` is the order the topic modules are imported in. Each rule takes its
salience from the order rules are defined, so this tuple (and the order of
methods inside each module) fixes the firing order of rules in the same band.
It must not depend on anything else: red flags first, referral last.
"""

from __future__ import annotations

import functools
import importlib

from sorewhy.rules.base import REGISTRY, RuleMeta
from sorewhy.rules.relations import unplaced

TOPICS: tuple[str, ...] = (
    "redflags",
    "hydration",
    "electrolytes",
    "magnesium",
    "potassium",
    "sodium",
    "calcium",
    "vitamin_d",
    "b_vitamins",
    "iron",
    "labs",
    "exercise",
    "other_causes",
    "course",
    "medication",
    "conflicts",
    "safety_net",
    "referral",
)


def _mixin(topic: str) -> type:
    module = importlib.import_module(f"sorewhy.rules.{topic}")
    classes = [v for k, v in vars(module).items()
               if isinstance(v, type) and k.endswith("Rules") and v.__module__ == module.__name__]
    if len(classes) != 1:
        raise ImportError(f"sorewhy.rules.{topic} must define exactly one *Rules class")
    return classes[0]


TOPIC_CLASSES: tuple[type, ...] = tuple(_mixin(topic) for topic in TOPICS)


def _lost_rules() -> list[str]:
    """Rules defined but not reachable through their topic class: a later
    method of the same name in the same class replaced them."""
    reachable = {id(v) for cls in TOPIC_CLASSES for v in vars(cls).values()}
    return [rid for rid, obj in REGISTRY.items() if id(obj) not in reachable]


_lost = _lost_rules()
if _lost:
    raise ImportError(f"rules hidden by a later method of the same name: {', '.join(_lost)}")
_unplaced = unplaced()
if _unplaced:
    raise ImportError(f"rules of knowledge/relations.yaml that no topic module places: {', '.join(_unplaced)}")

RuleSet = type(
    "RuleSet",
    (),
    {
        "__doc__": "Every rule of every topic, under a name derived from its id (unique).",
        **{"rule_" + rid.replace(".", "__").replace("-", "_"): obj for rid, obj in REGISTRY.items()},
    },
)

MIXINS: tuple[type, ...] = (RuleSet,)
"""What the engine class inherits its rules from."""


@functools.cache
def all_rules() -> tuple[RuleMeta, ...]:
    """Every rule's metadata, in firing priority order (highest salience first)."""
    metas = [obj.meta for obj in REGISTRY.values()]
    metas.sort(key=lambda m: -m.salience)
    return tuple(metas)


@functools.cache
def rule_index() -> dict[str, RuleMeta]:
    """Rule id -> metadata."""
    return {m.id: m for m in all_rules()}


__all__ = ["MIXINS", "TOPICS", "TOPIC_CLASSES", "RuleMeta", "RuleSet", "all_rules", "rule_index"]
