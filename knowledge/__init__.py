"""Knowledge as data: findings (nutrients and other causes), drug classes, lab
reference ranges, general advice and the claim inventory of the five source
documents. Each YAML file here is validated when loaded; `load()` reads them
once per process, with PyYAML's C parser where PyYAML was built with it (five
times faster than its pure-Python one, which is the fallback), and rejects a
mapping key given twice whichever parser reads it. Nothing is kept between
runs: every process validates what it reads.

This module is the one loader of the knowledge files: every YAML file of this
folder (the interview's ``questions.yaml`` and the verifier's ``verifier.yaml``
too, with their models in :mod:`sorewhy.knowledge.questions` and
:mod:`sorewhy.knowledge.verifier`) is read by :func:`read`, which parses each
file once per process and names the file and line of a key given twice.
``knowledge`` is the lowest layer of the package: it imports only
:mod:`sorewhy.errors` and the package root, never the rules, the engine or the
command line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sorewhy import SOURCE_DOCUMENTS
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge.labdata import BAND_LABELS, BANDS, STATUS_OF_BAND  # noqa: F401 (re-exported)

# The findings are listed once, in findings.yaml: FINDING_IDS, DEFICIENCY_IDS and
# OTHER_IDS are read from it, in its order, when first asked for (__getattr__ below).
CONTRACT_LAB_KEYS = (
    "magnesium_mg_dl", "potassium_mmol_l", "sodium_mmol_l", "calcium_mg_dl",
    "vitamin_d_25oh_ng_ml", "vitamin_b12_pg_ml", "ferritin_ng_ml", "hemoglobin_g_dl",
)
"""The lab keys the contract names: the vocabulary may grow beyond them (one
entry in labs.yaml), never lose one."""
SEED_DOCS = SOURCE_DOCUMENTS

RED_FLAGS: tuple[tuple[str, str], ...] = (
    ("chest_pain", "chest pain"),
    ("seizures", "seizures"),
    ("confusion", "confusion"),
    ("paralysis", "paralysis"),
    ("irregular_heartbeat", "an irregular heartbeat"),
    ("palpitations", "palpitations"),
    ("dark_urine", "dark urine"),
    ("calf_swelling", "a swollen calf"),
    ("tense_swelling", "a tense, swollen, very painful muscle"),
)
"""The red-flag symptoms (each gives ``urgent`` on its own), with their words:
read by the safety-net rules (rules/safety_net.py) and the short report
(engine/digest.py)."""

Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    # A model's validator is built when it first validates.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Reference(_Strict):
    ref: Text
    url: Annotated[str, Field(pattern=r"^https://")]


class DocPassage(_Strict):
    doc: Literal[SEED_DOCS]  # type: ignore[valid-type]
    quote: Text


TAKEN_TAGS = (
    "more_magnesium", "more_potassium", "more_calcium", "more_vitamin_d", "more_vitamin_b12",
    "more_vitamin_b6", "more_vitamin_b1", "more_iron", "more_electrolytes",
)
"""Advice to get more of one nutrient (from food or a supplement): withheld from
whoever already takes a supplement of it, who is asked instead whether the dose
is right (rules/conflicts.py ``conflict.takes-...``)."""

ADVICE_TAGS = (
    "massage", "stretching", "drink_more", "potassium_rich_foods", "meat", "fish", "eggs", "dairy",
    "green_vegetables", "mineral_foods", "exercise", "pace_drinking", *TAKEN_TAGS,
)
"""What a piece of advice recommends, in the terms conflict rules withhold it by
(rules/conflicts.py): a manipulation of the legs, drinking more, potassium-rich
foods, a food group a diet excludes (``fish`` covers seafood), a change in the
green vegetables eaten (which a blood thinner depends on), food or drink for a
mineral (which kidney disease asks the kidney team about), advice about
exercise and training (for people who exercise), or more of a nutrient
(:data:`TAKEN_TAGS`)."""

AdviceTag = Literal[ADVICE_TAGS]  # type: ignore[valid-type]


class AdviceVariant(_Strict):
    """The same advice worded without some tags, for a person to whom those are withheld."""

    without: list[AdviceTag]
    text: Text


class AdviceItem(_Strict):
    """One piece of a finding's advice. In YAML a plain string is an item
    without tags; `tags` say what it recommends, `variants` how to say it
    without some of them (a conflict rule that withholds a tag picks the
    variant that avoids it, or drops the item when none does)."""

    text: Text
    tags: list[AdviceTag] = []
    variants: list[AdviceVariant] = []

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _variants_avoid_their_tags(self) -> AdviceItem:
        for variant in self.variants:
            if not set(variant.without) & set(self.tags):
                raise ValueError(f"advice {self.text!r}: a variant without {variant.without} avoids none of its tags")
        return self

    def texts(self) -> list[str]:
        """The item's text and every variant's."""
        return [self.text] + [v.text for v in self.variants]


class Finding(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: Literal["deficiency", "other"]
    label: Text
    role: Text
    symptoms: list[Text]
    food_sources: list[Text] = []
    at_risk: list[Text] = []
    confirm: Text
    advice: list[AdviceItem]
    taken_tag: AdviceTag | None = None
    """The tag (of :data:`TAKEN_TAGS`) withheld from whoever already takes a
    supplement of this nutrient: the ask-a-doctor-first supplements line is then
    left out, as the advice already asks whether the dose is right."""

    @property
    def advice_texts(self) -> list[str]:
        """Every advice text of the finding, variants included (for wording checks)."""
        return [text for item in self.advice for text in item.texts()]


class BrandSource(_Strict):
    """Where a brand -> generic mapping can be checked; ``{generic}`` (and in a
    URL ``{nhs}``, the generic's NHS page name) are filled in per generic."""

    ref: Text
    url: Annotated[str, Field(pattern=r"^https://")]


class Brand(_Strict):
    name: Text
    cite: Annotated[list[Text], Field(min_length=1)]


class Generic(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z][a-z -]*$")]
    also: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9 -]*$")]] = []
    brands: list[Brand] = []
    nhs: str | None = None
    """The generic's page name in the NHS medicines A to Z, when it is not the name."""


FACTS_FROM_MEDICINES: dict[str, tuple[str, ...]] = {"clot_risks": ("oestrogen",)}
"""Profile list keys a drug class may add an item to (``facts`` of a class):
the key and the items it may add. A key the vocabulary does not have is
ignored when facts are built (engine/core.py)."""

SUPPLEMENT_IDS = (
    "magnesium", "potassium", "calcium", "vitamin_d", "vitamin_b12", "b_complex", "iron",
    "multivitamin", "electrolytes",
)
"""The values of the ``supplements`` facts key (contract §1), in its order."""

SupplementId = Literal[SUPPLEMENT_IDS]  # type: ignore[valid-type]


class DrugClass(_Strict):
    id: Text
    label: Text
    words: list[Annotated[str, Field(pattern=r"^[a-z][a-z -]*$")]] = []
    generics: list[Generic] = []
    reference: Reference | None = None
    from_documents: list[DocPassage] = []
    note: str | None = None
    facts: dict[str, list[str]] = {}
    """Facts a person taking this class has for that reason, e.g. ``{clot_risks:
    [oestrogen]}`` (keys and items of :data:`FACTS_FROM_MEDICINES`)."""

    @model_validator(mode="after")
    def _known_facts(self) -> DrugClass:
        for key, items in self.facts.items():
            allowed = FACTS_FROM_MEDICINES.get(key, ())
            if not set(items) <= set(allowed):
                raise ValueError(f"drug class {self.id!r}: facts {key}: {items} are not among {list(allowed)}")
        return self

    @model_validator(mode="after")
    def _cited(self) -> DrugClass:
        if self.reference is None and not self.from_documents:
            raise ValueError(f"drug class {self.id!r} cites neither a document nor a reference")
        if self.reference is not None and not self.from_documents and not self.note:
            raise ValueError(f"drug class {self.id!r} cites an outside reference without a note saying why")
        if not (self.words or self.generics):
            raise ValueError(f"drug class {self.id!r} has no names")
        return self

    @property
    def names(self) -> list[str]:
        """Every non-brand name of the class: its words, generics and their other
        spellings and abbreviations."""
        return [*self.words, *(n for g in self.generics for n in (g.name, *g.also))]

    @property
    def brands(self) -> list[str]:
        return [b.name for g in self.generics for b in g.brands]


class SupplementBrand(_Strict):
    name: Text
    generic: Text
    """What the product contains, in words (for the cites' ``{generic}``)."""
    cite: Annotated[list[Text], Field(min_length=1)]


class Supplement(_Strict):
    """Names of a supplement (or a product of several) and the ``supplements``
    values it gives; read from the medicines list as people write them."""

    gives: Annotated[list[SupplementId], Field(min_length=1)]
    names: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9 -]*$")]]
    brands: list[SupplementBrand] = []
    reference: Reference


class Threshold(_Strict):
    """One band's edge, in the analyte's unit. ``below``: the band holds values
    under it; ``above``: values over it; ``from``: values at or over it."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    below: float | None = None
    above: float | None = None
    from_: float | None = Field(default=None, alias="from")
    by_sex: dict[Literal["female", "male"], float] = {}
    reference: Reference | None = None
    claim: Text | None = None
    """For a critical band: the referral rule's claim in plain words."""
    refer: Literal["see_doctor", "urgent"] | None = None
    """For a critical band: how urgently its referral rule refers (``urgent``
    unless the band's reference says the value alone does not need same-day care)."""

    @model_validator(mode="after")
    def _one_edge(self) -> Threshold:
        if sum(x is not None for x in (self.below, self.above, self.from_)) != 1:
            raise ValueError("a band takes exactly one of below, above, from")
        return self

    def edge(self, sex: str | None = None) -> float:
        value = self.below if self.below is not None else self.above if self.above is not None else self.from_
        return self.by_sex.get(sex, value) if sex else value  # type: ignore[call-overload, return-value]


class DocQuote(_Strict):
    doc: Literal[SEED_DOCS]  # type: ignore[valid-type]
    section: Text
    quote: Text


class LabRule(_Strict):
    """An evidence rule made from a lab entry (rules/labs.py)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9-]*$")]
    bands: list[Literal[BANDS]]  # type: ignore[valid-type]
    supports: Annotated[float, Field(gt=0, lt=1)] | None = None
    against: Annotated[float, Field(gt=0, lt=1)] | None = None
    claim: Text
    source: DocQuote
    note: Text

    @model_validator(mode="after")
    def _one_effect(self) -> LabRule:
        if (self.supports is None) == (self.against is None):
            raise ValueError(f"lab rule {self.id!r}: give exactly one of supports, against")
        if self.against is not None and {"low", "critically_low", "borderline"} & set(self.bands):
            raise ValueError(f"lab rule {self.id!r}: a low or borderline result never argues against")
        return self


RuleId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9-]*$")]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Names = Annotated[list[Name], Field(min_length=1)]


class AtLeastNOf(_Strict):
    n: Annotated[int, Field(ge=1)]
    of: Names

    @model_validator(mode="after")
    def _enough(self) -> AtLeastNOf:
        if self.n > len(self.of):
            raise ValueError(f"at_least_n_of: {self.n} of only {len(self.of)}")
        return self


class ListTest(_Strict):
    """A test of a list key: exactly one of these."""

    has: Name | None = None
    has_any: Names | None = None
    has_all: Names | None = None
    at_least_n_of: AtLeastNOf | None = None

    @model_validator(mode="after")
    def _one(self) -> ListTest:
        if len(self.model_fields_set) != 1:
            raise ValueError("a test names exactly one of has, has_any, has_all, at_least_n_of")
        return self


class RelationPattern(_Strict):
    """One condition of a relation: an intermediate conclusion, or tests of the person's facts."""

    inferred: Name | None = None
    person: Annotated[dict[Name, ListTest | Name | bool], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _one(self) -> RelationPattern:
        if len(self.model_fields_set) != 1:
            raise ValueError("a pattern is exactly one of inferred, person")
        return self


class RelationSupports(_Strict):
    finding: Name
    cf: Annotated[float, Field(gt=0, lt=1)]


class RelationRule(_Strict):
    """One finding a relation bears on: one rule (rules/relations.py)."""

    id: RuleId
    method: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    supports: RelationSupports
    claim: Text
    sources: Annotated[list[DocQuote | Reference], Field(min_length=1)]
    note: Text | None = None
    maintainer: Text | None = None
    allow: dict[Text, Text] | None = None


class Relation(_Strict):
    """A relation the rule base states for several findings (relations.yaml)."""

    relation: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    says: Text
    when: Annotated[list[RelationPattern], Field(min_length=1)]
    rules: Annotated[list[RelationRule], Field(min_length=1)]


class LabRange(_Strict):
    """One analyte: its keys, units, conversion, plausible limits, cited bands
    and the rules made from them."""

    analyte: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    name: Text
    description: Text
    unit: Text
    units: list[Text]
    molar_mass: Annotated[float, Field(gt=0)] | None = None
    valence: Annotated[int, Field(gt=0)] | None = None
    decimals: Annotated[int, Field(ge=0, le=3)]
    finding: Text
    plausible: tuple[float, float]
    plausible_note: Text
    reference: Reference
    bands: dict[Literal[BANDS], Threshold]  # type: ignore[valid-type]
    high_withholds: list[Text] = []
    high_advice: Text | None = None
    rules: list[LabRule]

    @model_validator(mode="after")
    def _ordered(self) -> LabRange:
        if self.unit not in self.units or self.units[0] != self.unit:
            raise ValueError(f"{self.key}: units must start with the key's own unit {self.unit!r}")
        if "low" not in self.bands:
            raise ValueError(f"{self.key}: a low band is needed")
        for band, edge in self.bands.items():
            want = "below" if band in ("critically_low", "low", "borderline") else (
                "from" if band == "critically_high" else "above")
            if band == "normal" or {"below": edge.below, "above": edge.above, "from": edge.from_}[want] is None:
                raise ValueError(f"{self.key}: band {band} takes `{want}`")
            if band.startswith("critically") and not (edge.reference and edge.claim):
                raise ValueError(f"{self.key}: the {band} band needs its own reference and claim")
            if edge.refer is not None and not band.startswith("critically"):
                raise ValueError(f"{self.key}: only a critical band refers (`refer` on {band})")
        for sex in (None, "female", "male"):
            edges = [self.bands[b].edge(sex) for b in BANDS if b in self.bands]
            if edges != sorted(edges) or len(set(edges)) != len(edges):
                raise ValueError(f"{self.key}: band edges must rise from critically_low to critically_high")
            lo, hi = self.plausible
            if not lo < edges[0] or not edges[-1] < hi:
                raise ValueError(f"{self.key}: every band edge must lie inside the plausible limits")
        if self.high_withholds and not self.high_advice:
            raise ValueError(f"{self.key}: withheld advice needs high_advice in its place")
        return self

    @property
    def low(self) -> float:
        """The lower edge of the reference range (below it is low)."""
        return self.bands["low"].edge()

    @property
    def high(self) -> float | None:
        """The upper edge of the reference range (above it is high), if any."""
        return self.bands["high"].edge() if "high" in self.bands else None

    def band(self, value: float, sex: str | None = None) -> str:
        """The band `value` (in `unit`) falls in, for the person's sex if known."""
        bands = self.bands
        for name in ("critically_low", "low", "borderline"):
            if name in bands and value < bands[name].edge(sex):
                return name
        if "critically_high" in bands and value >= bands["critically_high"].edge(sex):
            return "critically_high"
        if "high" in bands and value > bands["high"].edge(sex):
            return "high"
        return "normal"

    def status(self, value: float, sex: str | None = None) -> str:
        """``low``, ``borderline``, ``normal`` or ``high`` (a critical band is low or high)."""
        return STATUS_OF_BAND[self.band(value, sex)]

    def range_text(self, sex: str | None = None) -> str:
        low = self.bands["low"].edge(sex)
        if self.high is None:
            return f"at least {low:g} {self.unit}"
        return f"{low:g}-{self.bands['high'].edge(sex):g} {self.unit}"

    def references(self, bands: list[str] | tuple[str, ...] = ()) -> list[Reference]:
        """The range's reference, then those of `bands` (each once)."""
        out = [self.reference]
        for band in bands:
            ref = self.bands[band].reference if band in self.bands else None
            if ref is not None and ref not in out:
                out.append(ref)
        return out


class Claim(_Strict):
    id: Text
    doc: Literal[SEED_DOCS]  # type: ignore[valid-type]
    topic: Text | None = None
    quote: Text
    claim: Text
    status: Literal["encoded", "excluded"]
    rules: list[Text] = []
    # Knowledge entries that carry the claim when it is advice or data rather than
    # inference, e.g. "findings.potassium.food_sources" or "advice.supplements".
    knowledge: list[Text] = []
    reason: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if self.status == "encoded" and not (self.rules or self.knowledge):
            raise ValueError(f"claim {self.id!r} is encoded but names no rule or knowledge entry")
        if self.status == "excluded" and (self.rules or self.knowledge):
            raise ValueError(f"claim {self.id!r} is excluded but names what encodes it")
        if self.status == "excluded" and not self.reason:
            raise ValueError(f"claim {self.id!r} is excluded but gives no reason")
        return self


class Disagreement(_Strict):
    id: Text
    topic: Text
    positions: list[DocPassage]
    followed: Text


class Advice(_Strict):
    referral: dict[Literal["self_care", "see_doctor", "urgent"], Text]
    general: list[Text]
    supplements: Text
    labs_summary: dict[Literal["all_normal", "other_causes", "no_other"], Text] = {}
    """What the report says when every blood result given is normal
    (``labs_summary``): ``all_normal`` with ``{results}``, then ``other_causes``
    with ``{causes}`` (the report's other explanations) or ``no_other``."""
    opposed: list[tuple[AdviceTag, AdviceTag]] = []
    """Pairs of tags whose advice pulls against each other: a report never
    shows both (the higher-ranked finding's advice is kept, engine/advice.py)."""
    general_tags: dict[Text, list[AdviceTag]] = {}
    """General advice text -> what it recommends (see `AdviceItem`). In YAML a
    general item may be a mapping ``{text, tags}``; `general` keeps the texts."""

    @model_validator(mode="before")
    @classmethod
    def _split_general(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("general"), list):
            value = dict(value)
            texts, tags = [], {}
            for item in value["general"]:
                if isinstance(item, dict):
                    texts.append(item.get("text"))
                    tags[item.get("text")] = item.get("tags", [])
                else:
                    texts.append(item)
            value["general"] = texts
            value.setdefault("general_tags", tags)
        return value


DISPOSITION_IDS = ("self_care", "doctor_routine", "doctor_soon", "urgent_today", "emergency_now")
"""Contract §2 ``referral.disposition``, least urgent first (as rules.base.DISPOSITIONS)."""
SEE_IDS = ("emergency_department", "gp", "pharmacist")
"""Contract §2 ``referral.see`` (as rules.base.SEE)."""
LEVEL_IDS = ("self_care", "see_doctor", "urgent")


class DispositionText(_Strict):
    """How a report says one disposition: its time frame in words and the
    sentence its referral opens with."""

    timeframe: Text
    headline: Text


class Triage(_Strict):
    """triage.yaml: the words of every disposition and of whom to see."""

    dispositions: dict[Literal[DISPOSITION_IDS], DispositionText]  # type: ignore[valid-type]
    see: dict[Literal[SEE_IDS], Text]  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _complete(self) -> Triage:
        missing = [d for d in DISPOSITION_IDS if d not in self.dispositions] + [s for s in SEE_IDS if s not in self.see]
        if missing:
            raise ValueError(f"triage.yaml: no words for {missing}")
        return self


class SafetyNetItem(_Strict):
    """One item of the safety net: `when` this happens, `do` that; shown on
    reports of the referral `levels` only; cited."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    when: Text
    do: Text
    levels: Annotated[list[Literal[LEVEL_IDS]], Field(min_length=1)] = list(LEVEL_IDS)  # type: ignore[valid-type]
    sources: Annotated[list[Reference], Field(min_length=1)]


def repeated(ids: Iterable[str]) -> list[str]:
    """The ids given more than once, sorted (for the knowledge files' checks)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for i in ids:
        (twice if i in seen else seen).add(i)
    return sorted(twice)


class ClaimInventory(_Strict):
    """Every claim of the five documents, encoded or excluded, and where they disagree."""

    claims: list[Claim]
    disagreements: list[Disagreement]

    @model_validator(mode="after")
    def _distinct(self) -> ClaimInventory:
        dupes = repeated(c.id for c in self.claims)
        if dupes:
            raise ValueError(f"claim ids used twice: {dupes}")
        return self


class Knowledge(_Strict):
    findings: dict[str, Finding]
    drug_classes: dict[str, DrugClass]
    brand_sources: dict[str, BrandSource]
    labs: dict[str, LabRange]
    advice: Advice
    supplements: list[Supplement] = []
    triage: Triage
    safety_net: dict[str, SafetyNetItem]

    @model_validator(mode="after")
    def _complete(self) -> Knowledge:
        unknown = sorted({lab.finding for lab in self.labs.values()} - set(self.findings))
        if unknown:
            raise ValueError(f"labs bear on findings that findings.yaml does not describe: {unknown}")
        for lab in self.labs.values():
            for withheld in lab.high_withholds:
                if withheld not in [item.text for item in self.findings[lab.finding].advice]:
                    raise ValueError(f"{lab.key}: withholds advice that finding {lab.finding!r} does not give: "
                                     f"{withheld!r}")
        names: dict[str, str] = {}
        for cls in self.drug_classes.values():
            for generic in cls.generics:
                for brand in generic.brands:
                    unknown = sorted(set(brand.cite) - set(self.brand_sources))
                    if unknown:
                        raise ValueError(f"brand {brand.name!r} ({generic.name}) cites unknown sources {unknown}")
            for name in [*cls.names, *cls.brands]:
                key = normalise_drug(name)
                if key in names:
                    raise ValueError(f"drug name {name!r} appears twice: {names[key]}, {cls.id}")
                names[key] = cls.id
        for supplement in self.supplements:
            for product in supplement.brands:
                unknown = sorted(set(product.cite) - set(self.brand_sources))
                if unknown:
                    raise ValueError(f"supplement brand {product.name!r} cites unknown sources {unknown}")
            for name in [*supplement.names, *(b.name for b in supplement.brands)]:
                key = normalise_drug(name)
                if key in names:
                    raise ValueError(f"supplement name {name!r} appears twice: {names[key]}")
                names[key] = f"supplement giving {', '.join(supplement.gives)}"
        return self

    @functools.cached_property
    def claim_inventory(self) -> ClaimInventory:
        """The claim inventory (claims.yaml), read and validated when first
        asked for: only the rule-base verifier and the knowledge tests need it,
        and it is more than half of the knowledge files, so evaluating a
        profile does not read it."""
        data = read("claims.yaml")
        try:
            return ClaimInventory(claims=data["claims"], disagreements=data.get("disagreements", []))
        except (ValidationError, KeyError, TypeError) as exc:
            raise KnowledgeError(f"knowledge/claims.yaml is invalid: {exc}") from None

    @property
    def claims(self) -> list[Claim]:
        return self.claim_inventory.claims

    @property
    def disagreements(self) -> list[Disagreement]:
        return self.claim_inventory.disagreements

    @functools.cached_property
    def drug_index(self) -> dict[str, str]:
        """Normalised drug name (brands included) -> class id."""
        return {normalise_drug(n): c.id for c in self.drug_classes.values() for n in [*c.names, *c.brands]}

    @functools.cached_property
    def labs_by_analyte(self) -> dict[str, LabRange]:
        """Unit-free lab key -> its analyte."""
        return {lab.analyte: lab for lab in self.labs.values()}

    def drug_class_of(self, name: str) -> str | None:
        """The class of one name exactly as the knowledge base spells it (case,
        spacing and hyphens aside); engine/medications.py reads names as people
        write them."""
        return self.drug_index.get(normalise_drug(name))

    def brand_references(self, generic: Generic, brand: Brand) -> list[Reference]:
        """The references a brand -> generic mapping cites, filled in for the generic."""
        slug = generic.nhs or generic.name.replace(" ", "-")
        return [Reference(ref=self.brand_sources[c].ref.format(generic=generic.name),
                          url=self.brand_sources[c].url.format(generic=generic.name.replace(" ", "+"), nhs=slug))
                for c in brand.cite]


def normalise_drug(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def base_loader(module: Any = yaml) -> type:
    """PyYAML's safe loader built on its C parser (libyaml) when PyYAML has it,
    else the pure-Python safe loader."""
    return getattr(module, "CSafeLoader", None) or module.SafeLoader


def make_loader(base: type) -> type:
    """A safe loader on ``base`` that refuses a mapping key given twice (the
    second would silently win)."""

    class KnowledgeLoader(base):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            check_unique_keys(node)
            return super().construct_mapping(node, deep=deep)

    KnowledgeLoader.__qualname__ = f"KnowledgeLoader[{base.__name__}]"
    return KnowledgeLoader


def check_unique_keys(node: yaml.MappingNode) -> None:
    """Raise a ConstructorError at the second of two equal plain keys."""
    seen: set[tuple[str, str]] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = (key_node.tag, key_node.value)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"key {key_node.value!r} appears twice", key_node.start_mark)
            seen.add(key)


KnowledgeLoader = make_loader(base_loader())


def read_yaml(text: str) -> Any:
    """A knowledge file's text as data (safe types only; a key given twice is a YAMLError)."""
    return yaml.load(text, Loader=KnowledgeLoader)  # noqa: S506 - a safe loader


def _text(name: str) -> str:
    """A knowledge file's text."""
    try:
        return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"knowledge/{name}: cannot be read: {' '.join(str(exc).split())}") from None


def parse(name: str, text: str) -> Any:
    """The text of the knowledge file `name` as data; a YAML error is a KnowledgeError naming
    the file (and the line, for a key given twice). The same text is parsed
    once per process and loader (:func:`lab_table`, :func:`raw_labs` and
    :func:`load` all read ``labs.yaml``): callers must not change the data."""
    return _parse_once(name, text, KnowledgeLoader)


@functools.lru_cache(maxsize=32)
def _parse_once(name: str, text: str, loader: type) -> Any:
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1} column {mark.column + 1}" if mark is not None else ""
        raise KnowledgeError(f"knowledge/{name}: cannot be read{at}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"knowledge/{name}: cannot be read: {' '.join(str(exc).split())}") from None


def read(name: str) -> Any:
    """The data of the knowledge file `name` (``labs.yaml``): the one way a
    knowledge file is read. Raises :class:`KnowledgeError` naming the file."""
    return parse(name, _text(name))


def _keyed(items: list[dict[str, Any]], key: str, name: str) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for item in items or []:
        k = item.get(key)
        if k in out:
            raise KnowledgeError(f"knowledge/{name}: {key} {k!r} appears twice")
        out[k] = item
    return out


def raw_labs() -> tuple[dict[str, Any], ...]:
    """The entries of ``labs.yaml`` as plain mappings, in file order: what the
    rule base is generated from (``rules/labs.py``) without the cost of
    validating the knowledge models, so that ``sorewhy rules`` stays quick.
    :func:`lab_table` validates the same data."""
    data = read("labs.yaml")
    try:
        return tuple(data["labs"])
    except (KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge/labs.yaml is invalid: no list of labs ({exc})") from None


@functools.cache
def lab_table() -> tuple[LabRange, ...]:
    """Every analyte of ``labs.yaml``, validated, in file order. Read on its own
    (not with the rest of the knowledge) because the facts vocabulary is built
    from it."""
    return _lab_table(_text("labs.yaml"))


def _lab_table(text: str) -> tuple[LabRange, ...]:
    """``labs.yaml``'s text validated, once per process for the same text (and loader)."""
    return _lab_table_once(text, KnowledgeLoader)


@functools.lru_cache(maxsize=4)
def _lab_table_once(text: str, loader: type) -> tuple[LabRange, ...]:
    data = _parse_once("labs.yaml", text, loader)
    try:
        entries = data["labs"]
        _keyed(entries, "key", "labs.yaml")
        _keyed(entries, "analyte", "labs.yaml")
        table = tuple(LabRange.model_validate(entry) for entry in entries)
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge/labs.yaml is invalid: {exc}") from None
    missing = [key for key in CONTRACT_LAB_KEYS if key not in {lab.key for lab in table}]
    if missing:
        raise KnowledgeError(f"knowledge/labs.yaml: the contract's lab keys need an entry: {missing}")
    rule_ids = [r.id for lab in table for r in lab.rules]
    if len(rule_ids) != len(set(rule_ids)):
        raise KnowledgeError("knowledge/labs.yaml: a lab rule id is used twice")
    return table


@functools.cache
def relation_table() -> tuple[Relation, ...]:
    """Every relation of ``relations.yaml``, validated, in file order (the rules
    made from it read it as plain data: rules/relations.py)."""
    data = read("relations.yaml")
    try:
        table = tuple(Relation.model_validate(entry) for entry in data["relations"])
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge/relations.yaml is invalid: {exc}") from None
    for what, names in (("relation", [r.relation for r in table]),
                        ("rule id", [rule.id for r in table for rule in r.rules])):
        twice = repeated(names)
        if twice:
            raise KnowledgeError(f"knowledge/relations.yaml: {what} given twice: {', '.join(twice)}")
    return table


def _safety_net(text: str) -> dict[str, SafetyNetItem]:
    data = parse("safety_net.yaml", text)
    try:
        items = _keyed(data["items"], "id", "safety_net.yaml")
        return {key: SafetyNetItem.model_validate(item) for key, item in items.items()}
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge/safety_net.yaml is invalid: {exc}") from None


class Durations(_Strict):
    ignore: list[Text]
    dates: list[Text]
    example: Text


class Words(_Strict):
    """``words.yaml``: the words people type for values of the facts vocabulary,
    and how a length of time is written in words."""

    values: dict[str, dict[str, str]]
    counts: dict[str, Annotated[float, Field(gt=0)]]
    durations: Durations

    @model_validator(mode="after")
    def _written_as_compared(self) -> Words:
        # That each key and value is of the facts vocabulary is checked where the
        # vocabulary lives, a layer up (sorewhy.engine.words.vocabulary_words).
        for key, table in self.values.items():
            for word in table:
                if word != normalise_word(word):
                    raise ValueError(f"values.{key}: {word!r} should be written {normalise_word(word)!r}")
        for word in [*self.counts, *self.durations.ignore, *self.durations.dates]:
            if word != normalise_word(word):
                raise ValueError(f"{word!r} should be written {normalise_word(word)!r}")
        return self


def normalise_word(text: str) -> str:
    """How typed words are compared with the vocabulary and ``words.yaml``:
    lower case, with runs of spaces, hyphens and underscores as one underscore,
    apostrophes and full stops dropped (``Crohn's`` -> ``crohns``)."""
    import re

    text = re.sub(r"['\u2019.]", "", text.strip().lower())
    return re.sub(r"[\s\-_]+", "_", text).strip("_")


def validation_message(exc: ValidationError, source: str) -> str:
    """The first problem of a validation error in one line, naming where it is."""
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    msg = first.get("msg", "invalid").removeprefix("Value error, ")
    return f"{source}: {where + ': ' if where else ''}{msg}"


@functools.cache
def words() -> Words:
    """``words.yaml``, validated (read once per process); its fit to the facts
    vocabulary is checked a layer up, by :func:`sorewhy.engine.words.vocabulary_words`."""
    data = read("words.yaml")
    try:
        return Words.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(validation_message(exc, "knowledge/words.yaml")) from None


_KNOWLEDGE_FILES = ("findings.yaml", "drugs.yaml", "labs.yaml", "advice.yaml", "triage.yaml", "safety_net.yaml")
"""What `load()` reads (the claim inventory is read apart, when asked for)."""


@functools.cache
def load() -> Knowledge:
    """Load and validate every knowledge file (once per process)."""
    return _knowledge({name: _text(name) for name in _KNOWLEDGE_FILES})


def _knowledge(texts: dict[str, str]) -> Knowledge:
    findings = parse("findings.yaml", texts["findings.yaml"])
    drugs = parse("drugs.yaml", texts["drugs.yaml"])
    advice = parse("advice.yaml", texts["advice.yaml"])
    labs = _lab_table(texts["labs.yaml"])
    triage = parse("triage.yaml", texts["triage.yaml"])
    safety_net = _safety_net(texts["safety_net.yaml"])
    try:
        return Knowledge(
            findings=_keyed(findings["findings"], "id", "findings.yaml"),
            drug_classes=_keyed(drugs["drug_classes"], "id", "drugs.yaml"),
            brand_sources=drugs.get("brand_sources") or {},
            supplements=drugs.get("supplements") or [],
            labs={lab.key: lab for lab in labs},
            advice=advice,
            triage=triage,
            safety_net=safety_net,
        )
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge files are invalid: {exc}") from None


# --- codes of clinical records (FHIR R4 input) ------------------------------------

Url = Annotated[str, Field(pattern=r"^https://")]


class FhirLabCode(_Strict):
    code: Annotated[str, Field(pattern=r"^[0-9]{1,7}-[0-9]$")]
    analyte: Text
    unit: Text
    display: Text
    source: Url
    note: str | None = None


class FhirMedicineCode(_Strict):
    system: Literal["rxnorm", "dmd"]
    code: Annotated[str, Field(pattern=r"^[0-9]{1,18}$")]
    text: Text
    display: str | None = None
    source: Url


class FhirConditionCode(_Strict):
    system: Literal["snomed", "icd10", "icd10cm"]
    code: Annotated[str, Field(pattern=r"^[0-9A-Z][0-9A-Z.]{1,17}$")]
    condition: Text
    display: Text
    prefix: bool = False
    source: Url


class FhirCodes(_Strict):
    """knowledge/fhir_codes.yaml: the codes the FHIR reader maps (engine/fhir/)."""

    systems: dict[str, Annotated[str, Field(pattern=r"^https?://")]]
    labs: list[FhirLabCode]
    medicines: list[FhirMedicineCode]
    conditions: list[FhirConditionCode]

    @model_validator(mode="after")
    def _consistent(self) -> FhirCodes:
        needed = {"loinc", "rxnorm", "dmd", "snomed", "icd10", "icd10cm", "ucum"}
        if needed - set(self.systems):
            raise ValueError(f"systems must name {sorted(needed - set(self.systems))}")
        seen: set[tuple[str, str]] = set()
        for key in [("loinc", lab.code) for lab in self.labs] + [(m.system, m.code) for m in self.medicines] \
                + [(c.system, c.code) for c in self.conditions]:
            if key in seen:
                raise ValueError(f"the {key[0]} code {key[1]!r} is mapped twice")
            seen.add(key)
        labs = {lab.analyte: lab for lab in lab_table()}
        for lab in self.labs:
            if lab.analyte not in labs:
                raise ValueError(f"LOINC {lab.code}: {lab.analyte!r} is not an analyte of labs.yaml")
            if lab.unit not in labs[lab.analyte].units:
                raise ValueError(f"LOINC {lab.code}: {lab.unit!r} is not a unit {lab.analyte} accepts "
                                 f"({', '.join(labs[lab.analyte].units)})")
        # That each condition is a value of the facts vocabulary is checked where the
        # vocabulary lives, a layer up (sorewhy.engine.fhir.reader), when the codes are used.
        return self


@functools.cache
def fhir_codes() -> FhirCodes:
    """knowledge/fhir_codes.yaml, validated (once per process)."""
    data = read("fhir_codes.yaml")
    try:
        return FhirCodes.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(validation_message(exc, "knowledge/fhir_codes.yaml")) from None


_BY_KIND = {"FINDING_IDS": None, "DEFICIENCY_IDS": "deficiency", "OTHER_IDS": "other"}


def __getattr__(name: str) -> Any:
    """``FINDING_IDS`` (every finding id), ``DEFICIENCY_IDS`` and ``OTHER_IDS``
    (by kind), read from findings.yaml in its order."""
    if name in _BY_KIND:
        kind = _BY_KIND[name]
        return tuple(f.id for f in load().findings.values() if kind is None or f.kind == kind)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
