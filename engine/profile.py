"""The facts vocabulary (contract §1) as one validating model.

`Profile` validates every profile at the boundary and is also the source of
the JSON Schema that ``sorewhy schema`` prints, so the vocabulary is written
once. Every key is optional: a key that is absent is *unknown*, never *no*.
"""

from __future__ import annotations

import functools
import json
import math
import re
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    WithJsonSchema,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sorewhy.engine.units import (
    LabReading,
    LabValueError,
    check_plausible,
    lab_by_key,
    read_lab,
    reading_of_key,
    split_quantity,
)
from sorewhy.errors import _UNSAFE_TEXT, ProfileError, printable
from sorewhy.knowledge import SUPPLEMENT_IDS, lab_table

MAX_LIST = 64
"""No list in a profile may be longer: every enumerated list has fewer distinct
values, and a free-text medication list this long is a broken record."""

Sex = Literal["female", "male", "other"]
Diet = Literal["omnivore", "pescatarian", "vegetarian", "vegan"]
FoodGroup = Literal[
    "leafy_greens", "nuts_seeds", "whole_grains", "dairy", "fruit_vegetables",
    "legumes", "fatty_fish", "fortified_foods", "meat", "eggs",
]
Alcohol = Literal["none", "moderate", "heavy"]
ConditionName = Literal[
    "chronic_kidney_disease", "malabsorption", "autoimmune_disease",
    "gitelman_syndrome", "anemia", "diabetes",
    "pregnancy", "hypothyroidism", "peripheral_arterial_disease", "polymyalgia_rheumatica",
    "heart_failure", "heavy_periods", "cancer",
]
SupplementName = Literal[SUPPLEMENT_IDS]  # type: ignore[valid-type]
Level3 = Literal["low", "moderate", "high"]
ExerciseLoad = Literal["none", "light", "moderate", "intense"]
FluidLoss = Literal["vomiting", "diarrhea"]
FluidIntake = Literal["low", "adequate", "high"]
Symptom = Literal[
    "soreness", "cramps", "spasms", "twitching", "tension", "weakness", "fatigue",
    "aches", "bone_pain", "tingling", "numbness", "balance_problems", "palpitations",
    "irregular_heartbeat", "pale_skin", "brittle_nails", "restless_legs",
    "mood_changes", "constipation", "slow_recovery", "wobbliness", "thirst",
    "seizures", "confusion", "chest_pain", "dark_urine", "calf_swelling", "paralysis",
    "fever", "unwell", "morning_stiffness", "pain_on_walking", "radiating_pain", "back_pain",
    "spreading_weakness", "tense_swelling", "cold_intolerance", "weight_gain", "bladder_bowel_problems",
]
Location = Literal[
    "calves", "hamstrings", "thighs", "legs", "feet", "hands", "arms", "back", "whole_body",
    "neck", "shoulders", "hips", "buttocks",
]
Timing = Literal["night", "after_exercise", "during_exercise", "at_rest", "anytime"]
Severity = Literal["mild", "moderate", "severe"]
Onset = Literal["sudden", "gradual"]
Course = Literal["improving", "stable", "worsening"]
ClotRisk = Literal[
    "long_travel", "immobility", "recent_surgery", "leg_cast", "cancer", "pregnancy_or_postpartum",
    "oestrogen", "previous_clot",
]

StrictBool = Annotated[bool, Field(strict=True)]

_FORMAT_CHARS = frozenset("\u061c\u2028\u2029\ufeff" + "".join(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F),
                                                                     *range(0x2060, 0x2065), *range(0x2066, 0x206A)])))


def _plain_text(value: str) -> str:
    # A name is printed in tables, traces and one-line error messages: a line
    # break or a lone surrogate (invalid Unicode, e.g. from a JSON "\\ud800"
    # escape) would break them, or make printing the report fail; a bidi
    # override or a zero-width character would make one name look like another.
    bad = _UNSAFE_TEXT.search(value)
    if bad is not None:
        what = "invisible formatting characters" if bad.group() in _FORMAT_CHARS else "control characters"
        raise ValueError(f"expected plain text without {what} (found {printable(bad.group())})")
    if not value.strip():
        raise ValueError("expected text with at least one visible character")
    return value


PlainText = AfterValidator(_plain_text)


def _finite(lo: float, hi: float, description: str) -> Any:
    return Annotated[
        float, Field(ge=lo, le=hi, allow_inf_nan=False, description=description)
    ]


class _LabsBase(BaseModel):
    """Blood results: under a unit-suffixed key, a number in that unit
    (``calcium_mg_dl: 9.4``); under a unit-free key, the value with its unit
    (``calcium: "2.35 mmol/L"`` or ``{value: 2.35, unit: mmol/L}``). Built from
    ``knowledge/labs.yaml``, one pair of keys per analyte."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="after")
    def _once(self) -> _LabsBase:
        if self.__pydantic_fields_set__.isdisjoint(_analytes()):
            return self  # no unit-free key given, so no result given twice (the common case)
        for lab in lab_table():
            if getattr(self, lab.key) is not None and getattr(self, lab.analyte) is not None:
                raise PydanticCustomError(
                    "lab_twice", "{analyte} and {key} are the same blood result; expected it under one of them",
                    {"analyte": lab.analyte, "key": lab.key})
        return self

    def readings(self) -> list[LabReading]:
        """Every result given, in the order of ``knowledge/labs.yaml``."""
        out: list[LabReading] = []
        for lab in lab_table():
            value = getattr(self, lab.key)
            if value is not None:
                out.append(reading_of_key(lab.key, value))
            else:
                reading = getattr(self, lab.analyte)
                if reading is not None:
                    out.append(reading)
        return out


@functools.cache
def _analytes() -> frozenset[str]:
    return frozenset(lab.analyte for lab in lab_table())


def _plausible(key: str, value: float) -> float:
    try:
        return check_plausible(key, value)
    except LabValueError as exc:
        raise PydanticCustomError("lab_value", str(exc)) from None


def _reading(analyte: str, value: Any) -> LabReading | None:
    if value is None:
        return None
    try:
        return read_lab(analyte, value)
    except LabValueError as exc:
        raise PydanticCustomError("lab_value", str(exc)) from None


def _lab_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for lab in lab_table():
        lo, hi = lab.plausible
        fields[lab.key] = (Annotated[
            float,
            Field(allow_inf_nan=False, description=f"{lab.description}, {lab.unit}",
                  json_schema_extra={"minimum": lo, "maximum": hi}),
            AfterValidator(functools.partial(_plausible, lab.key)),
        ] | None, None)
    for lab in lab_table():
        units = ", ".join(lab.units)
        schema = {
            "description": f"{lab.description} with its unit ({units}), the same result as {lab.key}",
            "anyOf": [
                {"type": "string", "pattern": r"^\s*[+-]?[0-9.,]+\s*\S.*$",
                 "examples": [f"{lab.high or lab.low:g} {lab.unit}"]},
                {"type": "object", "properties": {"value": {"type": "number"},
                                                  "unit": {"type": "string", "description": f"one of {units}"}},
                 "required": ["value", "unit"], "additionalProperties": False},
                {"type": "null"},
            ],
        }
        fields[lab.analyte] = (Annotated[
            Any, BeforeValidator(functools.partial(_reading, lab.analyte)), WithJsonSchema(schema),
        ], None)
    return fields


Labs = create_model("Labs", __base__=_LabsBase, **_lab_fields())


def _list(item: Any, description: str) -> Any:
    return Annotated[list[item], Field(max_length=MAX_LIST, description=description)]


class Profile(BaseModel):
    """One person's facts. Every key is optional; absent means unknown."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        title="sorewhy profile",
    )

    id: Annotated[str, Field(min_length=1, max_length=200, description="the profile's name"), PlainText] | None = None
    age: Annotated[int, Field(ge=0, le=120, description="years")] | None = None
    sex: Sex | None = None
    diet: Diet | None = Field(default=None, description="diet type")
    low_intake: _list(FoodGroup, "food groups eaten rarely or never") | None = None  # type: ignore[valid-type]
    alcohol: Alcohol | None = None
    medications: _list(  # type: ignore[valid-type]
        Annotated[str, Field(min_length=1, max_length=100), PlainText],
        "medicines as written on the box or prescription: generic or brand names, abbreviations, "
        "combinations and everyday words (doses and schedules are ignored)",
    ) | None = None
    supplements: _list(  # type: ignore[valid-type]
        SupplementName,
        "supplements already taken (also read from the medications list as people write them: "
        "Adcal-D3, magnesium glycinate, vitamin D 1000 IU)",
    ) | None = None
    conditions: _list(ConditionName, "diagnosed conditions") | None = None  # type: ignore[valid-type]
    sun_exposure: Level3 | None = Field(default=None, description="time in daylight with skin exposed")
    darker_skin: StrictBool | None = None
    high_latitude: StrictBool | None = Field(default=None, description="lives far from the equator (long winters)")
    exercise_load: ExerciseLoad | None = Field(default=None, description="usual training")
    exercise_hours: _finite(0, 24, "length of a usual session, hours") | None = None  # type: ignore[valid-type]
    hot_environment: StrictBool | None = Field(default=None, description="trains in heat")
    heavy_sweating: StrictBool | None = None
    exercise_water_l_per_hour: _finite(0, 5, "plain water drunk per hour of exercise, litres") | None = None  # type: ignore[valid-type]
    electrolyte_drinks: StrictBool | None = Field(default=None, description="replaces electrolytes when training")
    fluid_losses: _list(FluidLoss, "recent or recurring") | None = None  # type: ignore[valid-type]
    daily_fluid_intake: FluidIntake | None = None
    symptoms: _list(Symptom, "what the person feels or has noticed") | None = None  # type: ignore[valid-type]
    onset: Onset | None = Field(default=None, description="how it began")
    course: Course | None = Field(default=None, description="how it is going")
    new_exercise: StrictBool | None = Field(
        default=None, description="new, harder or unaccustomed exercise in the days before it began"
    )
    clot_risks: _list(  # type: ignore[valid-type]
        ClotRisk,
        "risk factors for a blood clot (oestrogen is also read from the medicines: the combined pill, HRT)",
    ) | None = None
    smoker: StrictBool | None = None
    locations: _list(Location, "where") | None = None  # type: ignore[valid-type]
    timing: _list(Timing, "when") | None = None  # type: ignore[valid-type]
    duration_days: Annotated[int, Field(ge=0, le=36500, description="how long it has lasted, days")] | None = None
    improves_with_rest: StrictBool | None = None
    severity: Severity | None = None
    recent_injury: StrictBool | None = Field(
        default=None, description="pain began with one specific movement or incident"
    )
    one_sided: StrictBool | None = Field(default=None, description="only one limb is affected")
    labs: Labs | None = Field(  # type: ignore[valid-type]
        default=None,
        description="blood results, when the person has them: a number under a unit-suffixed key "
                    "(calcium_mg_dl: 9.4) or the value with its unit under a unit-free key (calcium: \"2.35 mmol/L\")",
    )

    _read_as: tuple[dict[str, str], ...] = PrivateAttr(default=())

    @property
    def read_as(self) -> tuple[dict[str, str], ...]:
        """The values written otherwise than the vocabulary spells them and read
        as one of its values (``sex: Male`` as ``male``), as :func:`read_leniently`
        found them: ``{"key", "given", "read_as"}`` each."""
        return self._read_as

    @field_validator("exercise_hours", "exercise_water_l_per_hour", mode="before")
    @classmethod
    def _no_bool_numbers(cls, value: Any) -> Any:
        # JSON true/false must not pass as 1/0.
        if isinstance(value, bool):
            raise ValueError("expected a number, not true/false")
        return value


# Keys by the shape of their value, derived from the model so they cannot drift.
def _is_list(annotation: Any) -> bool:
    for arg in (annotation, *get_args(annotation)):
        if getattr(arg, "__origin__", None) is list:
            return True
        if get_args(arg) and _is_list_inner(arg):
            return True
    return False


def _is_list_inner(annotation: Any) -> bool:
    return any(getattr(a, "__origin__", None) is list for a in get_args(annotation))


LIST_KEYS: tuple[str, ...] = tuple(name for name, f in Profile.model_fields.items() if _is_list(f.annotation))
LAB_KEYS: tuple[str, ...] = tuple(lab.key for lab in lab_table())
"""The unit-suffixed lab keys (a number in the key's unit), what rules reason with."""
LAB_ANALYTES: tuple[str, ...] = tuple(lab.analyte for lab in lab_table())
"""The unit-free lab keys (a value with its unit)."""
LAB_INPUT_KEYS: tuple[str, ...] = LAB_KEYS + LAB_ANALYTES
FACT_KEYS: tuple[str, ...] = tuple(k for k in Profile.model_fields if k not in ("id", "labs"))
_PROFILE_FIELDS = frozenset(Profile.model_fields)
_LAB_FIELDS = frozenset(Labs.model_fields)
"""The models' keys, for the checks run on every profile (asking a model
class for its ``model_fields`` costs more than the check itself)."""


@functools.cache
def _profile_schema() -> dict[str, Any]:
    # Building the schema takes milliseconds; the vocabulary never changes in
    # a process. Callers below only read it.
    return Profile.model_json_schema()


@functools.cache
def enum_values(key: str) -> tuple[str, ...]:
    """The allowed values of an enumerated key (or list key), else (), in the
    order the model's ``Literal`` gives them (the order of the facts
    vocabulary's JSON schema, which a test checks). Read from the field's
    type rather than from the JSON schema, whose building costs several
    milliseconds of every start-up (reports list values in this order)."""
    return _literal_values(Profile.model_fields[key].annotation)


def _literal_values(annotation: Any) -> tuple[Any, ...]:
    """The values of the ``Literal`` types in `annotation`, through
    ``Optional``/unions (each alternative's in turn), ``Annotated`` and ``list``."""
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return tuple(typing.get_args(annotation))
    if origin is Annotated:
        return _literal_values(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list):
        out: tuple[Any, ...] = ()
        for arg in typing.get_args(annotation):
            out += _literal_values(arg)
        return out
    return ()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a facts file: one profile, a list of profiles, or a
    mapping with a ``profiles`` list."""
    one = Profile.model_json_schema(ref_template="#/$defs/{model}")
    defs = one.pop("$defs", {})
    defs["Profile"] = one
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "sorewhy facts file",
        "description": (
            "One profile, a list of profiles, or a mapping with a 'profiles' list. "
            "Every key is optional: a key not given means unknown, never no."
        ),
        "oneOf": [
            {"$ref": "#/$defs/Profile"},
            {"type": "array", "items": {"$ref": "#/$defs/Profile"}},
            {
                "type": "object",
                "properties": {"profiles": {"type": "array", "items": {"$ref": "#/$defs/Profile"}}},
                "required": ["profiles"],
                "additionalProperties": False,
            },
        ],
        "$defs": defs,
    }


_DESCRIBE_LIMIT = 60


def _describe(value: Any) -> str:
    """A short JSON-like rendering of a bad value for an error message.

    Bounded whatever the value: huge, deeply nested or self-referential
    (YAML anchors), numbers too long to print, bytes, dates."""
    text = _render(value, depth=0)
    return printable(text, _DESCRIBE_LIMIT)


def _render(value: Any, depth: int) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if value.bit_length() > 128:
            digits = int(value.bit_length() * 0.30103) + 1
            return f"a number of about {digits} digits"
        return str(value)
    if isinstance(value, float):
        return repr(value) if not math.isfinite(value) else json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value[: _DESCRIBE_LIMIT + 1], ensure_ascii=False)
    if isinstance(value, dict):
        if depth >= 3:
            return "{...}"
        items = []
        for n, (k, v) in enumerate(value.items()):
            if n == 8:
                items.append("...")
                break
            items.append(f"{_render(k, depth + 1)}: {_render(v, depth + 1)}")
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        if depth >= 3:
            return "[...]"
        items = []
        for n, v in enumerate(value):
            if n == 8:
                items.append("...")
                break
            items.append(_render(v, depth + 1))
        return "[" + ", ".join(items) + "]"
    if isinstance(value, (bytes, bytearray)):
        return f"binary data ({len(value)} bytes)"
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return f"{iso()} (a date)"
    return f"a {type(value).__name__}"


def _close_matches(word: str, choices: Any, n: int) -> list[str]:
    import difflib  # only to suggest a spelling for a wrong value

    return difflib.get_close_matches(word, choices, n=n)


def _allowed(ctx: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def _expected(err: Mapping[str, Any], list_separator: str | None = None) -> tuple[str, str]:
    """What a key expected, and a hint (``did you mean ...``) or "". A list
    item of a CSV cell (`list_separator` given) holding another separator
    gets the file's separator as its hint."""
    kind = err.get("type", "")
    if kind == "literal_error":
        ctx = err.get("ctx") or {}
        allowed = _allowed(ctx)
        given = err.get("input")
        if list_separator and _other_separator(err, list_separator):
            return "expected one value per list item", f"; separate list values with `{list_separator}`"
        close = _close_matches(given.strip().lower(), allowed, 1) if isinstance(given, str) else []
        return f"expected one of {', '.join(allowed)}", (f"; did you mean '{close[0]}'?" if close else "")
    return _expected_text(err), ""


def _other_separator(err: Mapping[str, Any], list_separator: str) -> bool:
    """Whether a list item holds a list separator other than `list_separator`
    (``cramps, weakness`` in a file that separates list values with ``;``)."""
    loc = tuple(err.get("loc", ()))
    given = err.get("input")
    return (len(loc) == 2 and isinstance(loc[1], int) and isinstance(given, str)
            and any(sep in given for sep in (",", ";") if sep != list_separator))


def _expected_text(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    msg = err.get("msg", "invalid value")
    ctx = err.get("ctx") or {}
    loc = tuple(err.get("loc", ()))
    lab = _unit_on_suffixed_key(err)
    if lab is not None:
        return (f"expected a bare number in {lab.unit}, got {_describe(err['input'])}; a value with its unit "
                f"goes under {lab.analyte} instead, such as {lab.analyte}: \"{_typical(lab)} {lab.unit}\"")
    if kind == "extra_forbidden":
        known = LAB_INPUT_KEYS if loc[:1] == ("labs",) else tuple(Profile.model_fields)
        close = _close_matches(str(loc[-1]).lower(), known, 1) if loc else []
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown key{hint} (see `sorewhy schema` for the vocabulary)"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = field_bounds(_key_path(loc)) if loc else None
        if bounds is not None:
            lo, hi, integer = bounds
            what = "a whole number" if integer else "a number"
            return f"expected {what} from {lo:g} to {hi:g}"
        return "expected " + msg.removeprefix("Input should be ")
    if kind == "finite_number":
        return "expected a finite number"
    if kind == "too_long":
        if isinstance(err.get("input"), list):
            return f"expected at most {ctx.get('max_length')} items"
        return "expected a shorter value"
    if kind in ("model_type", "model_attributes_type", "dict_type") and loc[:1] == ("labs",):
        return "expected a mapping of lab names to results"
    if msg.startswith("String should have "):
        return "expected " + msg.removeprefix("String should have ")
    if msg.startswith("Input should be "):
        return "expected " + msg.removeprefix("Input should be ")
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    return msg


def _unit_on_suffixed_key(err: Mapping[str, Any]) -> Any:
    """The lab whose unit-suffixed key was given a value with a unit (text or
    a mapping), else None."""
    loc = tuple(err.get("loc", ()))
    given = err.get("input")
    if not (loc[:1] == ("labs",) and len(loc) == 2 and loc[1] in LAB_KEYS):
        return None
    if isinstance(given, str):
        try:
            if not split_quantity(given[:200])[1]:
                return None  # a number as text: not a unit's doing
        except LabValueError:
            return None
    elif not isinstance(given, dict):
        return None
    return lab_by_key(str(loc[1]))


def _typical(lab: Any) -> str:
    return f"{lab.high or lab.low:g}"


def _key_path(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + printable(str(item), 60))
    return "".join(parts)


@functools.cache
def field_bounds(key: str) -> tuple[float, float, bool] | None:
    """``(minimum, maximum, integer)`` of a numeric key (``age``,
    ``exercise_hours``, ``labs.ferritin_ng_ml``, ...), else None."""
    schema = _profile_schema()
    if key.startswith("labs."):
        props = schema["$defs"]["Labs"]["properties"]
        key = key.removeprefix("labs.")
    else:
        props = schema["properties"]
    prop = props.get(key)
    if prop is None:
        return None
    for option in prop.get("anyOf", [prop]):
        if option.get("type") in ("integer", "number") and "minimum" in option and "maximum" in option:
            return float(option["minimum"]), float(option["maximum"]), option["type"] == "integer"
    return None


def _duplicates(data: Any) -> tuple[str, ...]:
    # Loaders hand over mappings that remember keys given twice (JSON and YAML
    # otherwise keep the last silently, losing the first value).
    return tuple(getattr(data, "duplicate_keys", ()))


@functools.cache
def _enumerated() -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key in FACT_KEYS if (values := enum_values(key))}


def read_leniently(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[dict[str, str], ...]]:
    """Enumerated values as people write them, read as the vocabulary's
    values where that is unambiguous (any case, singular or plural, the words
    of ``knowledge/words.yaml``: ``Male``, ``F``, ``Cramps``, ``CALVES``):
    the data with those values replaced (the same mapping when none was), and
    what was read as what. Anything else is left for validation to refuse."""
    enumerated = _enumerated()
    changed: dict[str, Any] = {}
    read: list[dict[str, str]] = []
    for key, value in data.items():
        allowed = enumerated.get(key)
        if allowed is None:
            continue
        if isinstance(value, str):
            if value not in allowed:
                got = _read_value(key, value)
                if got is not None:
                    changed[key] = got
                    read.append({"key": key, "given": value, "read_as": got})
        elif isinstance(value, list) and not all(item in allowed for item in value if isinstance(item, str)):
            items = list(value)
            for n, item in enumerate(items):
                if isinstance(item, str) and item not in allowed:
                    got = _read_value(key, item)
                    if got is not None:
                        items[n] = got
                        read.append({"key": key, "given": item, "read_as": got})
            changed[key] = items
    if not changed:
        return data, ()
    out = dict(data)
    out.update(changed)
    return out, tuple(read)


def _read_value(key: str, text: str) -> str | None:
    from sorewhy.engine.words import read_value

    return read_value(key, text)


def validate_profile(data: Any, source: str, where: str, text_checked: bool = False,
                     list_separator: str | None = None) -> Profile:
    """Validate one raw profile mapping.

    ``source`` names the file (or ``<stdin>``), ``where`` the profile (its id,
    or row/line number). Raises :class:`ProfileError` naming the first problem.

    ``text_checked`` says that the caller knows every key of ``data`` to be
    text and no text in it to hold a lone surrogate (a JSON line that is all
    ASCII with no ``\\u`` escape, a CSV row once its bytes are checked): the
    two checks for those are then skipped, as they could find nothing, and
    everything else is the same.

    ``list_separator`` says that list values came from CSV cells separated
    by it (a value holding the other separator is told to use it). The error
    names every problem found in :attr:`ProfileError.problems`.
    """
    if not isinstance(data, dict):
        raise ProfileError(source, where, None, f"expected a mapping of facts, got {_kind(data)}")
    if not text_checked:
        for key in data:
            if not isinstance(key, str):
                raise ProfileError(source, where, _describe(key), "expected a text key")
        _check_unicode(data, source, where)
    twice = _duplicates(data)
    if twice:
        raise ProfileError(source, where, printable(twice[0], 60), "given more than once; expected each key once")
    _first_unknown_key(data, _PROFILE_FIELDS, source, where, "")
    labs = data.get("labs")
    if isinstance(labs, dict):
        _first_unknown_key(labs, _LAB_FIELDS, source, where, "labs.")
    if isinstance(labs, dict) and _duplicates(labs):
        raise ProfileError(source, where, "labs." + printable(_duplicates(labs)[0], 60),
                           "given more than once; expected each key once")
    data, read = read_leniently(data)
    try:
        profile = Profile.model_validate(data)
        if read:
            profile._read_as = read
        return profile
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # Name the first error, and list them all; sort so that the message is stable.
        errors.sort(key=lambda e: tuple(str(p) for p in e.get("loc", ())))
        problems = tuple(_problem(err, list_separator) for err in errors)
        key, expected = problems[0]
        more = len(errors) - 1
        if more:
            expected += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise ProfileError(source, where, key, expected, problems) from None


def _problem(err: Mapping[str, Any], list_separator: str | None) -> tuple[str | None, str]:
    """One validation error as ``(key, expected)``."""
    loc = tuple(err.get("loc", ()))
    expected, hint = _expected(err, list_separator)
    if (err.get("type") not in ("extra_forbidden", "lab_value", "lab_twice") and "input" in err
            and _unit_on_suffixed_key(err) is None):
        expected += f", got {_describe(err['input'])}"
    expected += hint
    key = _key_path(loc) or None
    if err.get("type") == "lab_twice":  # name the result, not the whole labs mapping
        key = f"labs.{(err.get('ctx') or {}).get('analyte')}"
    return key, expected


def _first_unknown_key(data: dict[Any, Any], known: Any, source: str, where: str, prefix: str) -> None:
    """A mapping with more keys than the vocabulary has is refused at its
    first unknown key, before validation would describe every one of them
    (a million unknown keys would take a gigabyte of error objects)."""
    if len(data) <= len(known):
        return
    for key in data:
        if key not in known:
            err = {"type": "extra_forbidden", "loc": (*((prefix[:-1],) if prefix else ()), key)}
            raise ProfileError(source, where, prefix + printable(str(key), 60), _expected_text(err))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _all_ascii(data: dict[str, Any]) -> bool:
    """Whether every text :func:`_check_unicode` looks at is ASCII (so holds
    no surrogate): the common case, checked without a regular expression."""
    for key, value in data.items():
        if not key.isascii():
            return False
        if isinstance(value, str):
            if not value.isascii():
                return False
        elif isinstance(value, list):
            for item in value[: MAX_LIST + 1]:
                if isinstance(item, str) and not item.isascii():
                    return False
        elif key == "labs" and isinstance(value, dict):
            for lab in value:
                if isinstance(lab, str) and not lab.isascii():
                    return False
    return True


def _check_unicode(data: dict[str, Any], source: str, where: str) -> None:
    """Lone surrogates (a JSON "\\ud800" escape, or undecodable bytes) are not
    text: name the key rather than fail when the report is printed."""
    if _all_ascii(data):
        return
    for key, value in data.items():
        if _has_surrogate(key):
            raise ProfileError(source, where, printable(key, 60), "expected a key in valid Unicode text")
        if isinstance(value, str) and _has_surrogate(value):
            raise ProfileError(source, where, printable(key, 60),
                               f"expected valid Unicode text, got {_describe(value)}")
        if isinstance(value, list):
            for n, item in enumerate(value[: MAX_LIST + 1]):
                if isinstance(item, str) and _has_surrogate(item):
                    raise ProfileError(source, where, f"{printable(key, 60)}[{n}]",
                                       f"expected valid Unicode text, got {_describe(item)}")
        if key == "labs" and isinstance(value, dict):
            for lab in value:
                if isinstance(lab, str) and _has_surrogate(lab):
                    raise ProfileError(source, where, "labs." + printable(lab, 60),
                                       "expected a key in valid Unicode text")


def _kind(value: Any) -> str:
    names = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false",
             type(None): "null"}
    return names.get(type(value), type(value).__name__)
