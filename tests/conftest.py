"""Shared test helpers: one evaluator for the whole session (building the
engine costs tens of milliseconds), and fixture loading."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def evaluator():
    from sorewhy.engine import Evaluator

    return Evaluator()


@pytest.fixture(scope="session")
def run(evaluator):
    """run(profile_dict) -> report, validating the profile first."""

    def _run(profile: dict, profile_id: str = "test"):
        return evaluator.evaluate(profile, profile_id)

    return _run
