"""Tests of an optional extra import it through :func:`need`: they skip, with
the reason, only when the extra is missing AND the run is not CI; in CI
(``CI`` set, as ``.ci/run`` and hosted CI set it) a missing extra fails, so
that its tests can never silently stop running."""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest


def need(module: str, extra: str) -> ModuleType:
    """`module`, imported; else a skip (a failure in CI) naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError:
        message = f"the [{extra}] extra is not installed (pip install 'sorewhy[{extra}]'): {module} is missing"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(message, allow_module_level=True)
