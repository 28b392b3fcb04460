"""The rule base: one module per topic, each a mixin class of rule methods.

The order of `MIXINS` is the order rules get their salience in, so it fixes
the firing order of rules in the same band; it must not depend on anything but
this list.
"""

from __future__ import annotations

import functools

from sorewhy.rules import (
    b_vitamins,
    calcium,
    electrolytes,
    exercise,
    hydration,
    iron,
    magnesium,
    medication,
    potassium,
    redflags,
    referral,
    sodium,
    vitamin_d,
)
from sorewhy.rules.base import RuleMeta

MIXINS: tuple[type, ...] = (
    redflags.RedFlagRules,
    hydration.HydrationRules,
    electrolytes.ElectrolyteRules,
    magnesium.MagnesiumRules,
    potassium.PotassiumRules,
    sodium.SodiumRules,
    calcium.CalciumRules,
    vitamin_d.VitaminDRules,
    b_vitamins.BVitaminRules,
    iron.IronRules,
    exercise.ExerciseRules,
    medication.MedicationRules,
    referral.ReferralRules,
)


@functools.cache
def all_rules() -> tuple[RuleMeta, ...]:
    """Every rule's metadata, in firing priority order (highest salience first)."""
    metas: list[RuleMeta] = []
    for mixin in MIXINS:
        for value in vars(mixin).values():
            meta = getattr(value, "meta", None)
            if isinstance(meta, RuleMeta):
                metas.append(meta)
    metas.sort(key=lambda m: -m.salience)
    return tuple(metas)


@functools.cache
def rule_index() -> dict[str, RuleMeta]:
    """Rule id -> metadata."""
    return {m.id: m for m in all_rules()}


__all__ = ["MIXINS", "RuleMeta", "all_rules", "rule_index"]
