"""Messy facts files for the fuzz tests: valid profiles with some records
broken on purpose, written in every format, and a record of which records
were broken and which key each breaks.

A "breakage" is a function of (profile, draw) returning the broken profile
and the key the error must name; each can be written in every format unless
it says otherwise (CSV cells cannot hold nested data).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from hypothesis import strategies as st
from strategies import profiles

from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, MAX_LIST, enum_values, field_bounds

FORMATS = ("json", "yaml", "toml", "jsonl", "csv")
NUMBER_KEYS = tuple(k for k in FACT_KEYS if field_bounds(k) is not None)
FLOAT_KEYS = tuple(k for k in NUMBER_KEYS if not field_bounds(k)[2])  # type: ignore[index]
ENUM_KEYS = tuple(k for k in FACT_KEYS if enum_values(k) and k not in LIST_KEYS)
ENUM_LIST_KEYS = tuple(k for k in LIST_KEYS if enum_values(k))


@dataclass
class Record:
    data: dict[str, Any]
    broken_key: str | None = None
    """The top-level key the error must name (``labs.x`` for a lab), or
    ``""`` for a record broken as a whole (no key), or None when valid."""


Breakage = Callable[[st.DrawFn, dict[str, Any]], tuple[dict[str, Any], str]]


def _unknown_key(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    key = "zz_" + draw(st.text("abcdefghij_", min_size=1, max_size=8))
    return {**p, key: draw(st.sampled_from([1, "x", True]))}, key


def _wrong_type(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    key = draw(st.sampled_from(NUMBER_KEYS + ENUM_KEYS + ("darker_skin", "one_sided")))
    if key in NUMBER_KEYS:
        value: Any = draw(st.sampled_from(["many", "12 years", "1,5", "ten"]))
    elif key in ENUM_KEYS:
        value = draw(st.sampled_from(["not-a-" + key, "??", "yes please"]))
    else:
        value = draw(st.sampled_from(["maybe", "sometimes", "2"]))
    return {**p, key: value}, key


def _out_of_range(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    if draw(st.booleans()):
        lab = draw(st.sampled_from(LAB_KEYS))
        lo, hi, _ = field_bounds(f"labs.{lab}")  # type: ignore[misc]
        value = draw(st.sampled_from([hi * 10 + 1, -1.5, hi + 0.5]))
        return {**p, "labs": {**(p.get("labs") or {}), lab: value}}, f"labs.{lab}"
    key = draw(st.sampled_from(NUMBER_KEYS))
    lo, hi, integer = field_bounds(key)  # type: ignore[misc]
    value = draw(st.sampled_from([int(hi) + 1, -1, int(hi) * 1000]) if integer
                 else st.sampled_from([hi + 0.25, -0.5, hi * 1e6]))
    return {**p, key: value}, key


def _non_finite(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    value = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    if draw(st.booleans()):
        lab = draw(st.sampled_from(LAB_KEYS))
        return {**p, "labs": {**(p.get("labs") or {}), lab: value}}, f"labs.{lab}"
    key = draw(st.sampled_from(FLOAT_KEYS))
    return {**p, key: value}, key


def _bad_enum_item(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    key = draw(st.sampled_from(ENUM_LIST_KEYS))
    good = list(p.get(key) or [])
    return {**p, key: [*good, draw(st.sampled_from(["Crampz", "sore legs", "x", "n/a"]))]}, key


def _enormous_list(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    key = draw(st.sampled_from(ENUM_LIST_KEYS))
    n = draw(st.integers(MAX_LIST + 1, 3000))
    return {**p, key: [draw(st.sampled_from(enum_values(key)))] * n}, key


def _deeply_nested(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    key = draw(st.sampled_from(("age", "symptoms", "labs", "medications")))
    value: Any = "x"
    for _ in range(draw(st.integers(5, 60))):
        value = [value] if draw(st.booleans()) else {"k": value}
    return {**p, key: value}, key


def _control_character(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    ch = draw(st.sampled_from(["\n", "\r", "\x00", "\x1b", "\x7f", "\t"]))
    if draw(st.booleans()):
        return {**p, "id": f"{p['id']}{ch}x"}, "id"
    return {**p, "medications": [*(p.get("medications") or []), f"pill{ch}name"]}, "medications"


def _lone_surrogate(draw: st.DrawFn, p: dict[str, Any]) -> tuple[dict[str, Any], str]:
    ch = draw(st.sampled_from(["\ud800", "\udc80", "\udfff"]))
    key = draw(st.sampled_from(["id", "medications", "sex"]))
    if key == "medications":
        return {**p, key: [*(p.get(key) or []), f"a{ch}"]}, key
    return {**p, key: f"x{ch}"}, key


BREAKAGES: dict[str, Breakage] = {
    "unknown key": _unknown_key,
    "wrong type": _wrong_type,
    "out of range": _out_of_range,
    "non-finite": _non_finite,
    "bad enum item": _bad_enum_item,
    "enormous list": _enormous_list,
    "deeply nested": _deeply_nested,
    "control character": _control_character,
    "lone surrogate": _lone_surrogate,
}
ONLY_IN: dict[str, set[str]] = {
    "deeply nested": {"json", "yaml", "toml", "jsonl"},  # a CSV cell holds no nested data
    "lone surrogate": {"json", "jsonl"},  # only JSON can write one (as a \\ud800 escape)
}


@st.composite
def records(draw: st.DrawFn, fmt: str, size: tuple[int, int] = (1, 8)) -> list[Record]:
    """A few profiles, some broken, as they are to be written in `fmt`."""
    out = []
    allowed = [name for name in BREAKAGES if fmt in ONLY_IN.get(name, FORMATS)]
    for n in range(draw(st.integers(*size))):
        # Every record has an id: it matches records to entries, and keeps a
        # CSV row from being blank (a blank row is no profile at all).
        profile = {"id": f"rec-{n + 1}", **draw(profiles())}
        if fmt == "csv":
            # CSV cannot tell an empty list from a list not given.
            profile = {k: v for k, v in profile.items() if v != [] and v != {}}
        if draw(st.integers(0, 3)) == 0:
            name = draw(st.sampled_from(allowed))
            broken, key = BREAKAGES[name](draw, profile)
            out.append(Record(broken, key))
        else:
            out.append(Record(profile))
    return out


# --- writing -----------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write(fmt: str, recs: list[Record], single: bool = False) -> bytes:
    """The file that holds `recs` in `fmt` (`single`: one bare profile)."""
    data = [r.data for r in recs]
    if fmt == "json":
        return json.dumps(data[0] if single else data).encode()
    if fmt == "yaml":
        return yaml.safe_dump(data[0] if single else data, allow_unicode=True).encode()
    if fmt == "jsonl":
        return "".join(json.dumps(d) + "\n" for d in data).encode()
    if fmt == "toml":
        if single:
            return "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in data[0].items()).encode()
        return "".join("[[profiles]]\n" + "".join(f"{json.dumps(k)} = {_toml_value(v)}\n"
                                                 for k, v in d.items()) for d in data).encode()
    if fmt == "csv":
        columns: list[str] = []
        rows = []
        for d in data:
            flat = {k: v for k, v in d.items() if k != "labs"}
            if isinstance(d.get("labs"), dict):
                flat.update({f"labs.{k}": v for k, v in d["labs"].items()})
            rows.append(flat)
            columns += [k for k in flat if k not in columns]
        out = io.StringIO()
        # The default line terminator, \r\n, makes the writer quote a cell
        # holding a bare \r or \n, as spreadsheets do.
        writer = csv.writer(out)
        writer.writerow(columns or ["id"])
        for flat in rows:
            writer.writerow([_csv_cell(flat[c]) if c in flat else "" for c in columns] if columns else [""])
        return out.getvalue().encode()
    raise ValueError(fmt)


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """A profile as the model dumps it (ints where floats were given, etc.)."""
    out = {}
    for key, value in data.items():
        if key == "labs":
            out[key] = {k: float(v) for k, v in value.items()}
        elif key in FLOAT_KEYS:
            out[key] = float(value)
        else:
            out[key] = value
    return out
