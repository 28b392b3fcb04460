"""The bands a blood result falls in, and the ids and levels of the referral
rules of the critical bands, which the rule base generates from
``knowledge/labs.yaml`` (``rules/labs.py`` reads it as plain data with
:func:`sorewhy.knowledge.raw_labs`; :func:`sorewhy.knowledge.lab_table`
validates it in full whenever a profile is read or the knowledge is loaded).
"""

from __future__ import annotations

from typing import Any, Literal

BANDS = ("critically_low", "low", "borderline", "normal", "high", "critically_high")
"""A blood result's bands, lowest first."""

BAND_LABELS = {band: band.replace("_", " ") for band in BANDS}
"""How reports name a band: ``critically low``."""

STATUS_OF_BAND = {"critically_low": "low", "low": "low", "borderline": "borderline", "normal": "normal",
                  "high": "high", "critically_high": "high"}
"""The coarse status rules test (``Lab(status=...)``): a critical band is also low or high."""

CRITICAL_BANDS = ("critically_low", "critically_high")


def critical_rule_id(analyte: str, band: str) -> str:
    """The id of the referral rule of an analyte's critical band."""
    return f"labs.{analyte.replace('_', '-')}-{band.replace('_', '-')}"


def critical_refer(edge: dict[str, Any]) -> Literal["see_doctor", "urgent"]:
    """How urgently a critical band's referral rule refers: ``urgent`` unless the
    band says ``refer: see_doctor`` (its reference gives no same-day urgency)."""
    return edge.get("refer") or "urgent"
