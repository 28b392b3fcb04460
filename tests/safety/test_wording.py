"""Advice never names a dose, a brand or a product, and mentions supplements
only as "ask a doctor first": scanned in every rule, every knowledge file the
person can see words from, and every report over generated profiles."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from strategies import examples, profiles
from wording import problems, strings

from sorewhy.knowledge import SEED_DOCS
from sorewhy.rules import all_rules

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
# Knowledge that is not said to the person: the claim inventory records what
# the documents say, brands included, in order to exclude it; drug class
# `words` and `generics` (generic names, spellings, brands) are what a person
# may type; ids, topics and URLs are not prose.
_NOT_SAID = frozenset({"claims", "positions", "words", "generics", "url", "id", "topic", "key",
                       "names", "brands", "display"})
"""Keys whose text is never said to a person: drug and supplement names are
for reading what a person types (``names``/``brands`` of drugs.yaml's
supplements), never said back; a code's ``display`` in fhir_codes.yaml is
the code system's own name for the code (a product, with its strength, for a
medicine code), kept to check the mapping by and never shown."""


def _knowledge_files() -> list[str]:
    folder = resources.files("sorewhy.knowledge")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("meta", all_rules(), ids=lambda m: m.id)
def test_rule_text_names_no_dose_brand_or_unsupervised_supplement(meta):
    found = problems(meta.claim) + problems(meta.note or "")
    for source in meta.sources:
        for path, text in strings(source.as_dict()):
            found += [f"{path}: {p}" for p in problems(text, statement=False)]
    assert not found, f"{meta.id}: {found}"


@pytest.mark.parametrize("name", _knowledge_files())
def test_knowledge_text_names_no_dose_brand_or_unsupervised_supplement(name):
    data = yaml.safe_load(resources.files("sorewhy.knowledge").joinpath(name).read_text(encoding="utf-8"))
    found = []
    for path, text in strings(data, name, _NOT_SAID):
        # A source names or quotes a document; documents.yaml holds only the documents' own titles.
        is_source = (".reference." in path or path.endswith((".ref", ".quote", ".section"))
                     or name == "documents.yaml")
        found += [f"{path}: {p}" for p in problems(text, statement=not is_source)]
    assert not found, found


def test_supplement_advice_says_ask_a_doctor():
    from sorewhy.knowledge import load

    text = load().advice.supplements.lower()
    assert "doctor" in text and "supplement" in text


def test_scan_knows_every_brand_of_the_drug_knowledge():
    from sorewhy.knowledge import load

    brands = [b for cls in load().drug_classes.values() for b in cls.brands]
    assert len(brands) > 50
    for brand in brands:
        assert problems(f"Keep taking {brand} as prescribed."), brand


def test_rules_show_names_no_brand_of_medicine():
    """`sorewhy rules show` (claim, medicines covered, sources, fixtures) of
    every rule names no brand of medicine the knowledge base recognises."""
    from sorewhy.cli.rules import show_text
    from sorewhy.knowledge import load

    brands = {b.lower() for cls in load().drug_classes.values() for b in cls.brands}
    found = []
    for meta in all_rules():
        found += [f"{meta.id}: {p}" for p in problems(show_text(meta), statement=False)
                  if p.startswith("brand") and p.split("'")[1].lower() in brands]
    assert not found, found


def test_documents_brands_and_doses_are_all_detected():
    """The scan knows every brand, product form and dose the documents use,
    so a rule or advice copying one from them would be caught."""
    if not SEEDS.is_dir():
        pytest.skip("the source documents are not beside the project")
    said = {name: " ".join(problems((SEEDS / name).read_text(encoding="utf-8"))) for name in SEED_DOCS}
    expected = {
        "001_33e4f4bd1924b37e.txt": ["Epsom", "sulfate", "citrate", "glycinate"],
        "002_60935b2c0666c71e.txt": ["ferrous", "sulfate"],
        "003_52f20dec735cc842.txt": ["Isotonix", "astaxanthin", "pycnogenol", "Greens supplements",
                                     "multi-mineral", "4700mg", "99mg", "capsule"],
    }
    for name, words in expected.items():
        for word in words:
            assert word.lower() in said[name].lower(), f"{word} in {name} is not detected"


@pytest.mark.parametrize("text", [
    "Take 400 mg of magnesium before bed.",
    "A daily 1000 IU of vitamin D helps.",
    "Try 2 capsules a day.",
    "Soak in Epsom salts.",
    "Magnesium citrate is well absorbed.",
    "Ferrous sulfate corrects iron deficiency.",
    "Isotonix drinks restore electrolytes.",
    "Supplements can help with cramps.",
    "Consider a magnesium supplement.",
    "Take 5-10 mcg of B12.",
])
def test_scan_flags_doses_brands_and_supplement_advice(text):
    assert problems(text), text


@pytest.mark.parametrize("text", [
    "Normal serum magnesium is 1.7 to 2.2 mg/dL.",
    "Haemoglobin below 12 g/dL in women suggests anaemia.",
    "Do not start a supplement on your own. Ask a doctor first.",
    "Eat leafy greens, nuts, seeds and whole grains.",
    "Vitamin B12 and vitamin B1 keep nerves healthy.",
    "Do not drink more than about one litre of plain water per hour.",
])
def test_scan_passes_plain_advice_and_lab_ranges(text):
    assert not problems(text), problems(text)


@examples(150)
@given(profile=profiles())
def test_reports_name_no_dose_brand_or_unsupervised_supplement(evaluator, profile):
    report = evaluator.evaluate(profile, "p")
    found = []
    # The id, unrecognised medicine names, each medicine as given and what was
    # reported echo what the person typed (a brand among them); nothing else may name one.
    for path, text in strings(report, "", frozenset({"id", "unrecognised_medications", "given", "reported"})):
        is_source = path.endswith((".quote", ".section", ".ref", ".url"))
        if path.startswith("medications_read[") and path.endswith(".class"):
            continue  # a class id (``supplement`` for one read from the medicines), not words said
        found += [f"{path}: {p}" for p in problems(text, statement=not is_source)]
    assert not found, found


@pytest.mark.parametrize("name", ["report.html.j2", "report.md.j2", "trace.html.j2"])
def test_report_templates_name_no_dose_brand_or_unsupervised_supplement(name):
    import re

    text = resources.files("sorewhy.cli").joinpath("templates", name).read_text(encoding="utf-8")
    said = re.sub(r"\{[{%#].*?[}%#]\}", " ", text, flags=re.DOTALL)  # the words the template itself says
    assert problems(said) == []
