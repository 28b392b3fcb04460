"""Vitamin B12, B6 and B1."""

from __future__ import annotations

from sorewhy.rules.base import Person, Supports, doc, has, rule  # noqa: F401


class BVitaminRules:
    """Rules about: vitamin B12, B6 and B1."""
