"""Medications that cause muscle symptoms or deplete minerals."""

from __future__ import annotations

from sorewhy.rules.base import Person, Supports, doc, has, rule  # noqa: F401


class MedicationRules:
    """Rules about: medications that cause muscle symptoms or deplete minerals."""
