"""The transparency block in every doctor's report (#25, FDA criterion 4:
a professional can review the basis of a recommendation independently):
intended use, inputs, method, sources and their kinds, validation (the
scenario cases' scores with their date and rule base) and known limits, with
the page that gives the whole account; and that page itself."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy.cli import transparency
from sorewhy.cli.main import cli
from sorewhy.engine.provenance import rule_base_stamp

ROOT = Path(__file__).resolve().parents[2]
PROFILES = [
    {"id": "night", "symptoms": ["cramps"], "timing": ["night"], "low_intake": ["nuts_seeds"]},
    {"id": "calf", "symptoms": ["calf_swelling", "soreness"], "one_sided": True},
    {"id": "nothing"},
    {"id": "broken", "age": 400},
    {"id": "broken-red-flag", "age": 400, "symptoms": ["chest_pain"]},
]


def missing_elements(text: str) -> list[str]:
    """What of the transparency block `text` (one report, any format) lacks."""
    flat = " ".join(re.sub(r"<[^>]+>|[*_\\\\]", "", text).split())
    missing = [name for name in transparency.ELEMENTS if not re.search(rf"{name}: \S", flat)]
    record = transparency.validation()
    if record is None:
        missing.append("validation record")
    else:
        if record["date"] not in flat:
            missing.append("validation date")
        if f"rules version {record['rule_base']['sha256'][:12]}" not in flat:
            missing.append("validation rule base")
    if transparency.PAGE not in flat:
        missing.append("link to " + transparency.PAGE)
    if "For the clinician" not in flat:
        missing.append("heading")
    return missing


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, dict[str, str]]:
    """fmt -> profile id -> that profile's section of the report."""
    folder = tmp_path_factory.mktemp("reports")
    facts = folder / "facts.json"
    facts.write_text(json.dumps(PROFILES), encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    for fmt, marker in (("markdown", "\n## "), ("html", '<section class="profile"')):
        text = CliRunner().invoke(cli, ["evaluate", str(facts), "--format", fmt]).stdout
        sections = text.split(marker)[1:]
        if fmt == "markdown":
            sections = sections[1:]  # the table of contents
        assert len(sections) == len(PROFILES), fmt
        out[fmt] = {p["id"]: s for p, s in zip(PROFILES, sections, strict=True)}
    return out


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize("pid", [p["id"] for p in PROFILES])
def test_transparency_every_doctors_report_has_every_element(rendered, fmt, pid):
    section = rendered[fmt][pid]
    assert missing_elements(section) == [], (fmt, pid)


@pytest.mark.parametrize("element", transparency.ELEMENTS)
def test_transparency_a_report_without_an_element_is_caught(rendered, element):
    section = rendered["markdown"]["night"]
    assert missing_elements(section.replace(f"{element}:", "")) == [element]


def test_transparency_a_report_without_the_link_or_the_date_is_caught(rendered):
    section = rendered["html"]["calf"]
    assert missing_elements(section.replace(transparency.PAGE, "")) == ["link to " + transparency.PAGE]
    date = transparency.validation()["date"]
    assert "validation date" in missing_elements(section.replace(date, ""))


def test_transparency_sources_count_the_rule_bases_documents_and_pages():
    from sorewhy.rules import all_rules

    block = dict(transparency.transparency_block({}))
    urls = {s.url for m in all_rules() for s in m.sources if hasattr(s, "url")}
    docs = {s.doc for m in all_rules() for s in m.sources if hasattr(s, "doc")}
    assert block["Sources"].startswith(f"{len(docs)} general-audience articles, {len(urls)} public pages")
    assert block["Method"].startswith(f"{len(all_rules())} hand-written rules")


def test_transparency_validation_record_holds_for_this_rule_base_or_the_block_says_it_does_not():
    """The recorded scores are those of a fresh run of the scenario cases when
    the rule base is the one they were measured on; on any other rule base,
    every report says its figures may not hold."""
    from sorewhy.engine.ruletest import validation_record

    record = transparency.validation()
    current = rule_base_stamp()["sha256"]
    if record["rule_base"]["sha256"] == current:
        fresh = validation_record(date=record["date"])
        assert fresh == record, "run `python benchmarks/vignettes.py --record`"
        assert "has changed since" not in transparency.validation_line(rule_base_stamp())
    else:
        assert "has changed since: the figures may not hold" in transparency.validation_line(rule_base_stamp())


def test_transparency_a_report_of_another_rule_base_says_the_figures_may_not_hold():
    line = transparency.validation_line({"version": "9", "sha256": "f" * 64})
    assert "This report's rules version (ffffffffffff) has changed since" in line


def test_transparency_page_has_every_section_and_the_recorded_figures():
    page = (ROOT / "docs" / "transparency.md").read_text(encoding="utf-8")
    for heading in ("Intended use and users", "Inputs, and what happens when one is missing", "Method",
                    "Sources and their kinds", "Validation", "Known limits"):
        assert re.search(rf"^## {re.escape(heading)}$", page, re.MULTILINE), heading
    record = transparency.validation()
    assert record["date"] in page and record["rule_base"]["sha256"] in page
    for name in ("cases", "held_out"):
        scores = record["scores"][name]
        for key in ("top1_accuracy", "top3_accuracy", "triage_exact", "over_triage_rate"):
            assert f"{100 * scores[key]:.1f}%" in page, (name, key)
