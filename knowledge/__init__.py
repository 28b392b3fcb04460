"""Knowledge as data: findings (nutrients and other causes), drug classes, lab
reference ranges, general advice and the claim inventory of the five source
documents. Each YAML file here is validated when loaded; `load()` reads them
once per process.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sorewhy import SOURCE_DOCUMENTS
from sorewhy.engine.errors import KnowledgeError

# The findings are listed once, in findings.yaml: FINDING_IDS, DEFICIENCY_IDS and
# OTHER_IDS are read from it, in its order, when first asked for (__getattr__ below).
LAB_KEYS = (
    "magnesium_mg_dl", "potassium_mmol_l", "sodium_mmol_l", "calcium_mg_dl",
    "vitamin_d_25oh_ng_ml", "vitamin_b12_pg_ml", "ferritin_ng_ml", "hemoglobin_g_dl",
)
SEED_DOCS = SOURCE_DOCUMENTS

Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Strict):
    ref: Text
    url: Annotated[str, Field(pattern=r"^https://")]


class DocPassage(_Strict):
    doc: Literal[SEED_DOCS]  # type: ignore[valid-type]
    quote: Text


class Finding(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    kind: Literal["deficiency", "other"]
    label: Text
    role: Text
    symptoms: list[Text]
    food_sources: list[Text] = []
    at_risk: list[Text] = []
    confirm: Text
    advice: list[Text]


class DrugClass(_Strict):
    id: Text
    label: Text
    names: list[Text]
    reference: Reference | None = None
    from_documents: list[DocPassage] = []

    @model_validator(mode="after")
    def _cited(self) -> DrugClass:
        if self.reference is None and not self.from_documents:
            raise ValueError(f"drug class {self.id!r} cites neither a document nor a reference")
        return self


class LabRange(_Strict):
    key: Literal[LAB_KEYS]  # type: ignore[valid-type]
    label: Text
    unit: Text
    finding: Text
    low: float
    high: float | None = None
    low_by_sex: dict[Literal["female", "male"], float] = {}
    reference: Reference

    @model_validator(mode="after")
    def _ordered(self) -> LabRange:
        if self.high is not None and not self.low < self.high:
            raise ValueError(f"{self.key}: low must be below high")
        return self

    def status(self, value: float, sex: str | None = None) -> str:
        low = self.low_by_sex.get(sex, self.low) if sex else self.low
        if value < low:
            return "low"
        if self.high is not None and value > self.high:
            return "high"
        return "normal"

    def range_text(self, sex: str | None = None) -> str:
        low = self.low_by_sex.get(sex, self.low) if sex else self.low
        if self.high is None:
            return f"at least {low:g} {self.unit}"
        return f"{low:g}-{self.high:g} {self.unit}"


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


class Knowledge(_Strict):
    findings: dict[str, Finding]
    drug_classes: dict[str, DrugClass]
    labs: dict[str, LabRange]
    claims: list[Claim]
    disagreements: list[Disagreement]
    advice: Advice

    @model_validator(mode="after")
    def _complete(self) -> Knowledge:
        unknown = sorted({lab.finding for lab in self.labs.values()} - set(self.findings))
        if unknown:
            raise ValueError(f"labs bear on findings that findings.yaml does not describe: {unknown}")
        missing_labs = set(LAB_KEYS) - set(self.labs)
        if missing_labs:
            raise ValueError(f"labs without a reference range: {sorted(missing_labs)}")
        ids = [c.id for c in self.claims]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"claim ids used twice: {dupes}")
        names: dict[str, str] = {}
        for cls in self.drug_classes.values():
            for name in cls.names:
                key = normalise_drug(name)
                if key in names and names[key] != cls.id:
                    raise ValueError(f"drug name {name!r} is in two classes: {names[key]}, {cls.id}")
                names[key] = cls.id
        return self

    @functools.cached_property
    def drug_index(self) -> dict[str, str]:
        """Normalised drug name -> class id."""
        return {normalise_drug(n): c.id for c in self.drug_classes.values() for n in c.names}

    def drug_class_of(self, name: str) -> str | None:
        return self.drug_index.get(normalise_drug(name))


def normalise_drug(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def _read(name: str) -> Any:
    try:
        text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"knowledge/{name}: cannot be read: {exc}") from None


def _keyed(items: list[dict[str, Any]], key: str, name: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items or []:
        k = item.get(key)
        if k in out:
            raise KnowledgeError(f"knowledge/{name}: {key} {k!r} appears twice")
        out[k] = item
    return out


@functools.cache
def load() -> Knowledge:
    """Load and validate every knowledge file (once per process)."""
    findings = _read("findings.yaml")
    drugs = _read("drugs.yaml")
    labs = _read("labs.yaml")
    claims = _read("claims.yaml")
    advice = _read("advice.yaml")
    try:
        return Knowledge(
            findings=_keyed(findings["findings"], "id", "findings.yaml"),
            drug_classes=_keyed(drugs["drug_classes"], "id", "drugs.yaml"),
            labs=_keyed(labs["labs"], "key", "labs.yaml"),
            claims=claims["claims"],
            disagreements=claims.get("disagreements", []),
            advice=advice,
        )
    except (ValidationError, KeyError, TypeError) as exc:
        raise KnowledgeError(f"knowledge files are invalid: {exc}") from None


_BY_KIND = {"FINDING_IDS": None, "DEFICIENCY_IDS": "deficiency", "OTHER_IDS": "other"}


def __getattr__(name: str) -> Any:
    """``FINDING_IDS`` (every finding id), ``DEFICIENCY_IDS`` and ``OTHER_IDS``
    (by kind), read from findings.yaml in its order."""
    if name in _BY_KIND:
        kind = _BY_KIND[name]
        return tuple(f.id for f in load().findings.values() if kind is None or f.kind == kind)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
