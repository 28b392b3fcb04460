"""Reports must not depend on Python's hash seed: Experta builds its network in
an order that does, so equal-salience rules could otherwise fire in another
order from one process to the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _reports(seed: str, path: Path) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    proc = subprocess.run(
        [sys.executable, "-m", "sorewhy", "evaluate", str(path), "--format", "json"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def test_reports_identical_under_different_hash_seeds(tmp_path):
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    assert examples
    for path in examples:
        assert _reports("1", path) == _reports("4242", path), path.name
