"""Blood results with units (engine/units.py): conversions against published
factors, unit spellings, reading a value with its unit, plausibility and its
hint, and the interview's answer parsing."""

from __future__ import annotations

import json
import re

import pytest

from sorewhy.engine.units import (
    LabValueError,
    canonical_unit,
    convert,
    factor,
    parse_lab_answer,
    read_lab,
    split_quantity,
)
from sorewhy.knowledge import lab_table

# What one unit is in the key's unit, as laboratories and references publish it:
# NIH ODS vitamin D fact sheet (1 ng/mL = 2.496 nmol/L); SI conversion tables for
# calcium (mmol/L x 4.008 = mg/dL), magnesium (mmol/L x 2.431 = mg/dL; mEq/L x
# 1.215), B12 (pmol/L x 1.355 = pg/mL); hemoglobin g/L / 10 = g/dL, and in mmol/L
# (Hb monomer) x 1.611 = g/dL. sorewhy takes the monomer as 16,000 g/mol (x 1.6),
# the rounded convention, within 1% of the published factor.
PUBLISHED = [
    ("vitamin_d_25oh_ng_ml", "nmol/L", 1 / 2.496, 0.001),
    ("vitamin_d_25oh_ng_ml", "µg/L", 1.0, 0.0),
    ("calcium_mg_dl", "mmol/L", 4.008, 0.001),
    ("calcium_mg_dl", "mEq/L", 4.008 / 2, 0.001),
    ("magnesium_mg_dl", "mmol/L", 2.431, 0.001),
    ("magnesium_mg_dl", "mEq/L", 1.215, 0.001),
    ("potassium_mmol_l", "mEq/L", 1.0, 0.0),
    ("sodium_mmol_l", "mEq/L", 1.0, 0.0),
    ("vitamin_b12_pg_ml", "pmol/L", 1.355, 0.001),
    ("vitamin_b12_pg_ml", "ng/L", 1.0, 0.0),
    ("ferritin_ng_ml", "µg/L", 1.0, 0.0),
    ("hemoglobin_g_dl", "g/L", 0.1, 0.0),
    ("hemoglobin_g_dl", "mmol/L", 1.611, 0.01),
]


@pytest.mark.parametrize(("key", "unit", "published", "tolerance"), PUBLISHED,
                         ids=[f"{k}-{u}" for k, u, _, _ in PUBLISHED])
def test_factor_matches_the_published_conversion(key, unit, published, tolerance):
    assert factor(key, unit) == pytest.approx(published, rel=tolerance, abs=0 if tolerance else 1e-12)


def test_every_accepted_unit_of_every_analyte_converts():
    for lab in lab_table():
        assert factor(lab.key, lab.unit) == 1.0
        for unit in lab.units:
            assert factor(lab.key, unit) > 0, (lab.key, unit)


def test_conversion_of_an_identity_unit_is_exact():
    # No floating-point tail that could move a result off a band's edge.
    assert convert("ferritin_ng_ml", 15.0, "µg/L") == 15.0
    assert convert("vitamin_d_25oh_ng_ml", 20.0, "µg/L") == 20.0
    assert convert("hemoglobin_g_dl", 120.0, "g/L") == 12.0


def test_conversion_published_examples():
    assert convert("vitamin_d_25oh_ng_ml", 30, "nmol/L") == pytest.approx(12.0, abs=0.05)  # deficient
    assert convert("vitamin_d_25oh_ng_ml", 75, "nmol/L") == pytest.approx(30.0, abs=0.05)  # adequate
    assert convert("calcium_mg_dl", 2.3, "mmol/L") == pytest.approx(9.2, abs=0.05)
    assert convert("magnesium_mg_dl", 0.85, "mmol/L") == pytest.approx(2.07, abs=0.01)


@pytest.mark.parametrize(("text", "unit"), [
    ("mmol/L", "mmol/L"), ("MMOL/L", "mmol/L"), ("mmol / l", "mmol/L"), ("mEq/L", "mEq/L"), ("meq/l", "mEq/L"),
    ("ng/ml", "ng/mL"), ("NG/ML", "ng/mL"), ("ug/L", "µg/L"), ("µg/L", "µg/L"), ("μg/l", "µg/L"),
    ("mcg/L", "µg/L"), ("g/dl", "g/dL"), ("g/L", "g/L"), ("pmol/litre", "pmol/L"),
])
def test_units_match_whatever_their_case_spacing_and_micro(text, unit):
    assert canonical_unit(text) == unit


@pytest.mark.parametrize("text", ["mg", "furlongs", "", "mol", "nmol/kg"])
def test_unit_that_is_not_a_lab_unit_is_none(text):
    assert canonical_unit(text) is None


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("30 nmol/L", 30.0, "nmol/L"), ("30nmol/L", 30.0, "nmol/L"), ("  2,3 mmol/l ", 2.3, "mmol/l"),
    ("0.85", 0.85, ""), (".5 mg/dL", 0.5, "mg/dL"),
])
def test_split_quantity(text, value, unit):
    assert split_quantity(text) == (value, unit)


@pytest.mark.parametrize("text", ["about 30", "nmol/L", "1,234.5 pg/mL", "<5 ng/mL", "", "1,200 ng/mL",
                                  "5 / ng/mL"])
def test_split_quantity_refuses_what_is_not_a_number(text):
    with pytest.raises(LabValueError):
        split_quantity(text)


def test_read_lab_string_and_mapping_are_the_same_reading():
    text = read_lab("vitamin_d_25oh", "30 nmol/L")
    mapping = read_lab("vitamin_d_25oh", {"value": 30, "unit": "NMOL/L"})
    assert text.canonical == mapping.canonical == convert("vitamin_d_25oh_ng_ml", 30, "nmol/L")
    assert (text.value, text.unit, text.shown) == (mapping.value, mapping.unit, mapping.shown) == (
        30.0, "nmol/L", "30 nmol/L")
    assert (text.given, mapping.given) == ("30 nmol/L", "30 NMOL/L")


@pytest.mark.parametrize(("raw", "says"), [
    ("30", "30 has no unit"),
    (30, "30 has no unit"),
    ("30 mg/dL", "'mg/dL' is not a unit of vitamin D; expected one of ng/mL, nmol/L, µg/L"),
    ("30 parsecs", "'parsecs' is not a unit of vitamin D"),
    ({"value": 30}, "exactly the keys value and unit"),
    ({"value": True, "unit": "ng/mL"}, "expected a number"),
    ({"value": 30, "unit": 5}, "expected the unit as text"),
    ([30, "ng/mL"], "expected a value with its unit"),
])
def test_read_lab_errors_say_what_was_expected(raw, says):
    with pytest.raises(LabValueError, match=None) as info:
        read_lab("vitamin_d_25oh", raw)
    assert says in str(info.value)


def test_implausible_value_under_a_suffixed_key_names_the_unit_that_fits():
    from sorewhy.engine.units import check_plausible

    with pytest.raises(LabValueError) as info:
        check_plausible("calcium_mg_dl", 2.3)
    assert str(info.value) == ("calcium_mg_dl 2.3 is not possible in mg/dL; as mmol/L it would be 9.2 mg/dL "
                               "— did you mean {value: 2.3, unit: mmol/L} under calcium?")
    with pytest.raises(LabValueError, match="as g/L it would be 13.5 g/dL"):
        check_plausible("hemoglobin_g_dl", 135)


def test_implausible_value_under_a_unit_free_key_names_the_unit_that_fits():
    with pytest.raises(LabValueError) as info:
        read_lab("calcium", "9.2 mmol/L")
    assert "calcium 9.2 is not possible in mmol/L; as mg/dL it would be 9.2 mg/dL" in str(info.value)
    assert "{value: 9.2, unit: mg/dL} under calcium" in str(info.value)


def test_implausible_value_in_every_unit_says_the_limits():
    with pytest.raises(LabValueError, match="expected a value from 90 to 200 mmol/L"):
        read_lab("sodium", "5000 mmol/L")


def test_interview_answer_bare_number_is_in_the_questions_unit():
    assert parse_lab_answer("vitamin_d_25oh_ng_ml", "30") == 30.0
    assert parse_lab_answer("vitamin_d_25oh_ng_ml", "30 ng/ml") == 30.0


def test_interview_answer_with_another_unit_is_kept_as_typed():
    assert parse_lab_answer("vitamin_d_25oh_ng_ml", "75 nmol/l") == "75 nmol/L"
    assert parse_lab_answer("hemoglobin_g_dl", "135 g/L") == "135 g/L"


@pytest.mark.parametrize(("text", "says"), [
    ("75 mg", "is not a unit of vitamin D"),
    ("900", "not possible in ng/mL"),
    ("2.3", None),
])
def test_interview_answer_errors(text, says):
    if says is None:
        assert parse_lab_answer("vitamin_d_25oh_ng_ml", text) == 2.3
        return
    with pytest.raises(LabValueError, match=says):
        parse_lab_answer("vitamin_d_25oh_ng_ml", text)


# --- two spellings of one measurement: the same report ---------------------------

BASE = {"symptoms": ["bone_pain", "cramps", "fatigue"], "sun_exposure": "low", "diet": "vegan"}


def _report(evaluator, labs):
    return evaluator.evaluate({**BASE, "labs": labs}, "p")


def _without_given(report):
    out = json.loads(json.dumps(report))
    for read in out["labs_read"]:
        read.pop("given")
    return out


@pytest.mark.parametrize(("suffixed", "spellings"), [
    ({"calcium_mg_dl": 9.4}, [{"calcium": "9.4 mg/dL"}, {"calcium": "9.4mg/dl"}, {"calcium": "9,4 MG/DL"},
                              {"calcium": {"value": 9.4, "unit": "mg/dL"}}]),
    ({"ferritin_ng_ml": 22}, [{"ferritin": "22 ng/mL"}, {"ferritin": {"value": 22, "unit": "ng/ml"}}]),
    ({"potassium_mmol_l": 2.3}, [{"potassium": "2.3 mmol/L"}, {"potassium": {"value": 2.3, "unit": "MMOL/L"}}]),
])
def test_same_unit_spellings_give_byte_identical_reports_but_for_given(evaluator, suffixed, spellings):
    reference = _report(evaluator, suffixed)
    for labs in spellings:
        other = _report(evaluator, labs)
        assert json.dumps(_without_given(other)) == json.dumps(_without_given(reference)), labs
        if other["labs_read"][0]["given"] == reference["labs_read"][0]["given"]:
            assert json.dumps(other) == json.dumps(reference), labs


def test_micro_spellings_are_one_unit(evaluator):
    reports = [_report(evaluator, {"vitamin_d_25oh": f"30 {unit}"}) for unit in ("µg/L", "ug/L", "μg/l", "mcg/L")]
    assert len({json.dumps(_without_given(r)) for r in reports}) == 1
    assert reports[0]["labs_read"][0]["unit"] == "µg/L"


def _without_units(report):
    """What may differ between a result in one unit and its conversion in the
    key's unit: labs_read's given, value and unit, and the named result (the
    value in the unit given) that starts a lab rule's `says`."""
    out = _without_given(report)
    for read in out["labs_read"]:
        read.pop("value")
        read.pop("unit")
    text = json.dumps(out)
    return re.sub(r'"says": "[^"]*?: (critically low|low|borderline|normal|high|critically high)(; [^"]*?)?\. ',
                  '"says": "<result>. ', text)


@pytest.mark.parametrize(("analyte", "given"), [
    ("vitamin_d_25oh", "30 nmol/L"), ("vitamin_d_25oh", "75 nmol/L"), ("calcium", "2.3 mmol/L"),
    ("calcium", "1.7 mmol/L"), ("magnesium", "0.85 mmol/L"), ("magnesium", "1.4 mEq/L"),
    ("vitamin_b12", "170 pmol/L"), ("hemoglobin", "118 g/L"), ("hemoglobin", "7.4 mmol/L"),
])
def test_result_in_another_unit_gives_the_report_of_its_conversion(evaluator, analyte, given):
    reading = read_lab(analyte, given)
    converted = _report(evaluator, {reading.key: reading.canonical})
    original = _report(evaluator, {analyte: given})
    assert _without_units(original) == _without_units(converted)
    assert original["labs_read"][0]["given"] == given
    assert original["labs_read"][0]["band"] == converted["labs_read"][0]["band"]


# --- hostile values (#15): each a one-line LabValueError, never an internal error ---------


@pytest.mark.parametrize(("raw", "expected"), [
    ("NaN nmol/L", "expected a finite number and its unit, got 'NaN nmol/L'"),
    ("nan", "expected a finite number and its unit"),
    ("-inf nmol/L", "expected a finite number and its unit"),
    ("Infinity ng/mL", "expected a finite number and its unit"),
    ({"value": float("nan"), "unit": "nmol/L"}, "expected a finite number"),
    ({"value": float("inf"), "unit": "nmol/L"}, "expected a finite number"),
    ("1e9999 nmol/L", "expected a finite number"),
    ("1e308 nmol/L", "is not possible in nmol/L"),
    ("1e-9999 nmol/L", "vitamin_d_25oh 0 is not possible in nmol/L"),
    ("9" * 5000 + " nmol/L", "expected a finite number"),
    ({"value": 10 ** 400, "unit": "nmol/L"}, "expected a finite number, got a number too large"),
    ("30 furlongs/fortnight", "'furlongs/fortnight' is not a unit of vitamin D"),
    ("30 " + "n" * 100_000, "'nnnnnnnnnnnnnnnnn...' is not a unit of vitamin D"),
    ("30 mEq/L", "'mEq/L' is not a unit of vitamin D"),
    ("30 <b>nmol/L</b>", "expected a number and its unit"),
    ("30 nmol/L<script>", "'nmol/L<script>' is not a unit"),
    ("৩০ nmol/L", "expected the number written with the digits 0-9"),  # Bengali 30: ৩ looks like a 9
    ("３０ nmol/L", "expected the number written with the digits 0-9"),
])
def test_read_lab_refuses_hostile_values_in_one_line(raw, expected):
    with pytest.raises(LabValueError) as caught:
        read_lab("vitamin_d_25oh", raw)
    message = str(caught.value)
    assert expected in message and "\n" not in message and len(message) < 300


@pytest.mark.parametrize("unit", ["n\x1b[31mmol/L", "\x1b[2J\x07nmol/L", "nmol/L\u202e", "nmol/L\x00", "nm\u200bol/L"])
def test_read_lab_escapes_control_and_invisible_characters_of_a_unit_in_its_message(unit):
    for raw in (f"30 {unit}", {"value": 30, "unit": unit}):
        with pytest.raises(LabValueError) as caught:
            read_lab("vitamin_d_25oh", raw)
        message = str(caught.value)
        assert re.search(r"[\x00-\x1f\x7f\u200b\u202e]", message) is None, repr(message)
        assert "is not a unit of vitamin D" in message or message == "expected a number and its unit"


def test_parse_lab_answer_escapes_control_characters_of_a_unit():
    with pytest.raises(LabValueError) as caught:
        parse_lab_answer("potassium_mmol_l", "4 mmol\x1b[2J")
    assert "\x1b" not in str(caught.value) and "\\x1b" in str(caught.value)
