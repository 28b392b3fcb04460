"""Shared test helpers: one evaluator for the whole session (building the
engine costs tens of milliseconds), and fixture loading; and the guard that
stops the run when the imported sorewhy is a stale installed copy."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Helper modules beside the tests (devloop.py) import by name: with
# --import-mode=importlib pytest puts no test folder on sys.path.
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))


# sorewhy keeps nothing between runs (the start-up cache was removed, #26);
# should any run ever write a cache folder again, it goes to a folder of the
# test run's own, never the user's (tests/engine/test_no_start_up_cache.py
# checks that nothing is written there).
_CACHE_DIR = tempfile.mkdtemp(prefix="sorewhy-test-cache-")
os.environ["SOREWHY_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE_DIR, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """Fail loudly, before any test, if the tests would test an installed copy
    of sorewhy that differs from this source tree."""
    from devloop import stale_copy

    import sorewhy

    problem = stale_copy(Path(sorewhy.__file__).parent)
    if problem is not None:
        raise pytest.UsageError(problem)


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
