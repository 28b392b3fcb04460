"""Makes this folder's helpers (`messy_files`) and the Hypothesis strategies
for valid profiles (tests/safety/strategies.py) importable by the fuzz tests:
with --import-mode=importlib pytest puts no test folder on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
for _folder in (str(_HERE), str(_HERE.parent / "safety")):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)
