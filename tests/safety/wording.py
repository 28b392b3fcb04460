"""What sorewhy must never say: a dose, a brand or a product name, or a
supplement without "ask a doctor". Shared by the text scans of the rule base,
the knowledge files, generated reports and the interview.

The brand and product words include every one the five source documents use
(Isotonix, Epsom salts, magnesium citrate and glycinate, ferrous sulfate,
astaxanthin, pycnogenol, "Greens" and multi-mineral supplements) and common
brands of sports drinks and supplements, and every brand of medicine the
knowledge base recognises (knowledge/drugs.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

BRAND_WORDS: tuple[str, ...] = (
    # in the documents
    "isotonix", "epsom", "citrate", "glycinate", "bisglycinate", "ferrous", "sulfate", "sulphate",
    "astaxanthin", "pycnogenol", "greens supplement", "greens supplements", "multi-mineral",
    "multimineral", "flavonoid product",
    # other supplement forms and salts
    "gluconate", "threonate", "malate", "chelate", "chelated", "picolinate", "orotate", "taurate",
    "magnesium oxide", "magnesium chloride", "potassium chloride", "cyanocobalamin", "methylcobalamin",
    "cholecalciferol", "ergocalciferol", "calcium carbonate", "fumarate", "softgel", "softgels",
    "gummies", "capsule", "capsules", "tablet", "tablets", "sachet", "sachets", "bath salts",
    "magnesium oil", "magnesium spray", "salt tablets", "electrolyte tablets",
    # brands of sports drinks, supplements and common medicines
    "gatorade", "powerade", "pedialyte", "nuun", "liquid i.v.", "centrum", "nature made", "slow-mag",
    "mag-tab", "tums", "lipitor", "zocor", "crestor", "lasix", "prilosec", "nexium", "glucophage",
)


def _knowledge_brands() -> tuple[str, ...]:
    """Every brand name the knowledge base recognises in what a person types
    (knowledge/drugs.yaml): none may ever be said back."""
    from sorewhy.knowledge import load

    kb = load()
    return tuple(sorted({b.lower() for cls in kb.drug_classes.values() for b in cls.brands}
                        | {b.name.lower() for s in kb.supplements for b in s.brands}))


BRAND_WORDS = tuple(dict.fromkeys(BRAND_WORDS + _knowledge_brands()))

_BRAND_RE = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in BRAND_WORDS) + r")(?![\w-])",
                       re.IGNORECASE)

_DOSE_RE = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:-\s*\d+(?:[.,]\d+)?\s*)?"
    r"(?:mg|mcg|µg|μg|ug|iu|i\.u\.|units?|milligrams?|micrograms?|grams?|g|kg|"
    r"tablets?|capsules?|pills?|drops?|sachets?|teaspoons?|tablespoons?|tsp|tbsp|scoops?)"
    # a concentration (1.7 mg/dL, 12 g/dL) is a lab range, not a dose
    r"(?!\s*/\s*(?:dl|l|ml)\b)(?![\w/])",
    re.IGNORECASE,
)


_SUPPLEMENT_RE = re.compile(r"supplement", re.IGNORECASE)
_DOCTOR_RE = re.compile(r"\bdoctor", re.IGNORECASE)
_RECOMMENDS_RE = re.compile(
    r"supplement\w*\s+(?:can|may|will|would|help|helps|are|is)\s+(?:\w+\s+){0,2}"
    r"(?:help|relieve|ease|fix|correct|effective|best|well-absorbed|recommended)"
    r"|(?<!not )(?<!n't )\b(?:take|try|consider|use)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}supplement",
    re.IGNORECASE,
)


def problems(text: str, statement: bool = True) -> list[str]:
    """Everything in `text` that names a dose or a brand or product; for a
    `statement` (words sorewhy says, not the title of a source), also a
    mention of supplements that is not "ask a doctor first"."""
    found = [f"brand or product {m.group()!r}" for m in _BRAND_RE.finditer(text)]
    found += [f"dose {m.group()!r}" for m in _DOSE_RE.finditer(text)]
    if statement and _SUPPLEMENT_RE.search(text):
        if not _DOCTOR_RE.search(text):
            found.append(f"mentions supplements without 'ask a doctor': {text!r}")
        found += [f"recommends a supplement: {m.group()!r}" for m in _RECOMMENDS_RE.finditer(text)]
    return found


def strings(value: Any, path: str = "", skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """(path, text) for every string inside `value`, leaving out keys in `skip`."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if str(key) not in skip:
                yield from strings(item, f"{path}.{key}" if path else str(key), skip)
    elif isinstance(value, (list, tuple)):
        for n, item in enumerate(value):
            yield from strings(item, f"{path}[{n}]", skip)
