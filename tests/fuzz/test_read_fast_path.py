"""The cheaper reading of JSON Lines lines and CSV rows gives what the plain
reading gives: the same Profile field by field, or the very same error.

Reading a line once took `json.loads` with a new decoder and a KeyedDict for
every mapping, then every text check of `validate_profile`; a CSV row had
each cell's key looked at anew. The old ways are kept below as references,
and random valid and broken records (keys twice, lone surrogates, escapes,
non-ASCII text, wrong types, unknown keys, bad JSON, odd cells) must read the
same both ways.
"""

from __future__ import annotations

import json
import random
from typing import Any

from helpers import profile_generator

from sorewhy.engine import loaders
from sorewhy.engine.profile import LAB_KEYS, validate_profile
from sorewhy.errors import ProfileError

_PROFILES = profile_generator()  # benchmarks/profiles.py


def _old_pairs(pairs: list[tuple[str, Any]]) -> loaders.KeyedDict:
    out = loaders.KeyedDict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = []
        for key, _ in pairs:
            if key in seen and key not in twice:
                twice.append(key)
            seen.add(key)
        out.duplicate_keys = tuple(twice)
    return out


def _old_jsonl_entry(source: str, lineno: int, raw: bytes) -> loaders.Entry:
    """The line's entry read the plain way: json.loads and every check."""
    label = f"line {lineno}"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return loaders.Entry(source, lineno, label, None, ProfileError(source, label, None, "not UTF-8 text"))
    try:
        data = json.loads(text, object_pairs_hook=_old_pairs)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            reason = f"{exc.msg} at column {exc.colno}"
        elif isinstance(exc, RecursionError):
            reason = "nested too deeply"
        else:
            reason = loaders._value_reason(exc)
        return loaders.Entry(source, lineno, label, None, ProfileError(source, label, None, f"invalid JSON: {reason}"))
    return loaders._validated(source, lineno, label, data)  # text_checked=False: every check


def _same(new: loaders.Entry | None, old: loaders.Entry | None) -> None:
    assert (new is None) == (old is None)
    if new is None or old is None:
        return
    assert (new.where, new.position, new.id, new.given_id) == (old.where, old.position, old.id, old.given_id)
    assert str(new.error) == str(old.error)
    assert new.profile == old.profile  # pydantic: every field, and which were given
    if new.profile is not None:
        assert new.profile.model_dump() == old.profile.model_dump()


_ODD_TEXT = ["caf\u00e9", "\u2028x", "a\u202eb", "\\ud800", "\\udc80x", "\\u00e9", "\\u0041", "\\n", " ", "",
             "\u00a0ibuprofen", "\\\\u", "x\\"]


def _broken_line(rng: random.Random, data: dict[str, Any]) -> str:
    """A line of JSON text, one of the ways a line can be wrong (or right)."""
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    choice = rng.randrange(12)
    key = rng.choice(list(data))
    odd = rng.choice(_ODD_TEXT)
    if choice == 0:  # a key twice, at the top or in the labs
        return text[:-1] + f', "{key}": {json.dumps(data[key])}}}'
    if choice == 1 and "labs" in data and data["labs"]:
        lab = next(iter(data["labs"]))
        return text.replace('"labs": {', f'"labs": {{"{lab}": 1.0, ', 1)
    if choice == 2:  # an escape or odd text in a value
        return text[:-1] + f', "id": "{odd}"}}' if key != "id" else text.replace('"id": "', f'"id": "{odd}', 1)
    if choice == 3:  # in a list item
        return text[:-1] + f', "medications": ["{odd}", "ibuprofen"]}}'
    if choice == 4:  # in a key, top-level or labs
        where = rng.choice(["", '"labs": {'])
        return text[:-1] + (f', {where}"{odd}k": 1' + ("}" if where else "") + "}")
    if choice == 5:  # a bad type or value
        bad = rng.choice(["true", "-3", "1e999", "[1, 2]", "{}", '"x"', "null", "12345678901234567890"])
        at = rng.choice(["age", "diet", "symptoms", "labs", "darker_skin", "exercise_hours"])
        return text[:-1] + f', "{at}": {bad}}}'
    if choice == 6:  # not JSON, or not a mapping
        return rng.choice([text[:-1], text + "x", "[1, 2]", '"text"', "\ufeff" + text, "{\"a\" 1}", "nul"])
    if choice == 7:  # an unknown key
        return text[:-1] + ', "agee": 3}'
    if choice == 8:  # a lab given with its unit, or twice as key and analyte
        return text[:-1] + rng.choice([', "labs": {"calcium": "2.3 mmol/L", "calcium_mg_dl": 9.1}}',
                                       ', "labs": {"calcium_mg_dl": "9 mg/dL"}}', ', "labs": {"zinc": 1}}'])
    return text


def test_jsonl_lines_read_the_same_as_the_plain_way():
    gen = _PROFILES.ProfileGenerator(11)
    rng = random.Random(5)
    for n in range(1, 1501):
        data = gen.profile(n)
        text = json.dumps(data) if n % 4 == 0 else _broken_line(rng, data)
        raw = (text + "\n").encode("utf-8", errors="surrogatepass")
        _same(loaders._jsonl_entry("f.jsonl", n, raw), _old_jsonl_entry("f.jsonl", n, raw))


def test_text_checks_skipped_only_where_they_find_nothing():
    """`text_checked=True` is given only for text with no lone surrogate and
    text keys; there the two checks could only pass, so the result is that
    of the full validation, error or not."""
    gen = _PROFILES.ProfileGenerator(12)
    rng = random.Random(6)
    for n in range(1, 801):
        line = _broken_line(rng, gen.profile(n))
        if "\\u" in line:
            continue
        try:
            data = json.loads(line, object_pairs_hook=_old_pairs)
        except ValueError:
            continue
        results = []
        for checked in (False, True):
            try:
                results.append(validate_profile(data, "f", "p", checked))
            except ProfileError as exc:
                results.append(str(exc))
        assert results[0] == results[1]


def _old_cell(key: str, text: str) -> Any:
    lab = key.removeprefix("labs.")
    if key in loaders._INT_KEYS:
        return int(text) if loaders._INT_RE.fullmatch(text) else text
    if key in loaders._FLOAT_KEYS or (key.startswith("labs.") and lab in LAB_KEYS):
        return float(text) if loaders._FLOAT_RE.fullmatch(text) else text
    if key in loaders._BOOL_KEYS:
        low = text.lower()
        if low in loaders._TRUE:
            return True
        if low in loaders._FALSE:
            return False
        return text
    if key in loaders._LIST_KEYS:
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def _old_row_to_profile(header: list[str], row: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    lab_columns: dict[str, Any] = {}
    for key, text in zip(header, row, strict=False):
        text = text.strip()
        if not text:
            continue
        value = _old_cell(key, text)
        if key.startswith("labs.") and key != "labs.":
            lab_columns[key.removeprefix("labs.")] = value
        else:
            data[key] = value
    if lab_columns:
        if "labs" in data:
            raise loaders._Conflict("labs")
        data["labs"] = lab_columns
    return data


_CELLS = ["", " ", "3", " 42 ", "-1", "1_000", "\u0661\u0662", "2.5", ".5", "1e3", "nan", "inf", "x", "true", " Yes ",
          "n", "0", "1", "maybe", "cramps;fatigue", " cramps ; ; fatigue ", ";", "caf\u00e9", "9.4 mg/dL", "labs"]


def test_csv_rows_read_the_same_as_the_plain_way():
    rng = random.Random(7)
    headers = [_PROFILES.csv_header(), ["id", "age", "labs", "labs.", "labs.calcium_mg_dl", "labs.zinc", "labs.calcium",
                              "symptoms", "darker_skin", "exercise_hours", "", "agee", "duration_days"]]
    for n in range(3000):
        header = headers[n % 2]
        row = [rng.choice(_CELLS) if rng.random() < 0.5 else "" for _ in range(rng.randint(0, len(header)))]
        try:
            old: Any = _old_row_to_profile(header, row)
        except loaders._Conflict as exc:
            old = ("conflict", str(exc))
        try:
            new: Any = loaders._row_to_profile(header, [cell.strip() for cell in row])
        except loaders._Conflict as exc:
            new = ("conflict", str(exc))
        assert repr(new) == repr(old)  # the same values of the same types (and nan as nan)


def test_a_lab_given_twice_is_found_whatever_else_is_given():
    """The labs' check for a result given both with and without its unit
    skips the mappings with no unit-free key; every other mapping is checked."""
    from pydantic import ValidationError

    from sorewhy.engine.profile import Labs
    from sorewhy.knowledge import lab_table

    rng = random.Random(8)
    labs = lab_table()
    for _ in range(1500):
        data: dict[str, Any] = {}
        for lab in labs:
            if rng.random() < 0.3:
                data[lab.key] = rng.choice([None, lab.high or lab.low])
            if rng.random() < 0.15:
                data[lab.analyte] = rng.choice([None, f"{lab.high or lab.low:g} {lab.unit}"])
        twice = [lab.analyte for lab in labs if data.get(lab.key) is not None and data.get(lab.analyte) is not None]
        try:
            Labs.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors()
            assert [e["type"] for e in errors] == ["lab_twice"] and twice, errors
            assert errors[0]["ctx"]["analyte"] == twice[0]
        else:
            assert not twice, data
