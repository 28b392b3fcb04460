"""Blood results typed as people have them (engine/labtext.py): several at once, in
any order, by the names laboratories and people use, with or without a unit;
said back with their band; the unit asked only when the number reads
differently in several units; unknown names refused with the nearest one."""

from __future__ import annotations

import pytest

from sorewhy.engine.labtext import LabTextError, nearest_name, read_results, settle_unit
from sorewhy.engine.profile import validate_profile


def _read(text: str, **kw) -> dict[str, tuple[float, str | None]]:
    return {i.analyte: (i.number, i.unit) for i in read_results(text, **kw).items}


def test_labtext_reads_several_results_in_any_order_with_and_without_units():
    answer = read_results("potassium 3.1, vitamin D 30 nmol/L, ferritin 22")
    assert [i.analyte for i in answer.items] == ["potassium", "vitamin_d_25oh", "ferritin"]
    assert answer.entries() == {"potassium_mmol_l": 3.1, "vitamin_d_25oh": "30 nmol/L", "ferritin_ng_ml": 22.0}
    # the entries are a facts file's `labs`, as `evaluate` reads them
    profile = validate_profile({"labs": answer.entries()}, "answers", "p")
    canonical = {r.key: r.canonical for r in profile.labs.readings()}
    assert canonical["vitamin_d_25oh_ng_ml"] == pytest.approx(12.02, abs=0.01)
    assert _read("ferritin 22; K 3.1") == {"ferritin": (22.0, "ng/mL"), "potassium": (3.1, "mmol/L")}


@pytest.mark.parametrize("text, analyte", [
    ("K 3.1", "potassium"), ("k+ 3.1", "potassium"), ("Na 138", "sodium"), ("vit d 20 ng/mL", "vitamin_d_25oh"),
    ("25(OH)D 50 nmol/L", "vitamin_d_25oh"), ("vitamin_d_25oh 22 nmol/L", "vitamin_d_25oh"), ("B12 400", "vitamin_b12"),
    ("vitamin B12 400 pg/mL", "vitamin_b12"), ("Hb 13.5", "hemoglobin"), ("haemoglobin 135 g/L", "hemoglobin"),
    ("Mg 0.8 mmol/L", "magnesium"), ("magnesium_mg_dl 2", "magnesium"), ("Potassium: 3.1 mmol/L", "potassium"),
    ("potassium=3.1mmol/l", "potassium"),
])
def test_labtext_names_results_as_laboratories_and_people_write_them(text, analyte):
    assert list(_read(text)) == [analyte]


def test_labtext_decimal_comma_is_read_and_said_back():
    item = read_results("potassium 3,1, sodium 140").items[0]
    assert (item.number, item.unit) == (3.1, "mmol/L")
    assert item.said_back().startswith("potassium 3,1 read as 3.1 mmol/L: low")
    with pytest.raises(LabTextError, match="could mean 1200 or 1.200"):
        read_results("vitamin B12 1,200 pg/mL")


def test_labtext_says_each_result_back_with_its_band_and_range():
    items = read_results("potassium 3.1, vitamin D 30 nmol/L, hb 105 g/L").items
    said = [i.said_back() for i in items]
    assert said[0] == "potassium 3.1 mmol/L: low (reference range 3.7-5.2 mmol/L)"
    assert said[1].startswith("vitamin D 30 nmol/L (12.0 ng/mL): low")
    assert said[2].startswith("hemoglobin 105 g/L (10.5 g/dL): low")
    # the band follows the person's sex where the range does
    hb = read_results("hb 12.5 g/dL").items[0]
    assert hb.band("female") == "normal" and hb.band("male") == "low"


def test_labtext_asks_the_unit_only_when_the_number_reads_differently():
    # potassium 3.1 is the same in mmol/L and mEq/L; calcium 9.5 is only likely in mg/dL
    assert _read("potassium 3.1")["potassium"] == (3.1, "mmol/L")
    assert _read("calcium 9.5")["calcium"] == (9.5, "mg/dL")
    assert _read("calcium 2.3")["calcium"] == (2.3, "mmol/L")  # 2.3 mg/dL is impossible
    assert _read("Hb 13.5")["hemoglobin"] == (13.5, "g/dL")
    # vitamin D 30: normal as ng/mL, low as nmol/L (12 ng/mL): asked
    vit_d = read_results("vit d 30").items[0]
    assert vit_d.ambiguous and vit_d.options == ["ng/mL", "nmol/L"]
    assert settle_unit(vit_d, "NMOL/l").entry() == ("vitamin_d_25oh", "30 nmol/L")
    b12 = read_results("b12 150").items[0]
    assert b12.ambiguous and set(b12.options) == {"pg/mL", "pmol/L"}
    # a unit inferred from the number is said, with how to give another
    assert read_results("vitamin D 12").items[0].said_back().endswith(
        "if your result is in nmol/L, type it again with its unit")
    assert "type it again" not in read_results("potassium 3.1").items[0].said_back()


def test_labtext_refuses_unknown_names_with_the_nearest_accepted_one():
    with pytest.raises(LabTextError, match=r"'potasium' \(did you mean potassium\?\) is not a blood result"):
        read_results("potasium 3.1")
    with pytest.raises(LabTextError, match="'glucose' is not a blood result sorewhy reads; it reads magnesium"):
        read_results("glucose 5.4, potassium 3.1")
    assert nearest_name("ferittin") == "ferritin"
    assert nearest_name("vitamine d") == "vitamin D"


@pytest.mark.parametrize("text, message", [
    ("ferritin", "ferritin: type its number too"),
    ("vitamin d 30 mg", "'mg' is not a unit of vitamin D: use one of ng/mL, nmol/L, µg/L"),
    ("K 31", "potassium 31 is not possible in any of its units"),
    ("sodium 14 mg/dL", "'mg/dL' is not a unit of sodium"),
    ("calcium 9.5 mmol/L", "not possible in a living person's blood"),
    ("12, 13", "type each result's name and number"),
])
def test_labtext_refuses_what_it_cannot_read_in_one_line(text, message):
    with pytest.raises(LabTextError, match=message.replace("(", r"\(").replace(")", r"\)")) as exc:
        read_results(text)
    assert "\n" not in str(exc.value)


def test_labtext_none_means_no_results_and_the_last_value_of_a_result_counts():
    assert read_results("none").items == []
    assert _read("potassium 3.1, potassium 3.4") == {"potassium": (3.4, "mmol/L")}


def test_labtext_at_a_question_for_one_result_a_bare_number_is_that_result():
    assert _read("3,1", default="potassium", default_unit="mmol/L") == {"potassium": (3.1, "mmol/L")}
    assert _read("75 nmol/L", default="vitamin_d_25oh", default_unit="ng/mL") == {"vitamin_d_25oh": (75.0, "nmol/L")}
    # a result named there is that result, whichever question it was typed at
    assert _read("potassium 3.1", default="sodium", default_unit="mmol/L") == {"potassium": (3.1, "mmol/L")}
    with pytest.raises(LabTextError, match="type a number"):
        read_results("lots", default="magnesium", default_unit="mg/dL")
