"""Blood results typed as people have them: ``potassium 3.1, vitamin D 30 nmol/L, ferritin 22``.

One job: read the interview's free-text answer about blood results into
results the facts vocabulary takes (contract section 1, ``labs``), each said
back as read with its band. Several results at once, in any order, each a
name, a number and, when the person has it, a unit:

  - names as laboratories and people write them (``K``, ``vit d``, ``B12``,
    ``Hb``, ``25(OH)D``), and the facts file's own keys (``vitamin_d_25oh``,
    ``potassium_mmol_l``); an unknown name is refused with the nearest one
    sorewhy reads;
  - a decimal comma (``3,1``) is read as a decimal point and said back so;
  - the unit, in any case and spacing (engine/units.py reads it); without one,
    the number is read in the only unit in which it is a likely result
    (potassium 3.1 can only be mmol/L); when it is likely in several units
    that would put it in different bands (vitamin D 30 is normal in ng/mL,
    low in nmol/L) the result is marked ``ambiguous`` and the interview asks
    for the unit.

The numbers, units and bands are knowledge/labs.yaml's, through
:mod:`sorewhy.engine.units`; a result is kept as a facts file keeps it: a
number in its key's own unit under the unit-suffixed key, any other unit as
``"30 nmol/L"`` under the unit-free key.

Importing this module is cheap: it does not import the inference engine.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from typing import Any, cast

from sorewhy.knowledge.labdata import BAND_LABELS, CRITICAL_BANDS

EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "magnesium": ("mg", "mg2+", "serum magnesium"),
    "potassium": ("k", "k+", "serum potassium"),
    "sodium": ("na", "na+", "serum sodium"),
    "calcium": ("ca", "ca2+", "adjusted calcium", "corrected calcium", "serum calcium"),
    "vitamin_d_25oh": ("vitamin d", "vit d", "vitamin d3", "vit d3", "25(oh)d", "25 oh d", "25-oh vitamin d",
                       "25-oh-d", "25-hydroxyvitamin d", "25-hydroxy vitamin d", "calcidiol", "vitd"),
    "vitamin_b12": ("b12", "vit b12", "vitamin b 12", "b 12", "cobalamin", "serum b12"),
    "ferritin": ("serum ferritin",),
    "hemoglobin": ("haemoglobin", "hb", "hgb"),
}
"""Names people and laboratories use for each analyte, beside its own name,
label and keys (knowledge/labs.yaml)."""

LIKELY_BELOW = 4.0
"""A reading in some unit is a likely result when it lies within this factor
below the reference range's lower edge ..."""
LIKELY_ABOVE = 1.25
"""... and within this factor above its upper edge, outside the critical bands.
(Vitamin D 30 is likely both as ng/mL and as nmol/L, 12 ng/mL; haemoglobin
13.5 as mmol/L would be 21.8 g/dL, beyond 1.25 x 17.2: only g/dL is likely.)"""

_NUMBER_TOKEN = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)(.*)$")
_SEPARATORS = re.compile(r";|\n|,(?!\d)|\band\b|\bplus\b", re.IGNORECASE)


class LabTextError(ValueError):
    """A blood-results answer that cannot be read; the message says why, in one line."""


def name_key(text: str) -> str:
    """How names are compared: lower case, letters and digits only (``Vit. D`` -> ``vitd``)."""
    return re.sub(r"[^a-z0-9+]", "", text.lower().replace("µ", "u")).rstrip("+") or text.lower()


@functools.cache
def _labs() -> dict[str, Any]:
    from sorewhy.knowledge import lab_table

    return {lab.analyte: lab for lab in lab_table()}


@functools.cache
def names() -> dict[str, tuple[str, str | None]]:
    """Every accepted name (compared as :func:`name_key`) -> (analyte, the unit
    the name implies: a unit-suffixed key's own unit, else None)."""
    out: dict[str, tuple[str, str | None]] = {}
    for analyte, lab in _labs().items():
        for spoken in (analyte, lab.name, lab.label, lab.description, *EXTRA_NAMES.get(analyte, ())):
            out.setdefault(name_key(spoken), (analyte, None))
        out[name_key(lab.key)] = (analyte, lab.unit)
    return out


def shown_names() -> list[str]:
    """The names said in hints and refusals, one per analyte."""
    return [lab.name for lab in _labs().values()]


def nearest_name(text: str) -> str | None:
    """The accepted name closest to `text`, spelled as people write it, or None."""
    spelled: dict[str, str] = {}
    for analyte, lab in _labs().items():
        for spoken in (lab.name, *EXTRA_NAMES.get(analyte, ()), analyte):
            spelled.setdefault(name_key(spoken), spoken)
    found = difflib.get_close_matches(name_key(text), list(spelled), n=1, cutoff=0.6)
    return spelled[found[0]] if found else None


# --- one result ------------------------------------------------------------------------------


@dataclass
class LabItem:
    """One result as typed and as read."""

    analyte: str
    number: float
    typed: str
    """The number as typed (``3,1``)."""
    unit: str | None
    """The unit read (canonical spelling), None while it is ambiguous."""
    units_given: bool = False
    """Whether the person typed the unit (else it was inferred from the number)."""
    options: list[str] = field(default_factory=list)
    """When ambiguous: the units in which the number is a likely result, differently banded."""

    @property
    def lab(self) -> Any:
        return _labs()[self.analyte]

    @property
    def ambiguous(self) -> bool:
        return self.unit is None

    @property
    def canonical(self) -> float:
        from sorewhy.engine.units import convert

        assert self.unit is not None
        return convert(self.lab.key, self.number, self.unit)

    def entry(self) -> tuple[str, float | str]:
        """Where it goes under ``labs`` in a facts file, and as what."""
        from sorewhy.engine.units import number_text

        assert self.unit is not None
        if self.unit == self.lab.unit:
            return self.lab.key, self.number
        return self.analyte, f"{number_text(self.number)} {self.unit}"

    def band(self, sex: str | None = None) -> str:
        return self.lab.band(self.canonical, sex if sex in ("female", "male") else None)

    def said_back(self, sex: str | None = None) -> str:
        """``potassium 3.1 mmol/L: low (reference range 3.7-5.2 mmol/L)``; a
        decimal comma, a converted value and an inferred unit are said."""
        from sorewhy.engine.units import number_text

        lab = self.lab
        value = f"{number_text(self.number)} {self.unit}"
        head = f"{lab.name} {self.typed} read as {value}" if self.typed != number_text(self.number) else \
            f"{lab.name} {value}"
        if self.unit != lab.unit:
            head += f" ({self.canonical:.{lab.decimals}f} {lab.unit})"
        sex_ = sex if sex in ("female", "male") else None
        text = f"{head}: {BAND_LABELS[self.band(sex)]} (reference range {lab.range_text(sex_)})"
        others = _other_readings(lab, self.number, self.unit)
        if not self.units_given and others:
            text += f"; if your result is in {' or '.join(others)}, type it again with its unit"
        return text


def _other_readings(lab: Any, number: float, unit: str | None) -> list[str]:
    """The units in which `number` would be a different value than in `unit`
    (none for potassium: mmol/L and mEq/L are the same)."""
    from sorewhy.engine.units import convert

    if unit is None:
        return []
    mine = round(convert(lab.key, number, unit), 9)
    return [u for u in lab.units if round(convert(lab.key, number, u), 9) != mine]


def _read_unit(lab: Any, text: str) -> str:
    from sorewhy.engine.units import canonical_unit

    unit = canonical_unit(text.rstrip("."))
    if unit is None or unit not in lab.units:
        raise LabTextError(f"'{text}' is not a unit of {lab.name}: use one of {', '.join(lab.units)}")
    return unit


def settle_unit(item: LabItem, unit: str) -> LabItem:
    """The item read in `unit` (typed by the person when asked which); LabTextError if not a unit of it."""
    item.unit = _read_unit(item.lab, unit)
    item.units_given = True
    _check_plausible(item)
    return item


def _check_plausible(item: LabItem) -> None:
    from sorewhy.engine.units import number_text

    lab = item.lab
    lo, hi = lab.plausible
    if not lo <= item.canonical <= hi:
        raise LabTextError(f"{lab.name} {number_text(item.number)} {item.unit} is not possible in a living "
                           f"person's blood (expected {number_text(lo)} to {number_text(hi)} {lab.unit}, "
                           f"or the same in {', '.join(lab.units[1:])}): check the number and its unit")


def _infer_unit(item: LabItem, sex: str | None) -> None:
    """The unit of a number typed without one: the only unit it is plausible
    in, or likely in, or several likely giving the same band (the first, the
    key's own unit before others); else ambiguous (options set)."""
    from sorewhy.engine.units import convert, number_text

    lab = item.lab
    sex_ = sex if sex in ("female", "male") else None
    lo, hi = lab.plausible
    readings: dict[float, list[str]] = {}
    for unit in lab.units:
        value = round(convert(lab.key, item.number, unit), 9)
        if lo <= value <= hi:
            readings.setdefault(value, []).append(unit)
    if not readings:
        raise LabTextError(f"{lab.name} {number_text(item.number)} is not possible in any of its units "
                           f"({', '.join(lab.units)}): check the number")
    if len(readings) == 1:
        item.unit = next(iter(readings.values()))[0]
        return
    low_edge = lab.bands["low"].edge(sex_)
    high_edge = lab.bands["high"].edge(sex_) if "high" in lab.bands else hi
    likely = {v: us for v, us in readings.items()
              if low_edge / LIKELY_BELOW <= v <= high_edge * LIKELY_ABOVE and lab.band(v, sex_) not in CRITICAL_BANDS}
    if len(likely) == 1 or (likely and len({lab.band(v, sex_) for v in likely}) == 1):
        item.unit = next(iter(likely.values()))[0]
        return
    pool = likely or readings
    item.options = [us[0] for us in pool.values()]
    item.unit = None


# --- a whole answer ------------------------------------------------------------------------------


@dataclass
class LabAnswer:
    """Every result one answer names (in the order typed), or none (`none`)."""

    items: list[LabItem] = field(default_factory=list)

    @property
    def ambiguous(self) -> list[LabItem]:
        return [i for i in self.items if i.ambiguous]

    def entries(self) -> dict[str, float | str]:
        return dict(i.entry() for i in self.items if not i.ambiguous)

    def analytes(self) -> list[str]:
        return [i.analyte for i in self.items if not i.ambiguous]


NONE_WORDS = frozenset({"none", "no", "nothing", "nil", "n", "no results", "none at hand"})


def read_results(text: str, default: str | None = None, default_unit: str | None = None,
                 sex: str | None = None) -> LabAnswer:
    """Read a blood-results answer. `default`: the analyte a bare number is
    (at a question for one result), with `default_unit` the unit a bare
    number is in there. Raises :class:`LabTextError` naming what is wrong."""
    if " ".join(text.lower().split()) in NONE_WORDS:
        return LabAnswer()
    items: list[LabItem] = []
    unknown: list[str] = []
    for piece in _SEPARATORS.split(text):
        if piece and piece.strip():
            for item in _read_piece(piece, default, default_unit, unknown):
                items = [i for i in items if i.analyte != item.analyte]  # the last one typed counts
                items.append(item)
    if unknown:
        raise LabTextError(_unknown_message(unknown, default))
    if not items:
        raise LabTextError(example_hint(default))
    for item in items:
        if item.unit is None:
            _infer_unit(item, sex)
        else:
            _check_plausible(item)
    return LabAnswer(items)


def example_hint(default: str | None = None) -> str:
    if default is not None:
        lab = _labs()[default]
        return f"type a number (in {lab.unit}), or a number and its unit ({', '.join(lab.units)})"
    return "type each result's name and number, e.g. potassium 3.1, vitamin D 30 nmol/L, ferritin 22; or `none`"


def _unknown_message(unknown: list[str], default: str | None = None) -> str:
    if default is not None and all(nearest_name(n) is None for n in unknown):
        return f"'{unknown[0]}' is not a number or a blood result sorewhy reads: {example_hint(default)}"
    parts = []
    for name in unknown:
        near = nearest_name(name)
        parts.append(f"'{name}' (did you mean {near}?)" if near else f"'{name}'")
    what = "is not a blood result" if len(unknown) == 1 else "are not blood results"
    return (f"{', '.join(parts)} {what} sorewhy reads; it reads {', '.join(shown_names())}. "
            "Please type the results again")


def _tokens(piece: str) -> list[str]:
    # "3.1mmol/L" -> "3.1", "mmol/L"; "K:3.1" -> "K", "3.1"; "g / dL" kept as three tokens
    piece = re.sub(r"(?<=\d)(?=[a-zA-Zµμ])", " ", piece.replace(":", " ").replace("=", " "))
    return piece.split()


def _unit_at(tokens: list[str], i: int) -> tuple[str | None, int]:
    """A unit starting at tokens[i] (up to three tokens: ``g / dL``), and how many tokens it takes."""
    from sorewhy.engine.units import canonical_unit

    for n in (3, 2, 1):
        if i + n <= len(tokens):
            text = "".join(tokens[i:i + n])
            if canonical_unit(text.rstrip(".")) is not None:
                return text.rstrip("."), n
    last = i + 1 == len(tokens) or not _NUMBER_TOKEN.match(tokens[i + 1]) if i < len(tokens) else False
    if i < len(tokens) and ("/" in tokens[i] or (tokens[i].lower().rstrip(".") in _UNITISH and last)):
        return tokens[i], 1  # a unit sorewhy does not know: named in the refusal
    return None, 0


_UNITISH = frozenset({"mg", "ng", "pg", "g", "ug", "µg", "mcg", "mmol", "nmol", "pmol", "umol", "µmol", "meq", "iu",
                      "%", "units", "mg/l"})
"""Words that can only be a unit (or half of one) right after a number: ``vitamin D 30 mg``
is refused as a unit, not read as magnesium."""


def _read_piece(piece: str, default: str | None, default_unit: str | None, unknown: list[str]) -> list[LabItem]:
    from sorewhy.engine.units import number_text

    tokens = _tokens(piece)
    out: list[LabItem] = []
    name: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        number = _NUMBER_TOKEN.match(token)
        is_value = number is not None and number.group(2) == "" and (
            (name and name_key(" ".join(name)) in names()) or (not name and default is not None)
            or (name and i + 1 >= len(tokens)) or (name and _unit_at(tokens, i + 1)[1] > 0))
        if not is_value:
            name.append(token)
            i += 1
            continue
        spoken = " ".join(name)
        found = names().get(name_key(spoken)) if name else (default, default_unit)
        i += 1
        unit_text, used = _unit_at(tokens, i)
        i += used
        if found is None or found[0] is None:
            unknown.append(spoken)
            name = []
            continue
        analyte, implied = cast(tuple[str, "str | None"], found)
        raw = number.group(1)  # type: ignore[union-attr]
        if re.fullmatch(r"[+-]?\d{1,3},\d{3}", raw):
            raise LabTextError(f"'{raw}' could mean {raw.replace(',', '')} or {raw.replace(',', '.')}: "
                               "write the number without a thousands separator, with a decimal point")
        value = float(raw.replace(",", "."))
        lab = _labs()[analyte]
        unit = _read_unit(lab, unit_text) if unit_text else implied
        item = LabItem(analyte, value, raw if "," in raw else number_text(value), unit, units_given=unit is not None)
        if unit_text is None and implied is None and not name and default_unit is not None:
            item.unit, item.units_given = default_unit, True  # a bare number at a question naming its unit
        out.append(item)
        name = []
    if name:
        spoken = " ".join(name)
        found = names().get(name_key(spoken))
        if found is not None:
            raise LabTextError(f"{_labs()[found[0]].name}: type its number too, e.g. "
                               f"{_labs()[found[0]].name} {_example(found[0])}")
        if any(ch.isalpha() for ch in spoken):
            unknown.append(spoken)
        else:
            raise LabTextError(example_hint(default))
    return out


def _example(analyte: str) -> str:
    from sorewhy.engine.units import number_text

    lab = _labs()[analyte]
    high = lab.bands["high"].edge() if "high" in lab.bands else lab.low * 2
    return number_text(round((lab.low + high) / 2, lab.decimals))


__all__ = [
    "LabAnswer",
    "LabItem",
    "LabTextError",
    "example_hint",
    "names",
    "nearest_name",
    "read_results",
    "settle_unit",
]
