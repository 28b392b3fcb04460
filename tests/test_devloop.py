"""The tests always test the code you just edited: a stale installed copy of
sorewhy stops the run before any test, with one message saying how to fix it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from devloop import PACKAGE_DIRS, ROOT, stale_copy


def _copy_package(dest: Path) -> Path:
    package = dest / "sorewhy"
    for folder in PACKAGE_DIRS:
        source = ROOT / folder if folder else ROOT
        target = package / folder if folder else package
        target.mkdir(parents=True, exist_ok=True)
        for path in source.iterdir():
            if path.is_file() and path.suffix in (".py", ".yaml"):
                shutil.copy2(path, target / path.name)
    return package


def test_devloop_source_tree_and_identical_copy_are_fine(tmp_path):
    assert stale_copy(ROOT) is None
    assert stale_copy(_copy_package(tmp_path)) is None


def test_devloop_edited_rule_makes_the_copy_stale(tmp_path):
    package = _copy_package(tmp_path)
    rule = package / "rules" / "magnesium.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    (package / "knowledge" / "labs.yaml").unlink()
    problem = stale_copy(package)
    assert problem is not None
    assert "changed: rules/magnesium.py" in problem and "not installed: knowledge/labs.yaml" in problem
    assert "pip install -e" in problem and "\n" not in problem


def test_devloop_pytest_refuses_a_stale_installed_copy(tmp_path):
    package = _copy_package(tmp_path)
    rule = package / "rules" / "magnesium.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\nBROKEN = True\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(ROOT / "tests" / "engine" / "test_certainty.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert "an installed copy that differs from the source tree" in output
    assert "changed: rules/magnesium.py" in output
    assert " passed" not in output
