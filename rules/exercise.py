"""Ordinary post-exercise soreness (DOMS) and muscle strain."""

from __future__ import annotations

from sorewhy.rules.base import Person, Supports, doc, has, rule  # noqa: F401


class ExerciseRules:
    """Rules about: ordinary post-exercise soreness (DOMS) and muscle strain."""
