"""The layers contract holds (cli > engine > rules > knowledge > the root
modules), checked by import-linter through .ci/check-layers as CI runs it, and
the check fails on an import that goes up a layer."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / ".ci" / "check-layers"
LAYERS = ["cli", "engine", "rules", "knowledge", "errors | compat"]
PACKAGE_DIRS = ("cli", "engine", "rules", "knowledge")


def _check(tree: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "import-linter is in the test extra: pip install -e '.[test]'"
    return subprocess.run([str(CHECK), str(tree)], capture_output=True, text=True, timeout=300,
                          env={"LINT_IMPORTS": str(lint), "PATH": "/usr/bin:/bin"})


def test_layers_contract_names_the_layers_top_down():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = config["contracts"]
    assert config["root_package"] == "sorewhy"
    assert contract["type"] == "layers" and contract["containers"] == ["sorewhy"]
    assert contract["layers"] == LAYERS


def test_layers_contract_is_kept():
    proc = _check(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_layers_check_fails_on_an_upward_import(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for path in ROOT.glob("*.py"):
        shutil.copy(path, tree)
    for folder in PACKAGE_DIRS:
        shutil.copytree(ROOT / folder, tree / folder, ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "*.j2"))
    labdata = tree / "knowledge" / "labdata.py"
    labdata.write_text(labdata.read_text(encoding="utf-8") + "\nfrom sorewhy.engine import digest  # noqa\n",
                       encoding="utf-8")
    proc = _check(tree)
    assert proc.returncode != 0
    assert "sorewhy.knowledge is not allowed to import sorewhy.engine" in proc.stdout
    assert "sorewhy.knowledge.labdata -> sorewhy.engine.digest" in proc.stdout
