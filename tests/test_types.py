"""The package passes its type check ([tool.mypy] in pyproject.toml), run as CI
runs it (.ci/check-types), and the check fails on a type error."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / ".ci" / "check-types"


def _check(tree: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    mypy = Path(sys.executable).with_name("mypy")
    assert mypy.exists(), "mypy is in the test extra: pip install -e '.[test]'"
    return subprocess.run([str(CHECK), str(tree)], capture_output=True, text=True, timeout=900,
                          env={"MYPY": str(mypy), "MYPY_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})


def test_types_config_checks_every_definition_and_names_what_it_skips():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["disallow_untyped_defs"] and config["check_untyped_defs"] and config["warn_unused_ignores"]
    skipped = [m for o in config["overrides"] if o.get("ignore_errors") for m in o["module"]]
    assert skipped == ["sorewhy.engine._generated_matcher"]


@pytest.mark.slow
def test_types_package_passes_and_a_type_error_fails(tmp_path):
    proc = _check(ROOT, tmp_path / "cache")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found" in proc.stdout

    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for path in ROOT.glob("*.py"):
        shutil.copy(path, tree)
    for folder in ("cli", "engine", "rules", "knowledge"):
        shutil.copytree(ROOT / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__"))
    errors = tree / "errors.py"
    errors.write_text(errors.read_text(encoding="utf-8") + "\n\ndef broken() -> int:\n    return 'one'\n",
                      encoding="utf-8")
    proc = _check(tree, tmp_path / "cache")
    assert proc.returncode != 0
    assert 'sorewhy/errors.py:' in proc.stdout and "Incompatible return value type" in proc.stdout
