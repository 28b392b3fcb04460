"""Reading medicines as people write them.

A person types what is on the box or the prescription: ``Lasix 40 mg``,
``atorvastatin 20mg``, ``omeprazole 20 mg daily``, ``HCTZ``,
``losartan/hydrochlorothiazide``, ``water tablet``. This module maps each
entry of a profile's ``medications`` to the drug classes of
``knowledge/drugs.yaml``:

1. The entry is compared, whatever its case, spacing and hyphens, with every
   name the knowledge base knows: class words (``water pill``), generic names
   and their other spellings and abbreviations (``frusemide``, ``HCTZ``), and
   brand names.
2. Failing that, a dose or strength (``20mg``, ``50/12.5 mg``), a form
   (``tablets``, ``XR``, ``modified release``), a schedule (``daily``,
   ``twice a day``) and a salt (``hydrochloride``) are taken off the end.
3. Failing that, a combination is split on ``/``, ``+``, ``&``, ``,``, ``;``,
   `` and ``, `` with ``, brackets and ``-``; it is taken only where a part is
   a known name (for ``-``: where every part is, or one part is a generic or
   brand name), and a part that is not known is reported as not recognised.
4. What is still unknown is kept and reported as not recognised; when it is a
   near miss of a known name (``furosemid``) the report suggests that name
   (always the generic, never a brand), but never takes it.

Only exact names are taken: a dose alone, an unrelated word or a name that
merely shares a beginning or an end with a known one (``nystatin`` is not a
statin) is not recognised.

Supplements are read the same way (``Adcal-D3``, ``magnesium glycinate``,
``vitamin D 1000 IU``, ``ferrous sulfate``; knowledge/drugs.yaml
``supplements``): such a name is not unrecognised, reads as class
:data:`SUPPLEMENT` with the ``supplements`` values it gives, and is never a
drug class (:attr:`MedicationReading.classes` leaves it out).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sorewhy.knowledge import load as load_knowledge
from sorewhy.knowledge import normalise_drug

if TYPE_CHECKING:
    from sorewhy.rules.base import RuleMeta

__all__ = [
    "SUPPLEMENT",
    "SUPPLEMENT_WORDS",
    "MedicationReading",
    "Reading",
    "Suggestion",
    "classes_tested",
    "confirmation_lines",
    "covered_names",
    "read_medications",
    "report_keys",
    "summary_line",
    "supplement_label",
]


SUPPLEMENT = "supplement"
"""The ``class`` of a reading that is a supplement (``Adcal-D3``): not a drug
class, never in ``drug_classes``; what it gives is in its ``supplements``."""

SUPPLEMENT_WORDS: dict[str, str] = {
    "magnesium": "magnesium", "potassium": "potassium", "calcium": "calcium", "vitamin_d": "vitamin D",
    "vitamin_b12": "vitamin B12", "b_complex": "B vitamins", "iron": "iron", "multivitamin": "a multivitamin",
    "electrolytes": "electrolytes",
}
"""Each ``supplements`` value in words."""


def supplement_label(gives: Sequence[str]) -> str:
    """``calcium and vitamin D, already taken``: what a supplement read from the
    medicines gives, in words (never a recommendation)."""
    words = [SUPPLEMENT_WORDS.get(g, g) for g in gives]
    what = " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{what}, already taken"


@dataclass(frozen=True, slots=True)
class Reading:
    """How one recognised medicine (or one part of a combination) was read."""

    given: str
    generic: str | None
    """None when only a class word (``water tablet``) was given."""
    drug_class: str
    class_label: str
    supplements: tuple[str, ...] = ()
    """For a supplement (`drug_class` :data:`SUPPLEMENT`): the ``supplements`` values it gives."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"given": self.given, "generic": self.generic, "class": self.drug_class,
                               "class_label": self.class_label}
        if self.supplements:
            out["supplements"] = list(self.supplements)
        return out

    def describe(self) -> str:
        """``Lasix 40 mg → furosemide, loop diuretic`` (never a brand beyond what was typed)."""
        return f"{self.given} → {_read_text(self.generic, self.class_label)}"


def _read_text(generic: str | None, label: str) -> str:
    if not generic or label.startswith(generic):
        return label
    return f"{generic}, {label}"


@dataclass(frozen=True, slots=True)
class Suggestion:
    given: str
    did_you_mean: str

    def as_dict(self) -> dict[str, str]:
        return {"given": self.given, "did_you_mean": self.did_you_mean}


@dataclass(frozen=True, slots=True)
class MedicationReading:
    """A profile's medications as read: recognised parts in input order, the
    names not recognised (each once), and near misses."""

    read: tuple[Reading, ...]
    unrecognised: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def classes(self) -> frozenset[str]:
        """The drug classes read (a supplement is none)."""
        return frozenset(r.drug_class for r in self.read if r.drug_class != SUPPLEMENT)

    @property
    def supplements(self) -> frozenset[str]:
        """The ``supplements`` values read from the medicines (``Adcal-D3``: calcium, vitamin_d)."""
        return frozenset(s for r in self.read for s in r.supplements)


@dataclass(frozen=True, slots=True)
class _Known:
    generic: str | None
    drug_class: str
    specific: bool
    """A generic, another spelling or a brand (not a class word)."""
    gives: tuple[str, ...] = ()
    """For a supplement: the ``supplements`` values it gives."""


# --- the names the knowledge base knows ------------------------------------


@functools.cache
def _index() -> dict[str, _Known]:
    """Normalised name -> what it names: class words, generics with their other
    spellings, and brands (a brand names its generic)."""
    out: dict[str, _Known] = {}
    for cls in load_knowledge().drug_classes.values():
        for word in cls.words:
            out[normalise_drug(word)] = _Known(None, cls.id, False)
        for generic in cls.generics:
            for name in (generic.name, *generic.also):
                out[normalise_drug(name)] = _Known(generic.name, cls.id, True)
            for brand in generic.brands:
                out[normalise_drug(brand.name)] = _Known(generic.name, cls.id, True)
    for supplement in load_knowledge().supplements:
        gives = tuple(supplement.gives)
        for name in supplement.names:
            out[normalise_drug(name)] = _Known(None, SUPPLEMENT, True, gives)
        for product in supplement.brands:
            out[normalise_drug(product.name)] = _Known(None, SUPPLEMENT, True, gives)
    return out


@functools.cache
def _labels() -> dict[str, str]:
    return {cls.id: cls.label for cls in load_knowledge().drug_classes.values()}


# --- what is taken off a name ------------------------------------------------

_UNIT = r"(?:mg|mcg|µg|μg|ug|g|grams?|milligrams?|micrograms?|ml|iu|units?|%|hr|hours?|h)"
_NUMBER = r"\d+(?:[.,]\d+)?"
_DOSE_RE = re.compile(
    rf"(?<![a-z]){_NUMBER}\s*{_UNIT}?(?:\s*/\s*{_NUMBER}\s*{_UNIT}?)*(?:\s*/\s*(?:ml|dose|day))?(?![a-z])"
)
_NOISE_PHRASES = re.compile(
    r"\b(?:extended|modified|sustained|controlled|delayed|prolonged|slow|immediate)[ -]release\b"
    r"|\b(?:film|enteric)[ -]coated\b|\bgastro[ -]resistant\b"
    r"|\b(?:once|twice|three times|four times|one|two|three)\s+(?:a|per|each)\s+(?:day|week|night)\b"
    r"|\b(?:a|per|each|every)\s+(?:day|morning|evening|night|week)\b"
    r"|\b(?:at|in the)\s+(?:night|bedtime|morning|evening)\b|\bas needed\b|\bwhen needed\b"
    r"|\bby mouth\b|\bwith (?:food|meals?|water)\b|\bx\s*\d+\b"
)
_NOISE_WORDS = frozenset("""
    tablet tablets tab tabs pill pills capsule capsules cap caps caplet caplets
    liquid solution suspension syrup oral chewable dispersible soluble effervescent
    xr er sr xl la cr mr dr ec ir od bd bid tds tid qds qid qd qid prn po nocte mane
    daily nightly weekly morning evening once twice
    hydrochloride hcl sodium potassium calcium magnesium besylate maleate succinate tartrate
    mesylate phosphate acetate monohydrate dihydrate
    generic
""".split())


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("®", " ").replace("™", " ").replace("*", " ")
    return " ".join(text.split())


def _strip(text: str) -> str:
    """``text`` (already lower case) without its dose, form, schedule or salt."""
    text = _DOSE_RE.sub(" ", text)
    text = _NOISE_PHRASES.sub(" ", text)
    words = normalise_drug(re.sub(r"[.,;:()\[\]]", " ", text)).split()
    while len(words) > 1 and words[-1] in _NOISE_WORDS:
        words.pop()
    return " ".join(words)


def _lookup(part: str) -> _Known | None:
    """One name, as written or without its dose, form and schedule."""
    index = _index()
    low = part.lower().strip(" .,;:")
    hit = index.get(normalise_drug(low))
    if hit is None:
        hit = index.get(_strip(low))
    return hit


def _is_noise(part: str) -> bool:
    """A part of a combination that is only a dose, a form or a schedule."""
    low = part.lower()
    rest = _NOISE_PHRASES.sub(" ", _DOSE_RE.sub(" ", low))
    words = normalise_drug(re.sub(r"[.,;:()\[\]/+&]", " ", rest)).split()
    return all(w in _NOISE_WORDS for w in words)


_SPLIT_RE = re.compile(r"/|\+|&|,|;|\(|\)|\[|\]|\band\b|\bwith\b|\bplus\b", re.IGNORECASE)
# No surrounding \s* (the parts are stripped): before a separator it made a
# long run of spaces cost time quadratic in its length.

MAX_NAME_LENGTH = 100
"""The longest medicine name that is read (the vocabulary's limit too): a
longer one is kept as given and reported as not recognised, unread, so that
the work per name is bounded whatever is passed in."""

_CACHED_NAMES = 64
"""Profiles of at most this many names (the vocabulary's list limit) are cached."""


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _split(text: str) -> list[str]:
    # A dose such as 50/12.5 mg must not split the name: blank doses out first.
    without_doses = _DOSE_RE.sub(_blank, text.lower())
    parts, start = [], 0
    for m in _SPLIT_RE.finditer(without_doses):
        parts.append(text[start:m.start()])
        start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip() and not _is_noise(p)]


def _read_one(given: str) -> tuple[list[_Known], list[str]]:
    """What one entry names: the known parts and the parts not recognised."""
    if len(given) > MAX_NAME_LENGTH:
        return [], [given]
    text = _clean(given)
    if not text:
        return [], []
    hit = _lookup(text)
    if hit is not None:
        return [hit], []
    parts = _split(text)
    if len(parts) > 1:
        hits = [_lookup(p) for p in parts]
        if any(hits):
            return [h for h in hits if h], [p for p, h in zip(parts, hits, strict=True) if h is None]
    elif len(parts) == 1 and parts[0] != text:
        hit = _lookup(parts[0])
        if hit is not None:
            return [hit], []
    # A hyphen inside a dose or a form ("gastro-resistant") does not split.
    masked = _NOISE_PHRASES.sub(_blank, _DOSE_RE.sub(_blank, text.lower()))
    cuts = [m.start() for m in re.finditer("-", masked)]
    pieces = [text[a + 1:b].strip() for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]
    pieces = [p for p in pieces if p and not _is_noise(p)]
    if len(pieces) > 1:
        hits = [_lookup(p) for p in pieces]
        if all(hits) or any(h and h.specific for h in hits):
            return [h for h in hits if h], [p for p, h in zip(pieces, hits, strict=True) if h is None]
    return [], [text]


# --- near misses -------------------------------------------------------------


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts once),
    or ``limit + 1`` when it is larger than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@functools.cache
def _suggestion_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """First letter -> (normalised name, what to suggest); a brand suggests its
    generic. Names shorter than five letters are never suggested, nor is a
    supplement's brand (it has no generic name to suggest instead)."""
    out: dict[str, list[tuple[str, str]]] = {}
    brands = {normalise_drug(b.name) for s in load_knowledge().supplements for b in s.brands}
    for key, known in sorted(_index().items()):
        if len(key) >= 5 and key not in brands:
            out.setdefault(key[0], []).append((key, known.generic or key))
    return {letter: tuple(names) for letter, names in out.items()}


def _suggest(name: str) -> str | None:
    """The known name `name` is one or two typing slips away from, if any:
    one slip for names up to seven letters, two for longer ones, and the same
    first letter (``nystatin`` suggests nothing)."""
    key = _strip(_clean(name).lower())
    if len(key) < 5 or key in _index():
        return None
    limit = 1 if len(key) <= 7 else 2
    best: tuple[int, str] | None = None
    for known, suggest in _suggestion_names().get(key[0], ()):
        if abs(len(known) - len(key)) > limit:
            continue
        d = _distance(key, known, limit)
        if d <= limit and (best is None or (d, suggest) < best):
            best = (d, suggest)
    return best[1] if best else None


# --- a profile's medications ------------------------------------------------


def _read(names: tuple[str, ...]) -> MedicationReading:
    # Linear in the number of names: each is read once (a repeated name is
    # not read again), and what was seen is kept in dicts, not searched in lists.
    labels = _labels()
    read: dict[Reading, None] = {}
    unrecognised: dict[str, None] = {}
    suggestions: list[Suggestion] = []
    for given in dict.fromkeys(names):
        hits, unknown = _read_one(given)
        for hit in hits:
            if hit.gives:
                read.setdefault(Reading(given, None, SUPPLEMENT, supplement_label(hit.gives), hit.gives))
            else:
                read.setdefault(Reading(given, hit.generic, hit.drug_class, labels[hit.drug_class]))
        for name in unknown:
            if name not in unrecognised:
                unrecognised[name] = None
                suggestion = _suggest(name) if len(name) <= MAX_NAME_LENGTH else None
                if suggestion is not None:
                    suggestions.append(Suggestion(name, suggestion))
    return MedicationReading(tuple(read), tuple(unrecognised), tuple(suggestions))


_read_all = functools.lru_cache(maxsize=4096)(_read)


def read_medications(names: Iterable[str] | None) -> MedicationReading:
    """Read a profile's `medications` list (None: not given). Time is linear
    in the number of names and bounded per name (:data:`MAX_NAME_LENGTH`);
    only lists as long as the vocabulary allows are cached, so memory stays
    bounded too."""
    given = tuple(names or ())
    return _read_all(given) if len(given) <= _CACHED_NAMES else _read(given)


def report_keys(names: Sequence[str] | None) -> dict[str, list[Any]]:
    """The report keys that echo the medications as typed:
    ``unrecognised_medications``, ``medications_read`` and
    ``medication_suggestions`` (new lists, for one report)."""
    reading = read_medications(names)
    return {
        "unrecognised_medications": list(reading.unrecognised),
        "medications_read": [r.as_dict() for r in reading.read],
        "medication_suggestions": [s.as_dict() for s in reading.suggestions],
    }


# --- words for people ----------------------------------------------------------


def confirmation_lines(report: Mapping[str, Any]) -> list[str]:
    """What the interview says right after the medications question, from the
    report of the answers so far: how each medicine was read, near misses and
    names not recognised, and how to answer again. Only the names the person
    typed and generic names appear (never a brand they did not type)."""
    lines = [f"Read as: {describe_read([r])}." for r in report.get("medications_read", [])]
    suggested = {s.get("given") for s in report.get("medication_suggestions", [])}
    for s in report.get("medication_suggestions", []):
        lines.append(f"Not recognised: {s.get('given')} (did you mean {s.get('did_you_mean')}?). "
                     "Nothing was assumed.")
    plain = [n for n in report.get("unrecognised_medications", []) if n not in suggested]
    if plain:
        lines.append(f"Not recognised: {', '.join(plain)}. Kept as given; it cannot change the result.")
    if lines:
        lines.append("If that is not what you meant, type back and answer again.")
    return lines


def describe_read(readings: Sequence[dict[str, Any]]) -> str:
    """``Lasix → furosemide, loop diuretic; water tablet → diuretic (type not
    given)`` from a report's ``medications_read``."""
    out = []
    for r in readings:
        label = r.get("class_label") or r.get("class") or "?"
        out.append(f"{r.get('given', '?')} → {_read_text(r.get('generic'), label)}")
    return "; ".join(out)


def describe_suggestions(suggestions: Sequence[dict[str, Any]]) -> str:
    """``furosemid (did you mean furosemide?)`` from ``medication_suggestions``."""
    return "; ".join(f"{s.get('given', '?')} (did you mean {s.get('did_you_mean', '?')}?)" for s in suggestions)


def summary_line(report: Mapping[str, Any]) -> str | None:
    """One line for the table and markdown reports: how the medicines were read
    and any near miss (None when there is neither)."""
    parts = []
    if report.get("medications_read"):
        parts.append(f"{describe_read(report['medications_read'])}.")
    if report.get("medication_suggestions"):
        parts.append(f"Not taken: {describe_suggestions(report['medication_suggestions'])}.")
    return " ".join(parts) or None


def classes_tested(meta: RuleMeta) -> list[str]:
    """The drug classes a rule tests (through ``drug_classes``), read from the
    words of its tests (:attr:`RuleShape.drug_class_words`)."""
    from sorewhy.engine.introspect import shape_of

    ids = list(load_knowledge().drug_classes)
    out: list[str] = []
    for words in shape_of(meta).drug_class_words:
        if words == "is not empty":  # any medicine the knowledge base recognises
            return ids
        out += [c for c in ids if c not in out and re.search(rf"(?<!\w){c}(?!\w)", words)]
    return out


def covered_names(class_ids: Iterable[str]) -> list[str]:
    """For `sorewhy rules show`: per class, the generic names and everyday words
    it covers and how many brand names (which are never listed)."""
    kb = load_knowledge()
    out = []
    for cid in sorted(set(class_ids)):
        cls = kb.drug_classes.get(cid)
        if cls is None:
            continue
        names = [f"{g.name} ({', '.join(g.also)})" if g.also else g.name for g in cls.generics]
        names += [f'"{w}"' for w in cls.words]
        brands = len(cls.brands)
        tail = f", and {brands} brand name{'s' if brands != 1 else ''}" if brands else ""
        out.append(f"{cls.label}: {', '.join(names)}{tail}")
    return out
