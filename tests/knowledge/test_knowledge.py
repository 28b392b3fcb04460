"""The knowledge files: they load and validate, broken ones are rejected with
KnowledgeError, the claim inventory is complete and consistent with the rule
base, every quote is verbatim from its document, and no advice names a dose, a
brand or a product."""

from __future__ import annotations

import copy
import re
import types
from importlib import resources
from pathlib import Path

import pytest
import yaml

import sorewhy.knowledge as knowledge_module
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge import load
from sorewhy.rules import all_rules, rule_index
from sorewhy.rules.base import DocSource

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"

# Written out from the contract (section 2 and the `labs` keys of section 1), not
# imported, so that a knowledge base that silently drops one fails here.
CONTRACT_FINDINGS = {
    "magnesium": "deficiency", "potassium": "deficiency", "sodium": "deficiency",
    "calcium": "deficiency", "vitamin_d": "deficiency", "vitamin_b12": "deficiency",
    "vitamin_b6": "deficiency", "vitamin_b1": "deficiency", "iron": "deficiency",
    "dehydration": "deficiency", "doms": "other", "muscle_strain": "other",
    "medication_effect": "other", "possible_dvt": "other",
    # grown (#20)
    "peripheral_arterial_disease": "other", "sciatica": "other", "polymyalgia_rheumatica": "other",
    "hypothyroidism": "other", "viral_illness": "other", "compartment_syndrome": "other",
    "rhabdomyolysis": "other", "progressive_weakness": "other", "pregnancy_cramps": "other",
    "nocturnal_leg_cramps": "other",
}
CONTRACT_LABS = {
    "magnesium_mg_dl", "potassium_mmol_l", "sodium_mmol_l", "calcium_mg_dl",
    "vitamin_d_25oh_ng_ml", "vitamin_b12_pg_ml", "ferritin_ng_ml", "hemoglobin_g_dl",
}
DOCS = (
    "000_1a193f0ef969bf74.txt", "001_33e4f4bd1924b37e.txt", "002_60935b2c0666c71e.txt",
    "003_52f20dec735cc842.txt", "004_1a984ec21dd9c5b1.txt",
)
FILES = ("findings.yaml", "drugs.yaml", "labs.yaml", "claims.yaml", "advice.yaml", "triage.yaml", "safety_net.yaml")


def fold(text: str) -> str:
    """The folding ../shared/tools/check_citations.py applies before it searches."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found at {SEEDS}")
    return {p.name: fold(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


# --- loading and validation ------------------------------------------------------


def test_knowledge_loads_and_is_cached(kb):
    assert load() is kb
    assert kb.claims and kb.disagreements and kb.findings and kb.drug_classes and kb.labs


def test_contract_findings_are_the_finding_ids(kb):
    from sorewhy.knowledge import DEFICIENCY_IDS, FINDING_IDS, OTHER_IDS

    assert FINDING_IDS == tuple(kb.findings) and set(FINDING_IDS) == set(CONTRACT_FINDINGS)
    assert set(DEFICIENCY_IDS) == {f for f, kind in CONTRACT_FINDINGS.items() if kind == "deficiency"}
    assert set(OTHER_IDS) == {f for f, kind in CONTRACT_FINDINGS.items() if kind == "other"}


def test_contract_findings_all_have_knowledge(kb):
    assert set(kb.findings) == set(CONTRACT_FINDINGS)
    for fid, kind in CONTRACT_FINDINGS.items():
        info = kb.findings[fid]
        assert info.kind == kind, fid
        assert info.role and info.symptoms and info.confirm and info.advice, fid
        if kind == "deficiency" and fid != "dehydration":
            assert info.food_sources, f"{fid}: no food sources"
            assert info.at_risk, f"{fid}: nobody at risk"


def test_contract_labs_all_have_a_reference_range(kb):
    assert CONTRACT_LABS <= set(kb.labs)
    for key, lab in kb.labs.items():
        assert lab.finding in CONTRACT_FINDINGS, key
        assert lab.status(lab.low - 0.01) == "low"
        assert lab.status(lab.low) in ("normal", "borderline")
        if lab.high is not None:
            assert lab.status(lab.high + 0.01) == "high"
            assert lab.status(lab.high) == "normal"


def test_drug_and_lab_references_are_https(kb):
    refs = [c.reference for c in kb.drug_classes.values() if c.reference] + [lab.reference for lab in kb.labs.values()]
    assert refs
    for reference in refs:
        assert reference.url.startswith("https://"), reference
        assert reference.ref.strip()


def test_drug_brand_mappings_are_each_cited(kb):
    """Every brand -> generic mapping names at least one public drug reference,
    filled in for its generic (https, the generic named in the title)."""
    count = 0
    for cls in kb.drug_classes.values():
        for generic in cls.generics:
            for brand in generic.brands:
                refs = kb.brand_references(generic, brand)
                assert refs, brand.name
                for reference in refs:
                    assert reference.url.startswith("https://"), (brand.name, reference)
                    assert "{" not in reference.url and "{" not in reference.ref, reference
                    assert generic.name in reference.ref, (brand.name, reference)
                count += 1
    assert count > 50


def test_drug_classes_beyond_the_documents_say_why(kb):
    for cls in kb.drug_classes.values():
        if not cls.from_documents:
            assert cls.reference is not None and cls.note, cls.id


def test_drug_brand_names_are_not_generic_names(kb):
    generics = {g.name for c in kb.drug_classes.values() for g in c.generics}
    for cls in kb.drug_classes.values():
        for brand in cls.brands:
            assert brand.lower() not in generics, brand
            assert brand[0].isupper(), brand


def test_drug_classes_from_documents_quote_them(kb, seeds):
    for cls in kb.drug_classes.values():
        for passage in cls.from_documents:
            assert fold(passage.quote) in seeds[passage.doc], (cls.id, passage.quote)


# --- broken files are rejected -------------------------------------------------------


def _raw() -> dict[str, object]:
    folder = resources.files("sorewhy.knowledge")
    return {name: yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8")) for name in FILES}


@pytest.fixture
def load_from(tmp_path, monkeypatch):
    """load_from(data) -> the result of loading knowledge files written from
    `data` (file name -> YAML data or raw text), bypassing the
    process's cache."""

    def _load(data: dict[str, object]):
        for name, content in data.items():
            text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
            (tmp_path / name).write_text(text, encoding="utf-8")
        monkeypatch.setattr(knowledge_module, "resources", types.SimpleNamespace(files=lambda _name: tmp_path))
        kb = knowledge_module.load.__wrapped__()
        kb.claim_inventory  # noqa: B018 - the claim inventory is read when first asked for: read it here too
        return kb

    return _load


def test_unchanged_copy_loads(load_from):
    assert load_from(_raw()).claims


def _claim(data, claim_id):
    return next(c for c in data["claims.yaml"]["claims"] if c["id"] == claim_id)


def _break_encoded_without_rules(data):
    claim = next(c for c in data["claims.yaml"]["claims"] if c["status"] == "encoded")
    claim.pop("rules", None)
    claim.pop("knowledge", None)


def _break_excluded_without_reason(data):
    next(c for c in data["claims.yaml"]["claims"] if c["status"] == "excluded").pop("reason")


def _break_excluded_with_rules(data):
    next(c for c in data["claims.yaml"]["claims"] if c["status"] == "excluded")["rules"] = ["magnesium.low-intake"]


def _break_unknown_status(data):
    data["claims.yaml"]["claims"][0]["status"] = "maybe"


def _break_unknown_doc(data):
    data["claims.yaml"]["claims"][0]["doc"] = "005_unknown.txt"


def _break_duplicate_claim(data):
    data["claims.yaml"]["claims"].append(copy.deepcopy(data["claims.yaml"]["claims"][0]))


def _break_claim_typo_key(data):
    data["claims.yaml"]["claims"][0]["rule"] = ["magnesium.low-intake"]


def _break_empty_quote(data):
    data["claims.yaml"]["claims"][0]["quote"] = ""


def _break_disagreement_doc(data):
    data["claims.yaml"]["disagreements"][0]["positions"][0]["doc"] = "nope.txt"


def _break_missing_finding(data):
    # a finding the reference ranges bear on (a finding nothing refers to is the contract test's to catch)
    data["findings.yaml"]["findings"] = [f for f in data["findings.yaml"]["findings"] if f["id"] != "iron"]


def _break_unknown_finding(data):
    data["findings.yaml"]["findings"][0]["id"] = "vitamin_k"


def _break_duplicate_finding(data):
    data["findings.yaml"]["findings"].append(copy.deepcopy(data["findings.yaml"]["findings"][0]))


def _break_finding_kind(data):
    data["findings.yaml"]["findings"][0]["kind"] = "nutrient"


def _break_finding_empty_label(data):
    data["findings.yaml"]["findings"][0]["label"] = ""


def _break_missing_lab(data):
    data["labs.yaml"]["labs"] = data["labs.yaml"]["labs"][1:]


def _break_lab_range_order(data):
    lab = next(lab for lab in data["labs.yaml"]["labs"] if "high" in lab["bands"])
    lab["bands"]["low"]["below"], lab["bands"]["high"]["above"] = (
        lab["bands"]["high"]["above"], lab["bands"]["low"]["below"])


def _break_lab_http(data):
    data["labs.yaml"]["labs"][0]["reference"]["url"] = "http://example.org/range"


def _break_drug_uncited(data):
    data["drugs.yaml"]["drug_classes"].append({"id": "mystery", "label": "mystery", "words": ["mysteryol"]})


def _break_drug_in_two_classes(data):
    classes = data["drugs.yaml"]["drug_classes"]
    classes[1]["words"] = list(classes[1]["words"]) + [classes[0]["words"][0].upper()]


def _drug_classes(data):
    return data["drugs.yaml"]["drug_classes"]


def _a_brand(data):
    return next(b for c in _drug_classes(data) for g in c["generics"] for b in g.get("brands", []))


def _break_brand_uncited(data):
    _a_brand(data)["cite"] = []


def _break_brand_cites_unknown_source(data):
    _a_brand(data)["cite"] = ["a friend"]


def _break_brand_without_cite(data):
    _a_brand(data).pop("cite")


def _break_brand_names_another_generic(data):
    generics = [g for c in _drug_classes(data) for g in c["generics"]]
    generics[0].setdefault("brands", []).append({"name": generics[-1]["name"], "cite": ["dailymed"]})


def _break_brand_source_http(data):
    data["drugs.yaml"]["brand_sources"]["nhs"]["url"] = "http://www.nhs.uk/medicines/{nhs}/"


def _break_generic_with_capitals(data):
    _drug_classes(data)[0]["generics"][0]["name"] = "Hydrochlorothiazide"


def _break_outside_reference_without_note(data):
    cls = next(c for c in _drug_classes(data) if c.get("reference") and not c.get("from_documents"))
    cls.pop("note")


def _break_class_without_names(data):
    cls = next(c for c in _drug_classes(data) if c["generics"])
    cls["words"], cls["generics"] = [], []


def _break_drug_http(data):
    cls = next(c for c in data["drugs.yaml"]["drug_classes"] if c.get("reference"))
    cls["reference"]["url"] = "ftp://example.org/drug"


def _break_advice_level(data):
    data["advice.yaml"]["referral"]["emergency"] = "Go now."


def _break_advice_missing_supplements(data):
    data["advice.yaml"].pop("supplements")


def _break_top_key(data):
    data["claims.yaml"] = {"claim": data["claims.yaml"]["claims"]}


BREAKS = [
    _break_encoded_without_rules, _break_excluded_without_reason, _break_excluded_with_rules,
    _break_unknown_status, _break_unknown_doc, _break_duplicate_claim, _break_claim_typo_key,
    _break_empty_quote, _break_disagreement_doc, _break_missing_finding, _break_unknown_finding,
    _break_duplicate_finding, _break_finding_kind, _break_finding_empty_label, _break_missing_lab,
    _break_lab_range_order, _break_lab_http, _break_drug_uncited, _break_drug_in_two_classes,
    _break_drug_http, _break_brand_uncited, _break_brand_cites_unknown_source, _break_brand_without_cite,
    _break_brand_names_another_generic, _break_brand_source_http, _break_generic_with_capitals,
    _break_outside_reference_without_note, _break_class_without_names, _break_advice_level,
    _break_advice_missing_supplements, _break_top_key,
]


@pytest.mark.parametrize("breaker", BREAKS, ids=lambda f: f.__name__.removeprefix("_break_"))
def test_broken_knowledge_rejected_with_knowledge_error(load_from, breaker):
    data = _raw()
    breaker(data)
    with pytest.raises(KnowledgeError) as info:
        load_from(data)
    assert str(info.value).startswith("knowledge")


def test_unreadable_yaml_rejected_naming_the_file(load_from):
    data = _raw()
    data["labs.yaml"] = "labs: [unclosed\n  - key: x"
    with pytest.raises(KnowledgeError, match="labs.yaml"):
        load_from(data)


def test_missing_file_rejected_naming_the_file(load_from, tmp_path):
    data = _raw()
    del data["advice.yaml"]
    with pytest.raises(KnowledgeError, match="advice.yaml"):
        load_from(data)


# --- the claim inventory ----------------------------------------------------------------


def test_claim_ids_name_their_document(kb):
    for claim in kb.claims:
        assert re.fullmatch(r"00[0-4]\.[a-z0-9][a-z0-9-]*", claim.id), claim.id
        assert claim.doc.startswith(claim.id[:3]), claim.id
        assert claim.topic, f"{claim.id}: no topic"


def test_every_document_has_claims_both_encoded_and_excluded(kb):
    for name in DOCS:
        statuses = {c.status for c in kb.claims if c.doc == name}
        assert statuses == {"encoded", "excluded"}, name


def test_claim_quotes_are_verbatim_and_short(kb, seeds):
    for claim in kb.claims:
        assert len(claim.quote.split()) <= 12, claim.id
        assert fold(claim.quote) in seeds[claim.doc], f"{claim.id}: quote not in {claim.doc}: {claim.quote!r}"


def test_claims_are_distinct(kb):
    seen: dict[tuple[str, str], str] = {}
    for claim in kb.claims:
        key = (claim.doc, fold(claim.quote))
        assert key not in seen, f"{claim.id} repeats the quote of {seen[key]}"
        seen[key] = claim.id


def test_claim_rules_exist(kb):
    index = rule_index()
    for claim in kb.claims:
        for rid in claim.rules:
            assert rid in index, f"{claim.id} names rule {rid!r}, which does not exist"


def test_every_rule_citing_a_document_is_named_by_a_claim(kb):
    named = {rid for claim in kb.claims for rid in claim.rules}
    unnamed = [
        meta.id for meta in all_rules()
        if meta.id not in named and any(isinstance(s, DocSource) for s in meta.sources)
    ]
    assert not unnamed, f"rules that cite a document but encode no inventoried claim: {unnamed}"


def _resolve(kb, pointer: str):
    head, _, rest = pointer.partition(".")
    if head == "findings":
        fid, _, field = rest.partition(".")
        return getattr(kb.findings[fid], field)
    if head == "advice":
        field, _, level = rest.partition(".")
        value = getattr(kb.advice, field)
        return value[level] if level else value
    raise KeyError(pointer)


def test_claim_knowledge_pointers_resolve(kb):
    for claim in kb.claims:
        for pointer in claim.knowledge:
            try:
                value = _resolve(kb, pointer)
            except (KeyError, AttributeError):
                pytest.fail(f"{claim.id}: knowledge pointer {pointer!r} names nothing")
            assert value, f"{claim.id}: {pointer} is empty"


def test_excluded_claims_give_a_reason(kb):
    for claim in kb.claims:
        if claim.status == "excluded":
            assert claim.reason and len(claim.reason.split()) >= 3, claim.id


@pytest.mark.parametrize("word", ["isotonix", "astaxanthin", "pycnogenol", "greens supplements",
                                  "branch chain amino", "epsom", "glycinate", "ferrous sulfate"])
def test_product_claims_are_excluded(kb, word):
    hits = [c for c in kb.claims if word in c.quote.lower()]
    assert hits, f"no claim records the promotion of {word!r}"
    for claim in hits:
        assert claim.status == "excluded", claim.id


@pytest.mark.parametrize("claim_id", ["003.sodium-negative-ion", "000.fat-replaced-by-muscle",
                                      "000.workouts-cause-calcium-loss", "003.supplements-fastest",
                                      "001.supplements-highly-effective"])
def test_known_wrong_or_promotional_claims_are_excluded(kb, claim_id):
    claim = next(c for c in kb.claims if c.id == claim_id)
    assert claim.status == "excluded"


def test_disagreements_cite_several_documents(kb, seeds):
    ids = {d.id for d in kb.disagreements}
    assert {"supplements", "day-after-soreness"} <= ids
    for dis in kb.disagreements:
        assert len({p.doc for p in dis.positions}) >= 2, dis.id
        for position in dis.positions:
            assert fold(position.quote) in seeds[position.doc], (dis.id, position.quote)
            assert len(position.quote.split()) <= 12, (dis.id, position.quote)
        assert dis.followed.strip(), dis.id


def test_supplement_disagreement_follows_ask_a_doctor_first(kb):
    dis = next(d for d in kb.disagreements if d.id == "supplements")
    assert "ask a doctor first" in dis.followed.lower()
    assert {"001_33e4f4bd1924b37e.txt", "002_60935b2c0666c71e.txt", "003_52f20dec735cc842.txt",
            "004_1a984ec21dd9c5b1.txt"} <= {p.doc for p in dis.positions}


# --- advice: no dose, brand or product ------------------------------------------------------

DOSE = re.compile(r"\d+(\.\d+)?\s*(mg|mcg|µg|ug|g|iu|ml|l|litres?|liters?|ounces?|oz|units?|tablets?|capsules?)\b"
                  r"|\b(one|two|three)\s+(litres?|liters?|tablets?|capsules?)\b", re.I)
PRODUCTS = re.compile(r"isotonix|astaxanthin|pycnogenol|greens supplement|amino acid|bcaa|epsom|citrate|glycinate|"
                      r"sulfate|sulphate|multivitamin|multi-mineral|sports drink brand", re.I)


def _advice_texts(kb):
    texts = list(kb.advice.general) + [kb.advice.supplements] + list(kb.advice.referral.values())
    for info in kb.findings.values():
        texts += info.advice_texts + [info.confirm] + list(info.food_sources)
    return texts


def test_advice_names_no_dose_brand_or_product(kb):
    for text in _advice_texts(kb):
        assert not DOSE.search(text), f"advice names an amount: {text!r}"
        assert not PRODUCTS.search(text), f"advice names a product: {text!r}"


def test_supplements_only_as_ask_a_doctor_first(kb):
    assert "ask a doctor first" in kb.advice.supplements.lower()
    for text in _advice_texts(kb):
        if re.search(r"supplement|pill|capsule|tablet", text, re.I):
            assert re.search(r"doctor", text, re.I), f"a supplement mentioned without the doctor: {text!r}"
    for info in kb.findings.values():
        for text in info.advice_texts:
            assert "supplement" not in text.lower(), f"{info.id}: supplements belong only in advice.supplements"



def test_claim_inventory_is_read_only_when_asked_for():
    """Evaluating a profile never reads claims.yaml (more than half of the
    knowledge files); the verifier does, and the inventory is validated then."""
    import subprocess
    import sys

    code = (
        "from sorewhy.engine.api import evaluate\n"
        "from sorewhy.knowledge import load\n"
        "evaluate({'id': 'p', 'symptoms': ['cramps'], 'diet': 'vegan'})\n"
        "print('claim_inventory' in vars(load()))\n"
        "assert load().claims\n"
        "print('claim_inventory' in vars(load()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
