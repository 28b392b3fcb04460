"""Seeded random profiles drawn from the facts vocabulary, for benchmarks and
for the tests that compare two ways of evaluating the same batch.

Every profile is valid: values come from the `Profile` model's own enumerations
and ranges, medications from the knowledge base's drug names (plus a few names
it does not know), lab values from around each reference range so that low,
normal and high results all occur. Each key is given with some probability,
the rest stay unknown, as in a real survey export.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from typing import Any

from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, Profile, enum_values

UNKNOWN_DRUGS = ("herbal tea", "zz-unlisted-drug", "vitamin mix")
"""Free-text medication names the knowledge base does not recognise."""

_NUMBERS = {
    "age": (int, 12, 95),
    "exercise_hours": (float, 0.0, 4.0),
    "exercise_water_l_per_hour": (float, 0.0, 2.0),
    "duration_days": (int, 0, 120),
}


def _drug_names() -> list[str]:
    from sorewhy.knowledge import load

    names = sorted({n for c in load().drug_classes.values() for n in c.names})
    return names + list(UNKNOWN_DRUGS)


def _lab_ranges() -> dict[str, tuple[float, float]]:
    from sorewhy.knowledge import load

    out = {}
    for key in LAB_KEYS:
        rng = load().labs[key]
        high = rng.high if rng.high is not None else rng.low * 2
        lo, hi = rng.plausible  # nothing outside what a person's blood can hold
        out[key] = (max(rng.low * 0.7, lo), min(high * 1.2, hi))
    return out


class ProfileGenerator:
    """`ProfileGenerator(seed).profile(n)` is profile number n of that seed (the
    same whenever it is asked for): a plain dict, as read from a facts file."""

    def __init__(self, seed: int = 1, p_key: float = 0.45, p_labs: float = 0.3) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.p_key = p_key
        self.p_labs = p_labs
        self.drugs = _drug_names()
        self.labs = _lab_ranges()
        self.choices = {key: enum_values(key) for key in FACT_KEYS}
        self.bools = {k for k, f in Profile.model_fields.items() if "bool" in str(f.annotation)}

    def _value(self, key: str) -> Any:
        rng = self.rng
        if key == "medications":
            return rng.sample(self.drugs, rng.randint(1, 3))
        if key in LIST_KEYS:
            options = self.choices[key]
            return rng.sample(options, rng.randint(1, min(4, len(options))))
        if key in self.bools:
            return rng.random() < 0.5
        if key in _NUMBERS:
            kind, lo, hi = _NUMBERS[key]
            return rng.randint(lo, hi) if kind is int else round(rng.uniform(lo, hi), 1)
        return rng.choice(self.choices[key])

    def profile(self, n: int) -> dict[str, Any]:
        rng = self.rng = random.Random(f"{self.seed}:{n}")
        data: dict[str, Any] = {"id": f"p{n}"}
        for key in FACT_KEYS:
            if rng.random() < self.p_key:
                data[key] = self._value(key)
        if rng.random() < self.p_labs:
            labs = {}
            for key, (lo, hi) in self.labs.items():
                if rng.random() < 0.4:
                    labs[key] = round(rng.uniform(lo, hi), 1)
            if labs:
                data["labs"] = labs
        return data

    def profiles(self, count: int) -> list[dict[str, Any]]:
        return [self.profile(n) for n in range(1, count + 1)]


def random_profiles(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """`count` random valid profiles, the same ones for the same seed."""
    return ProfileGenerator(seed).profiles(count)


def survey_rows(count: int, distinct: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` survey-like rows drawn (seeded) from `distinct` profiles, each row
    with its own id, so that many rows repeat another row's facts."""
    base = random_profiles(distinct, seed)
    rng = random.Random(seed + 1)
    for n in range(1, count + 1):
        row = dict(rng.choice(base))
        row["id"] = f"r{n}"
        yield row


def csv_header() -> list[str]:
    """The columns of a facts CSV covering the whole vocabulary."""
    return ["id", *FACT_KEYS, *(f"labs.{k}" for k in LAB_KEYS)]


def csv_row(profile: dict[str, Any], header: list[str]) -> list[str]:
    labs = profile.get("labs", {})
    out = []
    for col in header:
        value = labs.get(col[5:]) if col.startswith("labs.") else profile.get(col)
        if value is None:
            out.append("")
        elif isinstance(value, list):
            out.append(";".join(value))
        elif isinstance(value, bool):
            out.append("true" if value else "false")
        else:
            out.append(str(value))
    return out


def write_csv(path: str, rows: Iterator[dict[str, Any]]) -> int:
    """Write profiles as a facts CSV; returns the number of rows."""
    header = csv_header()
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(csv_row(row, header))
            n += 1
    return n
