"""Reading medicines as people write them (engine/medications.py): case and
spacing, doses, forms and schedules, abbreviations, brands, combinations and
everyday words are read; near misses are suggested, never taken; a dose alone,
an unrelated word and a name that only shares a beginning or an end with a
known one are not recognised."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sorewhy.engine.medications import (
    classes_tested,
    confirmation_lines,
    covered_names,
    read_medications,
    report_keys,
    summary_line,
)
from sorewhy.knowledge import load
from sorewhy.rules import rule_index


def _read(name: str) -> list[tuple[str | None, str]]:
    return [(r.generic, r.drug_class) for r in read_medications([name]).read]


def _unrecognised(name: str) -> list[str]:
    return list(read_medications([name]).unrecognised)


# --- case and spacing ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["furosemide", "FUROSEMIDE", "Furosemide", "  furosemide ", "FuRoSeMiDe"])
def test_medications_any_case_and_spacing(name):
    assert _read(name) == [("furosemide", "loop_diuretic")]


@pytest.mark.parametrize("name", ["water   pill", "Water-Pill", "water_pill", "WATER PILL"])
def test_medications_spacing_and_hyphens_inside_a_name(name):
    assert _read(name) == [(None, "diuretic")]


# --- dose, strength, form and schedule ---------------------------------------------


@pytest.mark.parametrize("name,generic", [
    ("atorvastatin 20mg", "atorvastatin"),
    ("atorvastatin 20 mg", "atorvastatin"),
    ("Atorvastatin 20 MG tablets", "atorvastatin"),
    ("omeprazole 20 mg daily", "omeprazole"),
    ("HCTZ 25 mg daily", "hydrochlorothiazide"),
    ("metformin XR 500 mg twice a day", "metformin"),
    ("metformin ER", "metformin"),
    ("nifedipine", None),
    ("metformin SR 500mg", "metformin"),
    ("simvastatin 40 mg at night", "simvastatin"),
    ("furosemide 40mg once a day in the morning", "furosemide"),
    ("indapamide 1.5 mg modified release", "indapamide"),
    ("pantoprazole 40 mg gastro-resistant tablets", "pantoprazole"),
    ("lansoprazole 30mg capsules", "lansoprazole"),
    ("metformin hydrochloride 500 mg", "metformin"),
    ("pantoprazole sodium", "pantoprazole"),
    ("esomeprazole magnesium 20mg", "esomeprazole"),
    ("bumetanide 1mg bd", "bumetanide"),
    ("prednisolone 5mg x2", "prednisolone"),
    ("senna tablets at bedtime as needed", "senna"),
    ("metformin 500mg with food", "metformin"),
])
def test_medications_dose_form_and_schedule_are_taken_off(name, generic):
    if generic is None:  # a medicine the knowledge base does not know stays unknown, dose or not
        assert _read(name) == [] and _unrecognised(name) == [name]
    else:
        assert [g for g, _ in _read(name)] == [generic], name


# --- abbreviations and other spellings -------------------------------------------------


@pytest.mark.parametrize("name,generic", [
    ("HCTZ", "hydrochlorothiazide"),
    ("hctz", "hydrochlorothiazide"),
    ("INH", "isoniazid"),
    ("frusemide", "furosemide"),
    ("torasemide", "torsemide"),
    ("chlortalidone", "chlorthalidone"),
    ("bendrofluazide", "bendroflumethiazide"),
    ("phenobarbitone", "phenobarbital"),
    ("sennosides", "senna"),
])
def test_medications_abbreviations_and_other_spellings(name, generic):
    assert [g for g, _ in _read(name)] == [generic]


# --- brand names ---------------------------------------------------------------------


@pytest.mark.parametrize("name,generic,cls", [
    ("Lipitor", "atorvastatin", "statin"),
    ("Zocor", "simvastatin", "statin"),
    ("Crestor 10mg", "rosuvastatin", "statin"),
    ("Lipostat", "pravastatin", "statin"),
    ("Lasix", "furosemide", "loop_diuretic"),
    ("LASIX 40 MG", "furosemide", "loop_diuretic"),
    ("Lasix® 40mg tablets", "furosemide", "loop_diuretic"),
    ("Burinex", "bumetanide", "loop_diuretic"),
    ("Microzide", "hydrochlorothiazide", "thiazide_diuretic"),
    ("Natrilix SR", "indapamide", "thiazide_diuretic"),
    ("Nexium", "esomeprazole", "proton_pump_inhibitor"),
    ("Nexium 24HR", "esomeprazole", "proton_pump_inhibitor"),
    ("Prilosec", "omeprazole", "proton_pump_inhibitor"),
    ("Losec", "omeprazole", "proton_pump_inhibitor"),
    ("Somac", "pantoprazole", "proton_pump_inhibitor"),
    ("Pantoloc", "pantoprazole", "proton_pump_inhibitor"),
    ("Zoton FasTab", None, None),
    ("Glucophage", "metformin", "metformin"),
    ("Glucophage SR", "metformin", "metformin"),
    ("Diabex", "metformin", "metformin"),
    ("Medrol", "methylprednisolone", "corticosteroid"),
    ("Senokot", "senna", "laxative"),
    ("Ex-Lax", "senna", "laxative"),
    ("Dilantin", "phenytoin", "enzyme_inducing_antiepileptic"),
    ("Epanutin", "phenytoin", "enzyme_inducing_antiepileptic"),
    ("Tegretol XR", "carbamazepine", "enzyme_inducing_antiepileptic"),
])
def test_medications_brand_names_read_as_their_generic(name, generic, cls):
    if generic is None:  # a brand's sub-name the data does not list is not guessed at
        assert _read(name) == []
    else:
        assert _read(name) == [(generic, cls)]


def test_medications_every_brand_of_the_data_reads_as_its_generic():
    for cls in load().drug_classes.values():
        for generic in cls.generics:
            for brand in generic.brands:
                assert _read(brand.name) == [(generic.name, cls.id)], brand.name
                assert _read(f"{brand.name.upper()} 10 mg") == [(generic.name, cls.id)], brand.name


# --- combinations ----------------------------------------------------------------------


@pytest.mark.parametrize("name,expected,unknown", [
    ("losartan/hydrochlorothiazide", [("losartan", "sartan"), ("hydrochlorothiazide", "thiazide_diuretic")], []),
    ("losartan / HCTZ 50/12.5 mg", [("losartan", "sartan"), ("hydrochlorothiazide", "thiazide_diuretic")], []),
    ("losartan-hydrochlorothiazide", [("losartan", "sartan"), ("hydrochlorothiazide", "thiazide_diuretic")], []),
    ("hydrochlorothiazide + amiloride",
     [("hydrochlorothiazide", "thiazide_diuretic"), ("amiloride", "potassium_sparing_diuretic")], []),
    ("losartan/mystery", [("losartan", "sartan")], ["mystery"]),
    ("ramipril and warfarin", [("ramipril", "ace_inhibitor"), ("warfarin", "anticoagulant")], []),
    ("furosemide and atorvastatin", [("furosemide", "loop_diuretic"), ("atorvastatin", "statin")], []),
    ("statins and water pills", [(None, "statin"), (None, "diuretic")], []),
    ("atorvastatin (Lipitor)", [("atorvastatin", "statin")], []),
    ("metformin, simvastatin", [("metformin", "metformin"), ("simvastatin", "statin")], []),
    ("omeprazole & senna", [("omeprazole", "proton_pump_inhibitor"), ("senna", "laxative")], []),
])
def test_medications_combinations_split_where_the_parts_are_known(name, expected, unknown):
    assert _read(name) == expected
    assert _unrecognised(name) == unknown


@pytest.mark.parametrize("name", ["thiazide-like diuretic", "ethacrynic acid", "sodium picosulfate",
                                  "Ex-Lax", "proton pump inhibitor"])
def test_medications_names_with_a_separator_are_not_split(name):
    assert len(_read(name)) == 1 and _unrecognised(name) == []


@pytest.mark.parametrize("name", ["non-statin", "anti-statin", "vitamin b and d", "salt and pepper",
                                  "fish oil/omega 3"])
def test_medications_combination_of_unknown_parts_stays_one_unknown_name(name):
    assert _read(name) == []
    assert _unrecognised(name) == [name]


# --- everyday words -------------------------------------------------------------------------


@pytest.mark.parametrize("name,cls", [
    ("water tablet", "diuretic"), ("water tablets", "diuretic"), ("water pill", "diuretic"),
    ("diuretic", "diuretic"), ("statin", "statin"), ("Statins", "statin"), ("PPI", "proton_pump_inhibitor"),
    ("steroid tablets", "corticosteroid"), ("laxatives", "laxative"), ("loop diuretic", "loop_diuretic"),
    ("thiazide", "thiazide_diuretic"),
])
def test_medications_everyday_words_name_one_class(name, cls):
    assert _read(name) == [(None, cls)]


@pytest.mark.parametrize("name", ["acid reflux tablet", "blood pressure tablet", "cholesterol pill",
                                  "diabetes tablets", "epilepsy medicine", "steroid cream", "heart pill"])
def test_medications_words_that_could_mean_several_classes_are_not_read(name):
    assert _read(name) == []
    assert _unrecognised(name) == [name]


# --- what must not match ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "20 mg", "40mg", "500 mg twice a day", "tablets", "daily", "XR",          # a dose, form or schedule alone
    "vitamin pill", "coffee", "fish oil", "glucosamine", "levonorgestrel",  # unrelated
    "nystatin", "ecostatin",                     # end like a statin
    "atorva", "metform", "furo", "predni",       # only the beginning of a generic
    "metronidazole", "thiamine", "omega 3", "prednisolone acetate eye drops",
    "hydrocortisone cream", "dexamethasone", "budesonide inhaler",
])
def test_medications_names_that_must_not_match(name):
    assert _read(name) == [], name
    assert _unrecognised(name) == [name]


def test_medications_empty_entries_are_ignored():
    reading = read_medications(["", "   ", "furosemide"])
    assert [r.generic for r in reading.read] == ["furosemide"]
    assert reading.unrecognised == ()


# --- near misses ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,suggestion", [
    ("furosemid", "furosemide"), ("omeprazol", "omeprazole"), ("Furosemide", None),
    ("atorvastatine", "atorvastatin"), ("simvastatn", "simvastatin"), ("metformine", "metformin"),
    ("lanzoprazole", "lansoprazole"), ("predisolone", "prednisolone"),
    ("Lipitr", "atorvastatin"),   # a brand's near miss suggests the generic, never the brand
    ("Glucophag 500mg", "metformin"),
])
def test_medications_near_misses_are_suggested_never_taken(name, suggestion):
    reading = read_medications([name])
    if suggestion is None:
        assert reading.suggestions == ()
        return
    assert reading.read == ()
    assert reading.unrecognised == (name,)
    assert [s.as_dict() for s in reading.suggestions] == [{"given": name, "did_you_mean": suggestion}]


@pytest.mark.parametrize("name", ["nystatin", "aspirin", "20 mg", "vitamin d", "metronidazole", "ppi"])
def test_medications_no_suggestion_for_what_is_not_a_near_miss(name):
    assert read_medications([name]).suggestions == ()


def test_medications_suggestions_never_name_a_brand():
    brands = {b.lower() for c in load().drug_classes.values() for b in c.brands}
    for cls in load().drug_classes.values():
        for generic in cls.generics:
            for brand in generic.brands:
                typo = brand.name[:-1] if len(brand.name) > 5 else brand.name + "x"
                for s in read_medications([typo]).suggestions:
                    assert s.did_you_mean.lower() not in brands, (typo, s)


# --- the report keys ------------------------------------------------------------------------


def test_medications_report_keys_in_input_order_with_the_agreed_shapes():
    keys = report_keys(["Lasix 40 mg", "water tablet", "furosemid", "mystery tonic", "losartan/HCTZ"])
    assert keys["medications_read"] == [
        {"given": "Lasix 40 mg", "generic": "furosemide", "class": "loop_diuretic", "class_label": "loop diuretic"},
        {"given": "water tablet", "generic": None, "class": "diuretic", "class_label": "diuretic (type not given)"},
        {"given": "losartan/HCTZ", "generic": "losartan", "class": "sartan",
         "class_label": 'angiotensin receptor blocker (a "sartan" blood pressure medicine)'},
        {"given": "losartan/HCTZ", "generic": "hydrochlorothiazide", "class": "thiazide_diuretic",
         "class_label": "thiazide diuretic"},
    ]
    assert keys["unrecognised_medications"] == ["furosemid", "mystery tonic"]
    assert keys["medication_suggestions"] == [{"given": "furosemid", "did_you_mean": "furosemide"}]


def test_medications_report_keys_are_new_lists_each_time():
    a = report_keys(["furosemide"])
    a["medications_read"].append("x")
    assert report_keys(["furosemide"])["medications_read"] != a["medications_read"]


def test_medications_each_reading_once_and_not_given_is_empty():
    assert len(read_medications(["furosemide", "furosemide"]).read) == 1
    assert report_keys(None) == {"unrecognised_medications": [], "medications_read": [],
                                 "medication_suggestions": []}


def test_medications_in_a_report(run):
    report = run({"medications": ["Lipitor 20mg", "furosemid"]})
    assert report["medications_read"] == [{"given": "Lipitor 20mg", "generic": "atorvastatin",
                                           "class": "statin", "class_label": "statin"}]
    assert report["medication_suggestions"] == [{"given": "furosemid", "did_you_mean": "furosemide"}]
    assert "medication.statin" in report["fired"]
    assert "potassium.diuretic" not in report["fired"]


def test_medications_keys_in_an_error_report(run):
    from sorewhy.engine.core import error_report

    report = error_report("p", "broken")
    assert report["medications_read"] == [] and report["medication_suggestions"] == []


@pytest.mark.parametrize("names", [["Lasix"], ["furosemide"], ["frusemide 40 mg"], ["water pill", "Lasix"]])
def test_medications_spellings_of_one_medicine_give_one_result(run, names):
    base = run({"medications": ["furosemide"], "symptoms": ["cramps"]})
    other = run({"medications": names, "symptoms": ["cramps"]})
    assert other["findings"] == base["findings"]
    assert other["fired"] == base["fired"]


# --- words for people -----------------------------------------------------------------------


def test_medications_summary_and_confirmation_lines():
    keys = report_keys(["Lasix 40 mg", "furosemid", "mystery"])
    line = summary_line(keys)
    assert line == "Lasix 40 mg → furosemide, loop diuretic. Not taken: furosemid (did you mean furosemide?)."
    lines = confirmation_lines(keys)
    assert lines[0] == "Read as: Lasix 40 mg → furosemide, loop diuretic."
    assert "did you mean furosemide?" in lines[1]
    assert lines[2].startswith("Not recognised: mystery.")
    assert "back" in lines[-1]
    assert summary_line(report_keys(["mystery"])) is None
    assert confirmation_lines(report_keys([])) == []


def test_medications_rules_show_names_covered_counting_brands():
    lines = covered_names(classes_tested(rule_index()["potassium.diuretic"]))
    text = " ".join(lines)
    assert "furosemide" in text and "hydrochlorothiazide (hctz)" in text and '"water tablet"' in text
    assert "brand names" in text
    brands = [b for c in load().drug_classes.values() for b in c.brands]
    assert not [b for b in brands if b.lower() in text.lower().split()]


# --- any text at all --------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=100), max_size=4))
def test_medications_any_text_is_read_without_error_and_nothing_is_lost(names):
    reading = read_medications(names)
    for r in reading.read:
        assert r.given in names
    for s in reading.suggestions:
        assert s.given in reading.unrecognised
    # every entry is read, or reported (whole or the part not known) as not recognised
    for name in names:
        clean = " ".join(unicodedata.normalize("NFKC", name).replace("®", " ").replace("™", " ")
                         .replace("*", " ").split())
        if clean:
            assert (any(r.given == name for r in reading.read)
                    or any(u.lower() in clean.lower() for u in reading.unrecognised)), name


# --- hostile names (#15): linear time, bounded work per name -----------------------------


def _seconds(names):
    import time

    start = time.perf_counter()
    reading = read_medications(names)
    return time.perf_counter() - start, reading


def test_medications_100000_names_in_one_profile_take_linear_time():
    names = [f"zq{n:06d}x" for n in range(100_000)] + ["furosemide", "furosemid"]
    took, reading = _seconds(names)
    assert len(reading.unrecognised) == 100_001 and [r.generic for r in reading.read] == ["furosemide"]
    assert [s.did_you_mean for s in reading.suggestions] == ["furosemide"]
    assert took < 30, f"{took:.1f} s for 100,000 names"
    took_repeated, reading = _seconds(["furosemid"] * 100_000)
    assert reading.unrecognised == ("furosemid",) and took_repeated < 2


def test_medications_a_name_longer_than_the_limit_is_kept_unread_at_once():
    for name in ("1 " * 50_000, "a" * 100_000, "furosemide/" * 9_000, "once a " * 14_000, "a-" * 50_000):
        took, reading = _seconds([name])
        assert reading.unrecognised == (name,) and not reading.read and not reading.suggestions
        assert took < 0.5
    # up to the limit a name is read as ever, and the worst of it stays quick
    took, reading = _seconds(["1 " * 49 + "x", "furosemide 40 mg" + " " * 84])
    assert took < 0.5 and [r.generic for r in reading.read] == ["furosemide"]


def test_medications_a_long_run_of_spaces_splits_in_linear_time():
    from sorewhy.engine import medications

    took_small = _time(lambda: medications._split("a" + " " * 5_000 + "/b"))
    took_large = _time(lambda: medications._split("a" + " " * 50_000 + "/b"))
    assert medications._split("a" + " " * 50 + "/b") == ["a", "b"]
    assert took_large < 0.5 and took_large < 40 * max(took_small, 1e-4)


def _time(call):
    import time

    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_medications_with_markup_or_control_characters_are_kept_as_typed():
    names = ["<script>alert(1)</script>", "&lt;b&gt;", "javascript:alert(1)", "a\x1b[2Jb", "x\u202ey"]
    reading = read_medications(names)
    assert reading.unrecognised == tuple(names) and not reading.read


# --- the classes of issue #20 ------------------------------------------------------------------


@pytest.mark.parametrize("name,generic,cls", [
    ("warfarin 3mg", "warfarin", "anticoagulant"), ("Eliquis 5 mg twice a day", "apixaban", "anticoagulant"),
    ("rivaroxaban", "rivaroxaban", "anticoagulant"), ("edoxaban", "edoxaban", "anticoagulant"),
    ("Pradaxa", "dabigatran", "anticoagulant"), ("blood thinners", None, "anticoagulant"),
    ("the pill", None, "oestrogen"), ("combined pill", None, "oestrogen"), ("HRT", None, "oestrogen"),
    ("estradiol gel", None, None), ("Premarin", "conjugated oestrogens", "oestrogen"),
    ("Microgynon 30", "ethinylestradiol", "oestrogen"), ("tamoxifen 20 mg", "tamoxifen", "tamoxifen"),
    ("fenofibrate", "fenofibrate", "fibrate"), ("bezafibrate", "bezafibrate", "fibrate"),
    ("gemfibrozil 600mg", "gemfibrozil", "fibrate"), ("clarithromycin 500 mg", "clarithromycin", "macrolide"),
    ("erythromycin", "erythromycin", "macrolide"), ("Zithromax", "azithromycin", "macrolide"),
    ("ramipril", "ramipril", "ace_inhibitor"), ("lisinopril 10mg", "lisinopril", "ace_inhibitor"),
    ("enalapril", "enalapril", "ace_inhibitor"), ("perindopril", "perindopril", "ace_inhibitor"),
    ("losartan", "losartan", "sartan"), ("candesartan", "candesartan", "sartan"),
    ("valsartan", "valsartan", "sartan"), ("irbesartan", "irbesartan", "sartan"),
    ("spironolactone 25 mg", "spironolactone", "potassium_sparing_diuretic"),
    ("eplerenone", "eplerenone", "potassium_sparing_diuretic"),
    ("amiloride", "amiloride", "potassium_sparing_diuretic"),
    ("levothyroxine 100 micrograms", "levothyroxine", "levothyroxine"), ("thyroxine", "levothyroxine", "levothyroxine"),
    ("paracetamol", "paracetamol", "painkiller"), ("acetaminophen", "paracetamol", "painkiller"),
    ("ibuprofen 400mg", "ibuprofen", "painkiller"), ("naproxen", "naproxen", "painkiller"),
    ("codeine", "codeine", "painkiller"), ("co-codamol 30/500", "co-codamol", "painkiller"),
    ("aspirin", "aspirin", "painkiller"),
])
def test_medications_new_classes_read_as_people_write_them(name, generic, cls):
    if cls is None:  # "estradiol gel": gel is not a form taken off, so the name is not guessed
        assert _read(name) == [] and _unrecognised(name) == [name]
        return
    assert _read(name) == [(generic, cls)]
    assert _unrecognised(name) == []


@pytest.mark.parametrize("name,gives", [
    ("Adcal-D3", {"calcium", "vitamin_d"}), ("adcal d3 caplets", {"calcium", "vitamin_d"}),
    ("Calcichew-D3 Forte", {"calcium", "vitamin_d"}), ("calcium and vitamin D", {"calcium", "vitamin_d"}),
    ("magnesium glycinate", {"magnesium"}), ("Magnesium 400mg", {"magnesium"}),
    ("vitamin D 1000 IU", {"vitamin_d"}), ("Vitamin D3 25 micrograms daily", {"vitamin_d"}),
    ("colecalciferol", {"vitamin_d"}), ("ferrous sulfate", {"iron"}), ("ferrous sulphate 200mg", {"iron"}),
    ("iron tablets", {"iron"}), ("B12 injections", {"vitamin_b12"}), ("cyanocobalamin", {"vitamin_b12"}),
    ("vitamin B complex", {"b_complex"}), ("multivitamins", {"multivitamin"}),
    ("electrolyte tablets", {"electrolytes"}), ("potassium chloride", {"potassium"}),
])
def test_medications_supplements_are_read_and_are_no_drug_class(name, gives):
    reading = read_medications([name])
    assert reading.supplements == gives
    assert reading.classes == frozenset()  # a supplement never counts as a medicine
    assert reading.unrecognised == ()
    assert [r.as_dict()["class"] for r in reading.read] == ["supplement"]


def test_medications_a_supplement_beside_a_medicine_in_one_entry():
    reading = read_medications(["simvastatin and vitamin D"])
    assert reading.classes == {"statin"}
    assert reading.supplements == {"vitamin_d"}


def test_medications_a_supplement_is_described_in_words():
    keys = report_keys(["Adcal-D3"])
    assert keys["medications_read"] == [{"given": "Adcal-D3", "generic": None, "class": "supplement",
                                         "class_label": "calcium and vitamin D, already taken",
                                         "supplements": ["calcium", "vitamin_d"]}]
    assert keys["unrecognised_medications"] == []


def test_medications_a_salt_word_after_a_name_is_still_the_medicine_not_a_supplement():
    reading = read_medications(["losartan potassium 50 mg", "atorvastatin calcium"])
    assert reading.classes == {"sartan", "statin"}
    assert reading.supplements == frozenset()


def test_medications_supplements_from_medicines_join_the_supplements_key(run):
    report = run({"medications": ["Adcal-D3"], "supplements": ["iron"], "symptoms": ["cramps"]})
    assert report["unrecognised_medications"] == []
    from sorewhy.engine.core import read_profile
    from sorewhy.engine.profile import validate_profile

    person = read_profile(validate_profile({"medications": ["Adcal-D3"], "supplements": ["iron"]}, "f", "p"))[0][0]
    assert person["supplements"] == frozenset({"calcium", "vitamin_d", "iron"})
    assert person["drug_classes"] == frozenset()


def test_medications_the_combined_pill_is_read_as_a_clot_risk_where_the_vocabulary_has_one():
    from sorewhy.engine.core import _class_facts
    from sorewhy.engine.profile import LIST_KEYS

    facts = dict(_class_facts(frozenset({"oestrogen", "statin"})))
    if "clot_risks" in LIST_KEYS:
        assert facts == {"clot_risks": frozenset({"oestrogen"})}
    else:  # the vocabulary without clot risks: nothing is added under an unknown key
        assert facts == {}
    assert _class_facts(frozenset({"painkiller"})) == []
