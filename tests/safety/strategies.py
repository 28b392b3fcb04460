"""Hypothesis strategies for valid facts profiles, derived from the facts model
itself (`sorewhy.engine.profile`), so that a key added to the vocabulary is
generated without touching this file.

Also the shared settings of every property and fuzz test: few enough examples
for the whole suite to run in minutes on a small machine, derandomized so CI
sees the same examples every run. Set SOREWHY_HYPOTHESIS_EXAMPLES for a deeper
run, e.g. ``SOREWHY_HYPOTHESIS_EXAMPLES=2000 pytest tests/safety tests/fuzz``.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, MAX_LIST, Profile, enum_values, field_bounds
from sorewhy.knowledge import load as load_knowledge

_EXAMPLES = int(os.environ.get("SOREWHY_HYPOTHESIS_EXAMPLES", "0") or 0)


def examples(default: int) -> settings:
    """Settings for one property: `default` examples (or the environment's
    count), no deadline (the machine is shared), the same examples every run."""
    return settings(
        max_examples=_EXAMPLES or default,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- the vocabulary --------------------------------------------------------------

RED_FLAG_SYMPTOMS: tuple[str, ...] = (
    "chest_pain", "seizures", "confusion", "paralysis", "irregular_heartbeat",
    "palpitations", "dark_urine", "tense_swelling",
)
"""Contract §2 (tense_swelling grown with #20): each of these alone gives `urgent`. The eighth red flag is
`calf_swelling` together with `one_sided: true` (see RED_FLAGS)."""

RED_FLAGS: tuple[tuple[str, dict[str, Any]], ...] = tuple(
    (s, {"symptoms": [s]}) for s in RED_FLAG_SYMPTOMS
) + (("one-sided calf swelling", {"symptoms": ["calf_swelling"], "one_sided": True}),)
"""(name, the facts that make it) for every red flag of the contract."""

_BOOL_KEYS = tuple(k for k in FACT_KEYS if "bool" in str(Profile.model_fields[k].annotation))


def known_medications() -> tuple[str, ...]:
    """Names the knowledge base knows, brands included, and some as people
    write them (a dose, a form, a combination)."""
    kb = load_knowledge()
    names = {n for c in kb.drug_classes.values() for n in [*c.names, *c.brands]}
    names |= {n for s in kb.supplements for n in [*s.names, *(b.name for b in s.brands)]}
    written = {"Lasix 40 mg", "atorvastatin 20mg", "HCTZ 25 mg daily", "losartan/hydrochlorothiazide",
               "omeprazole 20 mg daily", "Glucophage XR", "furosemid", "omeprazol", "Lipitr",
               "Adcal-D3", "vitamin D 1000 IU", "magnesium glycinate", "ferrous sulfate 200mg"}
    return tuple(sorted(names | written))


_FREE_TEXT_MEDICINES = ("vitamin pill", "fish oil", "glucosamine", "unknown tablets")


def _number(key: str) -> st.SearchStrategy[Any]:
    bounds = field_bounds(key)
    assert bounds is not None, key
    lo, hi, integer = bounds
    if integer:
        # Mostly plausible values, sometimes the edges of the allowed range.
        plausible = min(hi, 120 if key == "age" else 400)
        return st.one_of(st.integers(int(lo), int(plausible)), st.sampled_from([int(lo), int(hi)]))
    return st.one_of(
        st.floats(lo, hi, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 2)),
        st.sampled_from([lo, hi]),
    ).filter(lambda v: lo <= v <= hi)


@functools.cache
def lab_value(key: str, status: str | None = None, sex: str | None = None) -> st.SearchStrategy[float]:
    """A value of one lab: any in range, or one whose status against the
    knowledge base's reference range is `status` for a person of `sex`."""
    lo, hi, _ = field_bounds(f"labs.{key}")  # type: ignore[misc]
    if status is None:
        return _number(f"labs.{key}")
    rng = load_knowledge().labs[key]
    low_by_sex = rng.bands["low"].by_sex
    low = max([rng.low, *low_by_sex.values()]) if sex is None else low_by_sex.get(sex, rng.low)
    high = rng.high if rng.high is not None else min(hi, low * 4)
    if status == "normal":
        strategy = st.floats(low, high, allow_nan=False)
    elif status == "low":
        floor = min([rng.low, *low_by_sex.values()]) if sex is None else low_by_sex.get(sex, rng.low)
        strategy = st.floats(lo, floor, exclude_max=True, allow_nan=False)
    else:
        assert rng.high is not None, f"{key} has no upper limit"
        strategy = st.floats(rng.high, hi, exclude_min=True, allow_nan=False)
    return strategy.map(lambda v: round(v, 3)).filter(lambda v: rng.status(v, sex) == status)


@functools.cache
def _value(key: str) -> st.SearchStrategy[Any]:
    if key == "medications":
        names = st.sampled_from(known_medications() + _FREE_TEXT_MEDICINES)
        return st.lists(names, max_size=4, unique=True)
    if key in LIST_KEYS:
        values = enum_values(key)
        return st.lists(st.sampled_from(values), max_size=min(len(values), 6), unique=True)
    if key in _BOOL_KEYS:
        return st.booleans()
    allowed = enum_values(key)
    if allowed:
        return st.sampled_from(allowed)
    return _number(key)


@st.composite
def labs(draw: st.DrawFn, sex: str | None = None) -> dict[str, float]:
    keys = draw(st.lists(st.sampled_from(LAB_KEYS), max_size=4, unique=True))
    out = {}
    for key in keys:
        status = draw(st.sampled_from([None, "low", "normal", "normal", "high"]))
        if status == "high" and load_knowledge().labs[key].high is None:
            status = "normal"
        out[key] = draw(lab_value(key, status, sex))
    return out


@st.composite
def profiles(draw: st.DrawFn, with_id: bool = False, red_flags: bool = True) -> dict[str, Any]:
    """A valid profile as a plain mapping (what a facts file holds). Every key
    is optional; when `red_flags` is False no red flag is generated."""
    out: dict[str, Any] = {}
    if with_id:
        out["id"] = draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12))
    keys = draw(st.lists(st.sampled_from(FACT_KEYS), max_size=len(FACT_KEYS), unique=True))
    for key in keys:
        out[key] = draw(_value(key))
    if not red_flags:
        if "symptoms" in out:
            out["symptoms"] = [s for s in out["symptoms"] if s not in RED_FLAG_SYMPTOMS]
            if out.get("one_sided") is True or "one_sided" not in out:
                out["symptoms"] = [s for s in out["symptoms"] if s != "calf_swelling"]
    if draw(st.booleans()):
        out["labs"] = draw(labs(out.get("sex")))
    assert len(out.get("symptoms", ())) <= MAX_LIST
    return out


def has_red_flag(profile: dict[str, Any]) -> bool:
    symptoms = set(profile.get("symptoms") or ())
    if symptoms & set(RED_FLAG_SYMPTOMS):
        return True
    return "calf_swelling" in symptoms and profile.get("one_sided") is True


def with_facts(profile: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`profile` with `extra` added: list values are merged, others replaced."""
    out = dict(profile)
    for key, value in extra.items():
        if isinstance(value, list):
            out[key] = list(dict.fromkeys([*(out.get(key) or []), *value]))
        else:
            out[key] = value
    return out
