"""Blood results with their units: reading ``"30 nmol/L"`` or
``{value: 30, unit: "nmol/L"}``, converting it to the unit the rules reason in
(each analyte's unit-suffixed key, e.g. ``vitamin_d_25oh_ng_ml``), and telling
impossible values apart from unit mix-ups.

The arithmetic is pint's: a mass concentration becomes an amount-of-substance
concentration through the analyte's molar mass, and milliequivalents are
millimoles times the ion's valence (``knowledge/labs.yaml`` holds both). pint is
imported the first time a result in another unit is converted, so that a
profile in the keys' own units (and ``sorewhy --help``) never pays for it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from sorewhy.errors import SorewhyError, printable
from sorewhy.knowledge import LabRange, lab_table

_SPELLINGS = {
    "mg/dl": "mg/dL", "mmol/l": "mmol/L", "meq/l": "mEq/L", "ng/ml": "ng/mL", "nmol/l": "nmol/L",
    "ug/l": "µg/L", "pg/ml": "pg/mL", "pmol/l": "pmol/L", "ng/l": "ng/L", "g/dl": "g/dL", "g/l": "g/L",
    "umol/l": "µmol/L", "mg/l": "mg/L", "ug/dl": "µg/dL", "ug/ml": "µg/mL",
}
"""Units as laboratories print them, by their case-free spelling (``u`` for micro)."""

_PINT = {"µg/L": "ug/L", "µmol/L": "umol/L", "µg/dL": "ug/dL", "µg/mL": "ug/mL"}
"""The canonical spellings pint reads differently."""

_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
_QUANTITY = re.compile(rf"^\s*({_NUMBER})\s*(.*?)\s*$", re.ASCII)
"""A number (digits 0-9 only: another script's digit may look like a different
one) and what follows it. Any exponent is read, so that ``1e9999`` is named as
not finite rather than as a number without its unit."""
_NOT_FINITE = re.compile(r"^\s*[+-]?(?:nan|inf|infinity)\b", re.IGNORECASE | re.ASCII)
_OTHER_DIGIT = re.compile(r"^\s*[+-]?[.,]?(?![0-9])\d")


class LabValueError(SorewhyError, ValueError):
    """A blood result that cannot be read; the message says what was expected
    (validation turns it into a :class:`ProfileError` naming the file, profile
    and key)."""


@dataclass(frozen=True, slots=True)
class LabReading:
    """One blood result as the person gave it and as the rules see it."""

    analyte: str
    """The unit-free key (``potassium``)."""
    key: str
    """The unit-suffixed key the rules reason with (``potassium_mmol_l``)."""
    value: float
    """The number as given, in `unit`."""
    unit: str
    """The unit it was given in, spelled canonically (``mmol/L``)."""
    given: str
    """What the person typed: ``"2.3 mmol/l"``, or the number and unit."""
    canonical: float
    """The value in the key's unit."""

    @property
    def shown(self) -> str:
        """The value in the unit given: ``2.3 mmol/L``."""
        return f"{number_text(self.value)} {self.unit}"


def number_text(value: float) -> str:
    """A number as a person would write it: ``2.3``, ``30``, ``0.85``."""
    return f"{value:.10g}"


def canonical_unit(text: str) -> str | None:
    """The canonical spelling of a unit (``"MMOL/l"`` -> ``"mmol/L"``), or None."""
    key = "".join(text.split()).lower().replace("µ", "u").replace("μ", "u").replace("mcg", "ug")
    key = key.replace("litre", "l").replace("liter", "l")
    return _SPELLINGS.get(key)


@functools.cache
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


@functools.cache
def factor(key: str, unit: str) -> float:
    """What one `unit` of the analyte is in its key's unit (e.g. calcium
    mmol/L -> 4.008 mg/dL). Raises :class:`LabValueError` when `unit` does not
    measure the analyte."""
    lab = lab_by_key(key)
    if unit == lab.unit:
        return 1.0
    ureg = _registry()

    def quantity(spelling: str) -> tuple[Any, int]:
        # mEq/L: per litre, so many millimoles of charge; for an ion of valence
        # z that is 1/z millimoles of the ion.
        if spelling.startswith("mEq/"):
            if lab.valence is None:
                raise LabValueError(f"{unit} does not measure {lab.name}")
            return ureg.Quantity(1.0 / lab.valence, "mmol/" + spelling.split("/", 1)[1]), 1
        return ureg.Quantity(1.0, _PINT.get(spelling, spelling)), 0

    source, _ = quantity(unit)
    target, _ = quantity(lab.unit)
    target_units = target.units
    if lab.unit.startswith("mEq/"):
        raise LabValueError(f"{lab.key}: an mEq key unit is not supported")
    mass = ureg.Quantity(lab.molar_mass, "g/mol") if lab.molar_mass is not None else None
    dims_source, dims_target = source.dimensionality, target.dimensionality
    if dims_source == dims_target:
        converted = source.to(target_units)
    elif mass is not None and (source * mass).dimensionality == dims_target:
        converted = (source * mass).to(target_units)
    elif mass is not None and (source / mass).dimensionality == dims_target:
        converted = (source / mass).to(target_units)
    else:
        raise LabValueError(f"{unit} does not measure {lab.name}")
    return _tidy(float(converted.magnitude))


def _tidy(value: float) -> float:
    # Floating-point conversion leaves tails such as 1.0000000000000002; twelve
    # significant digits are far beyond any laboratory's precision and make a
    # result on a band's edge stay on it.
    return float(f"{value:.12g}")


def convert(key: str, value: float, unit: str) -> float:
    """`value` in `unit` (canonical spelling) expressed in the key's unit."""
    return value if unit == lab_by_key(key).unit else _tidy(value * factor(key, unit))


@functools.cache
def _by_key() -> dict[str, LabRange]:
    return {lab.key: lab for lab in lab_table()}


@functools.cache
def _by_analyte() -> dict[str, LabRange]:
    return {lab.analyte: lab for lab in lab_table()}


def lab_by_key(key: str) -> LabRange:
    return _by_key()[key]


def lab_by_analyte(analyte: str) -> LabRange:
    return _by_analyte()[analyte]


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LabValueError("expected a number")
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise LabValueError("expected a finite number, got a number too large for any result") from None
    if not math.isfinite(number):
        raise LabValueError("expected a finite number")
    return number


def _units_text(lab: LabRange) -> str:
    return ", ".join(lab.units)


def _example(lab: LabRange) -> str:
    mid = (lab.bands["low"].edge() + (lab.high if lab.high is not None else lab.bands["low"].edge() * 2)) / 2
    other = lab.units[1] if len(lab.units) > 1 else lab.unit
    shown = round(mid / factor(lab.key, other), lab.decimals) if other != lab.unit else round(mid, lab.decimals)
    return f"\"{number_text(shown)} {other}\""


def split_quantity(text: str) -> tuple[float, str]:
    """``"2,3 mmol/l"`` -> ``(2.3, "mmol/l")``; the unit is "" when absent.
    Raises :class:`LabValueError` when the text does not start with a number."""
    match = _QUANTITY.match(text)
    if not match:
        if _NOT_FINITE.match(text):
            raise LabValueError(f"expected a finite number and its unit, got '{printable(text, 30)}'")
        if _OTHER_DIGIT.match(text):
            raise LabValueError("expected the number written with the digits 0-9 and its unit")
        raise LabValueError("expected a number and its unit")
    raw, unit = match.group(1), match.group(2)
    if unit and not (unit[0].isalpha() or unit[0] in "µμ"):
        raise LabValueError("expected a number and its unit")
    if "," in raw:
        if re.fullmatch(r"[+-]?\d{1,3},\d{3}", raw):
            # "1,200": a thousands separator or a decimal comma? Misreading it
            # would change the result a thousandfold.
            raise LabValueError(f"'{raw}' could mean {raw.replace(',', '')} or {raw.replace(',', '.')}: "
                                "write the number without a thousands separator, with a decimal point")
        raw = raw.replace(",", ".")  # a decimal comma, as many laboratories print it
    number = float(raw)
    if not math.isfinite(number):
        raise LabValueError("expected a finite number")
    return number, unit


def read_lab(analyte: str, raw: Any) -> LabReading:
    """A result given under a unit-free key: ``"30 nmol/L"`` or
    ``{"value": 30, "unit": "nmol/L"}``. Raises :class:`LabValueError` naming
    what was expected (the caller names the key)."""
    lab = lab_by_analyte(analyte)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise LabValueError(_no_unit(lab, float(raw)))
    if isinstance(raw, str):
        given = " ".join(raw.split())
        value, unit_text = split_quantity(given)
        if not unit_text:
            raise LabValueError(_no_unit(lab, value))
    elif isinstance(raw, dict):
        extra = sorted(str(k) for k in raw if k not in ("value", "unit"))
        if extra or "value" not in raw or "unit" not in raw:
            raise LabValueError(f"expected a mapping with exactly the keys value and unit, such as "
                                f"{{value: {_example(lab).strip(chr(34)).replace(' ', ', unit: ', 1)}}}")
        value = _number(raw["value"])
        if not isinstance(raw["unit"], str):
            raise LabValueError(f"expected the unit as text, one of {_units_text(lab)}")
        unit_text = " ".join(raw["unit"].split())
        given = f"{number_text(value)} {unit_text}"
    else:
        raise LabValueError(f"expected a value with its unit such as {_example(lab)}, "
                            f"or a mapping {{value, unit}}")
    unit = canonical_unit(unit_text)
    if unit is None or unit not in lab.units:
        shown = unit or unit_text
        raise LabValueError(f"'{printable(shown, 20)}' is not a unit of {lab.name}; "
                            f"expected one of {_units_text(lab)}")
    canonical = convert(lab.key, value, unit)
    lo, hi = lab.plausible
    if not lo <= canonical <= hi:
        raise LabValueError(_implausible(lab, value, unit, under=analyte))
    return LabReading(analyte, lab.key, value, unit, given, canonical)


def _no_unit(lab: LabRange, value: float) -> str:
    return (f"{number_text(value)} has no unit; expected a value with its unit such as {_example(lab)} "
            f"(units: {_units_text(lab)}), or a bare number in {lab.unit} under {lab.key}")


def reading_of_key(key: str, value: float) -> LabReading:
    """A result given under its unit-suffixed key (a number in that unit)."""
    lab = lab_by_key(key)
    return LabReading(lab.analyte, key, value, lab.unit, f"{number_text(value)} {lab.unit}", value)


def check_plausible(key: str, value: float) -> float:
    """`value` under the unit-suffixed `key`, if a living person's blood can
    hold it; else :class:`LabValueError` naming the unit that would make it
    plausible."""
    lab = lab_by_key(key)
    lo, hi = lab.plausible
    if lo <= value <= hi:
        return value
    raise LabValueError(_implausible(lab, value, lab.unit, under=key))


def _implausible(lab: LabRange, value: float, unit: str, under: str) -> str:
    lo, hi = lab.plausible
    head = f"{under} {number_text(value)} is not possible in {unit}"
    for other in lab.units:
        if other == unit:
            continue
        converted = convert(lab.key, value, other)
        if lo <= converted <= hi:
            shown = f"{converted:.{lab.decimals}f}"
            return (f"{head}; as {other} it would be {shown} {lab.unit} — did you mean "
                    f"{{value: {number_text(value)}, unit: {other}}} under {lab.analyte}?")
    span = f"{number_text(lo)} to {number_text(hi)} {lab.unit}"
    return f"{head}; expected a value from {span} (or the same in {', '.join(lab.units[1:])})"


def parse_lab_answer(key: str, text: str) -> float | str:
    """A typed answer to the interview's question for the unit-suffixed `key`:
    a bare number is in the key's unit and is returned as a number; a number
    with a unit (``75 nmol/L``) is checked and returned as the text to keep
    under the unit-free key, so the saved facts say what the person typed.
    Raises :class:`LabValueError` with a one-line hint."""
    lab = lab_by_key(key)
    value, unit_text = split_quantity(text)
    if not unit_text:
        return check_plausible(key, value)
    unit = canonical_unit(unit_text.rstrip("."))
    if unit is None or unit not in lab.units:
        raise LabValueError(f"'{printable(unit_text, 20)}' is not a unit of {lab.name}: type the number in {lab.unit}, "
                            f"or with one of {_units_text(lab)}")
    if unit == lab.unit:
        return check_plausible(key, value)
    reading = read_lab(lab.analyte, f"{number_text(value)} {unit}")
    return reading.given


__all__ = [
    "LabReading",
    "LabValueError",
    "canonical_unit",
    "check_plausible",
    "convert",
    "factor",
    "lab_by_analyte",
    "lab_by_key",
    "number_text",
    "parse_lab_answer",
    "read_lab",
    "reading_of_key",
    "split_quantity",
]
