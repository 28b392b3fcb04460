"""The facts vocabulary (contract §1): what `validate_profile` accepts, and the
one-line message it gives for everything it does not."""

from __future__ import annotations

import math

import pytest

from sorewhy.engine.profile import (
    FACT_KEYS,
    LAB_KEYS,
    LIST_KEYS,
    MAX_LIST,
    Profile,
    enum_values,
    field_bounds,
    json_schema,
    printable,
    validate_profile,
)
from sorewhy.errors import ProfileError
from sorewhy.knowledge import load as load_knowledge

CONTRACT_KEYS = {
    "age", "sex", "diet", "low_intake", "alcohol", "medications", "conditions", "sun_exposure",
    "darker_skin", "high_latitude", "exercise_load", "exercise_hours", "hot_environment",
    "heavy_sweating", "exercise_water_l_per_hour", "electrolyte_drinks", "fluid_losses",
    "daily_fluid_intake", "symptoms", "locations", "timing", "duration_days", "improves_with_rest",
    "severity", "recent_injury", "one_sided",
    # grown (#20)
    "onset", "course", "new_exercise", "clot_risks", "smoker",
}
CONTRACT_LABS = {
    "magnesium_mg_dl", "potassium_mmol_l", "sodium_mmol_l", "calcium_mg_dl", "vitamin_d_25oh_ng_ml",
    "vitamin_b12_pg_ml", "ferritin_ng_ml", "hemoglobin_g_dl",
}


def _error(data, where="profile 1") -> ProfileError:
    with pytest.raises(ProfileError) as info:
        validate_profile(data, "f.json", where)
    message = str(info.value)
    assert "\n" not in message, message
    assert message.startswith(f"f.json: {where}"), message
    message.encode("utf-8")
    return info.value


def test_vocabulary_holds_every_contract_key():
    assert CONTRACT_KEYS <= set(FACT_KEYS)
    assert CONTRACT_LABS <= set(LAB_KEYS)
    assert set(LIST_KEYS) == {"low_intake", "medications", "supplements", "conditions", "fluid_losses",
                              "symptoms", "locations", "timing", "clot_risks"}


def test_enum_values_match_the_contract():
    assert enum_values("sex") == ("female", "male", "other")
    assert enum_values("daily_fluid_intake") == ("low", "adequate", "high")
    assert "calf_swelling" in enum_values("symptoms") and len(enum_values("symptoms")) == 39
    assert enum_values("age") == () and enum_values("medications") == ()


def test_enum_values_hold_the_grown_vocabulary():
    # contract §1 as grown by #20: each new value is accepted, and the new keys are enumerated
    assert enum_values("onset") == ("sudden", "gradual")
    assert enum_values("course") == ("improving", "stable", "worsening")
    assert enum_values("clot_risks") == ("long_travel", "immobility", "recent_surgery", "leg_cast", "cancer",
                                         "pregnancy_or_postpartum", "oestrogen", "previous_clot")
    for value in ("fever", "unwell", "morning_stiffness", "pain_on_walking", "radiating_pain", "back_pain",
                  "spreading_weakness", "tense_swelling", "cold_intolerance", "weight_gain",
                  "bladder_bowel_problems"):
        assert value in enum_values("symptoms")
    assert {"neck", "shoulders", "hips", "buttocks"} <= set(enum_values("locations"))
    assert {"pregnancy", "hypothyroidism", "peripheral_arterial_disease", "polymyalgia_rheumatica",
            "heart_failure", "heavy_periods", "cancer"} <= set(enum_values("conditions"))
    profile = validate_profile({"onset": "sudden", "course": "worsening", "new_exercise": True,
                                "clot_risks": ["long_travel", "oestrogen"], "smoker": False,
                                "symptoms": ["spreading_weakness"], "locations": ["buttocks"],
                                "conditions": ["pregnancy"]}, "f.json", "p")
    assert profile.clot_risks == ["long_travel", "oestrogen"] and profile.smoker is False


def test_grown_keys_refuse_wrong_values_with_one_line():
    assert "expected one of sudden, gradual" in str(_error({"onset": "slow"}))
    assert "clot_risks" in str(_error({"clot_risks": ["flight"]}))
    assert "smoker" in str(_error({"smoker": "yes"}))


@pytest.mark.parametrize(("key", "bounds"), [
    ("age", (0, 120, True)),
    ("duration_days", (0, 36500, True)),
    ("exercise_hours", (0, 24, False)),
    ("exercise_water_l_per_hour", (0, 5, False)),
    ("labs.magnesium_mg_dl", (0.5, 10, False)),
    ("sex", None),
    ("nonsense", None),
])
def test_field_bounds(key, bounds):
    assert field_bounds(key) == bounds


def test_every_key_is_optional_and_absent_means_unknown():
    profile = validate_profile({}, "f", "p")
    assert all(getattr(profile, k) is None for k in FACT_KEYS)


def test_full_profile_validates():
    data = {
        "id": "case-1", "age": 44, "sex": "female", "diet": "vegan", "low_intake": ["dairy"],
        "alcohol": "none", "medications": ["omeprazole", "something new"], "conditions": ["anemia"],
        "sun_exposure": "low", "darker_skin": True, "high_latitude": False, "exercise_load": "intense",
        "exercise_hours": 2.5, "hot_environment": True, "heavy_sweating": True,
        "exercise_water_l_per_hour": 1, "electrolyte_drinks": False, "fluid_losses": ["diarrhea"],
        "daily_fluid_intake": "low", "symptoms": ["cramps"], "locations": ["calves"], "timing": ["night"],
        "duration_days": 10, "improves_with_rest": False, "severity": "mild", "recent_injury": False,
        "one_sided": False, "labs": {k: load_knowledge().labs[k].low for k in LAB_KEYS},
    }
    profile = validate_profile(data, "f", "p")
    assert profile.exercise_water_l_per_hour == 1.0
    assert profile.labs.ferritin_ng_ml == 15.0


@pytest.mark.parametrize(("data", "key", "says"), [
    ({"age": 121}, "age", "expected a whole number from 0 to 120, got 121"),
    ({"age": -1}, "age", "from 0 to 120"),
    ({"age": 30.5}, "age", "valid integer, got 30.5"),
    ({"age": "30"}, "age", 'valid integer, got "30"'),
    ({"age": True}, "age", "valid integer, got true"),
    ({"duration_days": 10**40}, "duration_days", "from 0 to 36500"),
    ({"age": 10**5000}, "age", "a number of about 5001 digits"),
    ({"exercise_hours": 25}, "exercise_hours", "a number from 0 to 24"),
    ({"exercise_hours": math.nan}, "exercise_hours", "finite number, got nan"),
    ({"exercise_hours": -math.inf}, "exercise_hours", "finite number, got -inf"),
    ({"exercise_water_l_per_hour": False}, "exercise_water_l_per_hour", "not true/false"),
    ({"labs": {"sodium_mmol_l": 1e6}}, "labs.sodium_mmol_l", "not possible in mmol/L; expected a value from 90"),
    ({"labs": {"sodium_mmol_l": "140"}}, "labs.sodium_mmol_l", "valid number"),
    ({"labs": {"sodium_mmol_l": True}}, "labs.sodium_mmol_l", "valid number"),
    ({"labs": {"sodium": 140}}, "labs.sodium", "140 has no unit"),
    ({"labs": {"sodum": 140}}, "labs.sodum", "did you mean 'sodium'"),
    ({"labs": {"calcium_mg_dl": 2.3}}, "labs.calcium_mg_dl",
     "calcium_mg_dl 2.3 is not possible in mg/dL; as mmol/L it would be 9.2 mg/dL — did you mean "
     "{value: 2.3, unit: mmol/L} under calcium?"),
    ({"labs": {"hemoglobin_g_dl": 135}}, "labs.hemoglobin_g_dl", "{value: 135, unit: g/L} under hemoglobin"),
    ({"labs": {"calcium": "2.3 nmol/L"}}, "labs.calcium", "'nmol/L' is not a unit of calcium"),
    ({"labs": {"calcium": "23 mmol/L"}}, "labs.calcium", "calcium 23 is not possible in mmol/L"),
    ({"labs": {"calcium": "2.3 mmol/L", "calcium_mg_dl": 9.2}}, "labs.calcium",
     "calcium and calcium_mg_dl are the same blood result"),
    ({"labs": {"sodium_mmol_l": "140 mmol/L"}}, "labs.sodium_mmol_l",
     'expected a bare number in mmol/L, got "140 mmol/L"; a value with its unit goes under sodium instead'),
    ({"labs": {"sodium_mmol_l": {"value": 140, "unit": "mmol/L"}}}, "labs.sodium_mmol_l",
     "a value with its unit goes under sodium instead"),
    ({"labs": "140"}, "labs", "mapping of lab names to results"),
    ({"sex": "x"}, "sex", "expected one of female, male, other"),
    ({"sex": "FEMMALE"}, "sex", "did you mean 'female'"),
    ({"diet": None, "sex": 3}, "sex", "got 3"),
    ({"symptoms": "cramps"}, "symptoms", "valid list"),
    ({"symptoms": ["crmps"]}, "symptoms[0]", "did you mean 'cramps'"),
    ({"symptoms": ["cramps", None]}, "symptoms[1]", "got null"),
    ({"symptoms": ["cramps"] * (MAX_LIST + 1)}, "symptoms", f"at most {MAX_LIST} items"),
    ({"medications": [""]}, "medications[0]", "at least 1 character"),
    ({"medications": ["x" * 101]}, "medications[0]", "at most 100 characters"),
    ({"medications": ["a\tb"]}, "medications[0]", "control characters"),
    ({"medications": "omeprazole"}, "medications", "valid list"),
    ({"id": "x" * 201}, "id", "at most 200 characters"),
    ({"id": "two\nlines"}, "id", "control characters"),
    ({"id": "\x1b[31mred"}, "id", "control characters (found \\x1b)"),
    ({"id": "\ud800"}, "id", "valid Unicode text"),
    ({"medications": ["\udcff"]}, "medications[0]", "valid Unicode text"),
    ({"darker_skin": "yes"}, "darker_skin", "valid boolean"),
    ({"darker_skin": 1}, "darker_skin", "valid boolean"),
    ({"colour": "red"}, "colour", "unknown key"),
    ({"Symptoms": ["cramps"]}, "Symptoms", "did you mean 'symptoms'"),
    ({"a\nb": 1}, "a\\nb", "unknown key"),
    ({"\udc80": 1}, "\\udc80", "valid Unicode"),
    ({"x" * 500: 1}, "x" * 57 + "...", "unknown key"),
])
def test_invalid_value_names_key_and_expectation(data, key, says):
    err = _error(data)
    assert err.key == key, str(err)
    assert says in str(err), str(err)


def test_non_mapping_and_non_text_keys():
    assert "expected a mapping of facts, got a list" in str(_error([1, 2]))
    assert "got text" in str(_error("age: 3"))
    assert "got null" in str(_error(None))
    err = _error({3: "x"})
    assert err.key == "3" and "text key" in str(err)


def test_several_problems_are_counted_and_the_first_is_stable():
    err = _error({"sex": "x", "age": -1, "zzz": 1})
    assert err.key == "age"
    assert "(and 2 more problems)" in str(err)


def test_duplicate_keys_reported_by_a_mapping_that_knows_them():
    class Remembering(dict):
        duplicate_keys = ("age",)

    err = _error(Remembering(age=4))
    assert err.key == "age" and "more than once" in str(err)
    labs = Remembering(ferritin_ng_ml=3.0)
    labs.duplicate_keys = ("ferritin_ng_ml",)
    err = _error({"labs": labs})
    assert err.key == "labs.ferritin_ng_ml"


def test_value_in_message_is_bounded():
    nested: list = []
    node = nested
    for _ in range(5000):
        node.append([])
        node = node[0]
    loop: list = []
    loop.append(loop)
    for value in (nested, loop, "y" * 10**6, list(range(10**6)), {"k" * 1000: "v"}, b"\x00" * 100, object()):
        message = str(_error({"age": value}))
        assert len(message) < 200, message


def test_printable_escapes_and_shortens():
    assert printable("plain") == "plain"
    assert printable("a\nb\tc\x00\x7f\x85") == "a\\nb\\tc\\x00\\x7f\\x85"
    assert printable("\ud800") == "\\ud800"
    assert printable("x" * 100, 10) == "xxxxxxx..."
    assert printable("x" * 100, None) == "x" * 100


def test_json_schema_describes_the_same_vocabulary():
    schema = json_schema()
    props = schema["$defs"]["Profile"]["properties"]
    assert set(props) == set(Profile.model_fields)
    assert schema["$defs"]["Profile"]["additionalProperties"] is False
    assert props["age"]["anyOf"][0]["maximum"] == 120


@pytest.mark.parametrize("data, key", [
    ({"id": "café", "medications": ["ibuprofène", "\ud800"]}, "medications[1]"),
    ({"id": "日本", "labs": {"\udc80": 1}}, "labs.\\udc80"),
    ({"id": "\udcff", "medications": ["ibuprofène"]}, "id"),
])
def test_profile_surrogate_is_named_among_other_non_ascii_text(data, key):
    err = _error(data)
    assert err.key == key and "valid Unicode" in str(err), str(err)


def test_profile_non_ascii_text_without_surrogates_is_valid():
    profile = validate_profile({"id": "café ☃", "medications": ["ibuprofène"]}, "x", "y")
    assert profile.id == "café ☃"


def test_enum_values_equal_those_of_the_vocabularys_json_schema():
    """enum_values reads each key's allowed values from its type; they are
    those of the JSON schema (the contract's vocabulary), in its order."""
    from sorewhy.engine.profile import Profile, enum_values

    schema = Profile.model_json_schema()

    def walk(node):
        if isinstance(node, dict):
            if "enum" in node:
                return tuple(node["enum"])
            if "const" in node:
                return (node["const"],)
            for sub in ("items", "anyOf"):
                if sub in node:
                    found = walk(node[sub])
                    if found:
                        return found
        if isinstance(node, list):
            out = ()
            for item in node:
                out += walk(item)
            return out
        return ()

    enumerated = 0
    for key in Profile.model_fields:
        if key == "labs":
            continue
        assert enum_values(key) == walk(schema["properties"][key]), key
        enumerated += bool(enum_values(key))
    assert enumerated >= 10  # sex, diet, symptoms, locations, ... are enumerated
