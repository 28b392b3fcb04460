"""The bands a blood result falls in, and ``knowledge/labs.yaml`` read as plain
data: what the rule base is generated from (``rules/labs.py``) without the
cost of validating the knowledge models, so that ``sorewhy rules`` stays
quick. The same file is validated in full by :func:`sorewhy.knowledge.lab_table`
whenever a profile is read or the knowledge is loaded (and by the tests).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

BANDS = ("critically_low", "low", "borderline", "normal", "high", "critically_high")
"""A blood result's bands, lowest first."""

BAND_LABELS = {band: band.replace("_", " ") for band in BANDS}
"""How reports name a band: ``critically low``."""

STATUS_OF_BAND = {"critically_low": "low", "low": "low", "borderline": "borderline", "normal": "normal",
                  "high": "high", "critically_high": "high"}
"""The coarse status rules test (``Lab(status=...)``): a critical band is also low or high."""

CRITICAL_BANDS = ("critically_low", "critically_high")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """YAML read safely, with libyaml's parser where it is installed (the same
    result, ten times as fast)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader


@functools.cache
def raw_labs() -> tuple[dict[str, Any], ...]:
    """The entries of ``knowledge/labs.yaml`` as plain mappings, in file order."""
    text = resources.files("sorewhy").joinpath("knowledge", "labs.yaml").read_text(encoding="utf-8")
    return tuple(parse_yaml(text)["labs"])


def critical_rule_id(analyte: str, band: str) -> str:
    """The id of the referral rule of an analyte's critical band."""
    return f"labs.{analyte.replace('_', '-')}-{band.replace('_', '-')}"


def critical_refer(edge: dict[str, Any]) -> str:
    """How urgently a critical band's referral rule refers: ``urgent`` unless the
    band says ``refer: see_doctor`` (its reference gives no same-day urgency)."""
    return edge.get("refer") or "urgent"
