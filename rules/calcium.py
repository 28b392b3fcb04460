"""Calcium."""

from __future__ import annotations

from sorewhy.rules.base import Person, Supports, doc, has, rule  # noqa: F401


class CalciumRules:
    """Rules about: calcium."""
