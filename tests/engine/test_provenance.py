"""Provenance: every report names the rule base that produced it, by package
version and a hash of the rule modules and knowledge files as shipped."""

from __future__ import annotations

import re
from pathlib import Path

from sorewhy import __version__
from sorewhy.engine.core import error_report
from sorewhy.engine.provenance import digest, rule_base_files, rule_base_stamp

ROOT = Path(__file__).resolve().parents[2]


def _source_files() -> list[tuple[str, bytes]]:
    names = [*(ROOT / "rules").glob("*.py"), *(ROOT / "knowledge").glob("*.py"), *(ROOT / "knowledge").glob("*.yaml")]
    files = [(f"{p.parent.name}/{p.name}", p.read_bytes()) for p in names]
    return sorted([("__init__.py", (ROOT / "__init__.py").read_bytes()), *files])


def test_provenance_stamp_is_version_and_sha256():
    stamp = rule_base_stamp()
    assert stamp["version"] == __version__
    assert re.fullmatch(r"[0-9a-f]{64}", stamp["sha256"])
    assert rule_base_stamp() is stamp  # computed once per process


def test_provenance_hashes_every_rule_module_and_knowledge_file_not_fixtures():
    names = [name for name, _ in rule_base_files()]
    assert names == [name for name, _ in _source_files()]
    assert "rules/magnesium.py" in names and "knowledge/labs.yaml" in names and "__init__.py" in names
    assert not any("fixtures" in n for n in names)


def test_provenance_hash_is_of_the_files_as_they_are():
    files = _source_files()
    assert digest(files) == rule_base_stamp()["sha256"]
    changed = [(name, data + b"\n") if name == "knowledge/labs.yaml" else (name, data) for name, data in files]
    assert digest(changed) != digest(files)
    renamed = [("rules/renamed.py" if name == "rules/iron.py" else name, data) for name, data in files]
    assert digest(sorted(renamed)) != digest(files)


def test_provenance_in_evaluated_and_error_reports(run):
    assert run({"symptoms": ["cramps"]})["rule_base"] == rule_base_stamp()
    assert error_report("x", "broken")["rule_base"] == rule_base_stamp()


def test_provenance_is_computed_without_importing_the_engine():
    import subprocess
    import sys

    code = ("import sys; from sorewhy.engine.provenance import rule_base_stamp; stamp = rule_base_stamp(); "
            "print(stamp['sha256'], 'experta' in sys.modules, 'sorewhy.rules' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [rule_base_stamp()["sha256"], "False", "False"]
