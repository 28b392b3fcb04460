"""Text for people only: notes meant for maintainers live in a rule's
`maintainer` field, which `sorewhy rules show` prints and no report does. The
scan runs every report format of evaluate and trace over the shipped examples
and profiles that fire the rules carrying such notes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
MAINTAINER_WORDS = re.compile(r"\b(fires? only|must stay|last rule|salience|fixtures?|maintainers?|"
                              r"rule base|the hook for)\b", re.I)
PROVENANCE = re.compile(r"(\*\*)?Rule base:?(\*\*)? sorewhy [0-9][^,]*, sha256 [0-9a-f]{8,}", re.I)
"""The one line that names the rule base a report came from (cli/formatting.py)."""
NOTED = [m for m in all_rules() if m.maintainer]
PROFILES = [
    {"id": "self-care", "symptoms": ["soreness"], "timing": ["after_exercise"], "improves_with_rest": True},
    {"id": "cramps", "symptoms": ["cramps", "spasms"], "low_intake": ["dairy"]},
    {"id": "high-potassium", "symptoms": ["weakness"], "labs": {"potassium_mmol_l": 6.3}},
    {"id": "clot", "symptoms": ["calf_swelling", "cramps"], "one_sided": True, "diet": "vegan"},
]


def test_maintainer_notes_exist_and_claims_hold_none():
    assert {"referral.self-care", "calcium.cramps-spasms"} <= {m.id for m in NOTED}
    for meta in all_rules():
        assert not MAINTAINER_WORDS.search(meta.claim), f"{meta.id}: a maintainers' note in the claim"
        if meta.maintainer:
            assert meta.maintainer not in meta.claim


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("people") / "profiles.json"
    path.write_text(json.dumps(PROFILES), encoding="utf-8")
    return str(path)


def _outputs(facts: str) -> dict[str, str]:
    runner = CliRunner()
    out: dict[str, str] = {}
    for fmt in ("table", "json", "jsonl", "markdown"):
        result = runner.invoke(cli, ["evaluate", facts, *EXAMPLES, "--format", fmt])
        assert result.exit_code == 0, result.output
        out[f"evaluate {fmt}"] = result.stdout
    for fmt in ("text", "markdown", "json"):
        result = runner.invoke(cli, ["trace", facts, "--format", fmt])
        assert result.exit_code == 0, result.output
        out[f"trace {fmt}"] = result.stdout
    return out


def test_reports_in_every_format_carry_no_maintainers_note(facts):
    outputs = _outputs(facts)
    fired = set()
    for report in json.loads(outputs["evaluate json"]):
        fired |= set(report["fired"])
    assert {m.id for m in NOTED} <= fired, "every rule with a maintainers' note should be in the scan"
    for name, text in outputs.items():
        flat = " ".join(text.split())
        for meta in NOTED:
            assert " ".join(meta.maintainer.split()) not in flat, f"{name}: {meta.id}'s note reached a report"
        # Which rule base produced the report is said on purpose (provenance), once.
        flat = PROVENANCE.sub("", flat)
        found = MAINTAINER_WORDS.search(flat)
        assert not found, f"{name}: maintainers' wording {found.group(0)!r} in a report"


def test_rules_show_prints_the_maintainers_note():
    result = CliRunner().invoke(cli, ["rules", "show", "referral.self-care"])
    assert result.exit_code == 0
    assert "For maintainers: Fires only when no other referral rule has fired" in result.stdout
    data = json.loads(subprocess.run([sys.executable, "-m", "sorewhy", "rules", "--format", "json"],
                                     capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    rules = data["rules"] if isinstance(data, dict) else data
    (entry,) = [r for r in rules if r["id"] == "referral.self-care"]
    assert entry["maintainer"].startswith("Fires only when")
