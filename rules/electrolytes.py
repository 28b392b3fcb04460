"""Electrolytes together: signs and risks the documents give for electrolyte
imbalance in general rather than for one mineral."""

from __future__ import annotations

from sorewhy.rules.base import Person, Supports, doc, has, rule  # noqa: F401


class ElectrolyteRules:
    """Rules about electrolytes in general."""
