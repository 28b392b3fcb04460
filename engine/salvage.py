"""Red flags first, whatever else is wrong (contract §1, last paragraph).

A profile with an invalid value cannot be evaluated, but a red flag named in
its valid parts must still send the person to urgent care. This module reads
what the red-flag rules need from a profile that failed validation, and
runs those rules alone on it:

- :func:`red_flag_keys` — the profile keys the rules of the ``red_flag`` band
  test (their Person keys, negated ones included, and their blood results),
  derived from the rules' patterns (:mod:`sorewhy.engine.introspect`), never
  listed by hand: a new red-flag rule brings its keys with it;
- :func:`salvage` — a :class:`Profile` holding only those keys, each with its
  value where that value is valid on its own; of a list (``symptoms``), the
  known items even when others are unknown; of ``labs``, each valid result;
- :func:`salvaged_error_report` — the error report of such a profile: the
  error as it was, findings empty, and, when a red flag fired on the salvaged
  facts, the urgent referral with its reasons and the rules that fired.

Nothing else is read from a broken profile: no finding, no other referral.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sorewhy.engine.profile import LIST_KEYS, MAX_LIST, Profile, enum_values, validate_profile
from sorewhy.errors import ProfileError
from sorewhy.knowledge import load as load_knowledge

if TYPE_CHECKING:
    from sorewhy.engine.derived import DerivedRuleBase

__all__ = ["RedFlagKeys", "red_flag_keys", "red_flag_referral", "salvage", "salvaged_error_report"]

RED_FLAG_BAND = "red_flag"

_SEPARATORS = re.compile(r"[\s\-]+")
_LIST_TEXT = re.compile(r"[;,]")

_MAX_ITEMS_READ = 1024
"""A list is searched for known items up to this many (a broken record may hold
a huge list; a real one holds at most MAX_LIST)."""


@dataclass(frozen=True)
class RedFlagKeys:
    """What the red-flag rules read from a profile."""

    person: tuple[str, ...]
    """Profile keys (``symptoms``, ``one_sided``, ...)."""
    labs: frozenset[str]
    """Keys of ``labs`` (unit-suffixed and unit-free) of the results they test."""


@functools.cache
def red_flag_keys() -> RedFlagKeys:
    """The profile keys the rules of the ``red_flag`` band test, read from
    their patterns. A blood result is banded with the person's sex
    (knowledge/labs.yaml edges by sex), so ``sex`` counts when any red-flag
    rule tests a blood result."""
    from sorewhy.engine.introspect import profile_key, rule_base

    person: list[str] = []
    labs: set[str] = set()
    for shape in rule_base().shapes:
        if shape.band != RED_FLAG_BAND:
            continue
        for key in shape.person_keys(negated=True):
            key = profile_key(key)
            if key not in person:
                person.append(key)
        labs.update(c.name for c in shape.conditions if c.kind == "lab" and c.name)
    kb_labs = load_knowledge().labs
    lab_keys = set(labs)
    for key in labs:
        analyte = getattr(kb_labs.get(key), "analyte", None)
        if analyte:
            lab_keys.add(analyte)
    if labs and "sex" not in person:
        person.append("sex")
    return RedFlagKeys(tuple(person), frozenset(lab_keys))


def _valid(data: dict[str, Any]) -> bool:
    try:
        validate_profile(data, "", "")
    except ProfileError:
        return False
    except Exception:  # noqa: BLE001 - a value that breaks validation itself is not salvaged
        return False
    return True


def _valid_items(key: str, value: list[Any] | tuple[Any, ...]) -> list[Any]:
    """The valid items of a list that is not valid as a whole, each once, at
    most MAX_LIST. An enumerated list is searched whole (a known item after
    thousands of others still counts); a free-text one up to _MAX_ITEMS_READ."""
    allowed = enum_values(key)
    items: list[Any] = []
    if allowed:
        known = frozenset(allowed)
        for item in value:
            if not isinstance(item, str):
                continue
            if item not in known:
                # Spelled as a person writes it ("Chest pain", "chest-pain"):
                # erring on the safe side, the item it plainly names.
                item = _SEPARATORS.sub("_", item.strip().lower())
            if item in known and item not in items:
                items.append(item)
        return items[:MAX_LIST]
    for item in list(value)[:_MAX_ITEMS_READ]:
        if isinstance(item, str) and item not in items and _valid({key: [item]}):
            items.append(item)
            if len(items) >= MAX_LIST:
                break
    return items


def salvage(data: Any) -> Profile | None:
    """The red-flag-relevant valid parts of a raw profile that failed
    validation, as a Profile; None when it gives none (or is not a mapping).

    Each key is kept when its value is valid on its own; a list that is not
    keeps its valid items (each once, at most MAX_LIST); ``labs`` keeps each
    result the red-flag rules test that is valid alongside those kept before
    it. ``sex`` alone (salvaged only to band blood results) gives nothing."""
    if not isinstance(data, Mapping):
        return None
    keys = red_flag_keys()
    copies = getattr(data, "duplicate_values", None) or {}
    out: dict[str, Any] = {}
    for key in keys.person:
        if key not in data:
            continue
        value = data[key]
        if key in copies:
            # A key given more than once: a list's items of every copy, a
            # value all copies agree on (the first copy may hold the red flag).
            given = copies[key]
            if all(isinstance(v, list) for v in given):
                value = [item for v in given for item in v]
            elif any(v != given[0] for v in given):
                continue
        if _valid({key: value}):
            out[key] = value
        elif key in LIST_KEYS and isinstance(value, (list, tuple, str)):
            # A list given as one text ("chest_pain; cramps") still names its items.
            items = _valid_items(key, _LIST_TEXT.split(value) if isinstance(value, str) else value)
            if items:
                out[key] = items
    labs = data.get("labs")
    if isinstance(labs, Mapping) and keys.labs:
        kept: dict[str, Any] = {}
        for lab, value in list(labs.items())[:_MAX_ITEMS_READ]:
            if isinstance(lab, str) and lab in keys.labs and _valid({"labs": {**kept, lab: value}}):
                kept[lab] = value
        if kept:
            out["labs"] = kept
    if not set(out) - {"sex"}:
        return None
    try:
        return validate_profile(out, "", "")
    except Exception:  # noqa: BLE001 - each part was valid alone; together they must be too, else nothing
        return None


@functools.cache
def _matcher() -> DerivedRuleBase:
    """The rules of the red-flag band alone, as a derived matcher (the one
    batch evaluation uses, proven identical to Experta's)."""
    from sorewhy.engine.derived import DerivedRuleBase
    from sorewhy.rules import all_rules

    kb = load_knowledge()
    return DerivedRuleBase([m for m in all_rules() if m.band == RED_FLAG_BAND],
                           {k: getattr(r, "analyte", k) for k, r in kb.labs.items()})


def red_flag_referral(profile: Profile) -> tuple[dict[str, Any] | None, list[str]]:
    """The referral the red-flag rules alone give `profile` (None when none
    fired), and the rules that fired."""
    from sorewhy.engine.core import build_referral, read_profile

    facts = read_profile(profile, labs_read=False)[0]
    state = _matcher().infer(facts)
    if not state.referral:
        return None, []
    return build_referral(state), list(state.fired)


def salvaged_error_report(profile_id: str, message: str, salvaged: Profile | None,
                          errors: list[str] | None = None) -> dict[str, Any]:
    """The report of a profile that failed validation: its error (and every
    problem, `errors`, one line each), and the urgent referral of any red
    flag read from its valid parts (`salvaged`, :func:`salvage` of it)."""
    from sorewhy.engine.core import error_report

    if salvaged is None:
        return error_report(profile_id, message, errors=errors)
    referral, fired = red_flag_referral(salvaged)
    return error_report(profile_id, message, referral, fired, errors)
