"""One version (#25): the package's (pyproject.toml reads sorewhy.__version__),
the installed distribution's, and the rule base's in every report and in
`sorewhy rules --format json`; the CHANGELOG names it as a release."""

from __future__ import annotations

import importlib.metadata
import json
import re
import tomllib
from pathlib import Path

from click.testing import CliRunner

from sorewhy import __version__
from sorewhy.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]


def test_version_is_read_by_pyproject_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "sorewhy.__version__"}
    assert importlib.metadata.version("sorewhy") == __version__ == "0.2.0"


def test_version_every_report_and_the_rule_listing_carry_the_package_version(run, tmp_path):
    assert run({"symptoms": ["cramps"]})["rule_base"]["version"] == __version__
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"id": "ok"}, {"id": "bad", "age": 400}]), encoding="utf-8")
    reports = json.loads(CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"]).stdout)
    assert [r["rule_base"]["version"] for r in reports] == [__version__, __version__]
    listing = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    assert listing["rule_base"]["version"] == __version__


def test_version_changelog_keeps_unreleased_on_top_then_this_release():
    headings = re.findall(r"^## (.+)$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert headings[1].startswith(f"{__version__} — ")
    assert any(h.startswith("0.1.0 — ") for h in headings[2:])
