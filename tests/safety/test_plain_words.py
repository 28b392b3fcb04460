"""What a person reads is in plain words (issue #21): no raw key, rule id or
internal name in the table, Markdown or HTML report of any shipped example or
any fixture profile of the rule base. Keys and rule ids belong to the JSON
formats, the trace, `sorewhy rules` and the reports' appendix of sources, which
the scan leaves out. A single-profile Markdown report of each example fits in
60 lines."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from strategies import examples, profiles

from sorewhy.cli.main import cli
from sorewhy.engine.profile import FACT_KEYS, LAB_INPUT_KEYS
from sorewhy.knowledge import load
from sorewhy.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())
SINGLE = [p for p in EXAMPLES if p.suffix in (".yaml", ".toml") and p.name != "clinic-day.yaml"]
PERSON_FORMATS = ("table", "markdown", "html")
MAX_LINES = 60


def forbidden_tokens() -> list[str]:
    """The vocabulary keys with underscores, every lab key, every rule id, and the
    finding, drug class and condition ids with underscores."""
    kb = load()
    tokens = {k for k in FACT_KEYS if "_" in k} | {k for k in LAB_INPUT_KEYS if "_" in k}
    tokens |= {f"labs.{k}" for k in LAB_INPUT_KEYS}
    tokens |= {m.id for m in all_rules()}
    tokens |= {f for f in kb.findings if "_" in f} | {c for c in kb.drug_classes if "_" in c}
    tokens |= {"self_care", "see_doctor", "emergency_now", "urgent_today", "doctor_soon", "doctor_routine"}
    return sorted(tokens, key=len, reverse=True)


_FORBIDDEN = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(t) for t in forbidden_tokens()) + r")(?![\w-])")


def person_text(output: str, fmt: str) -> str:
    """What a person reads of an output: the text without HTML tags (class names and
    anchors are not read) and without the appendix of rules and sources."""
    if fmt == "html":
        output = re.sub(r"<style>.*?</style>", " ", output, flags=re.S)
        output = re.sub(r'<div class="appendix">.*?</div>', " ", output, flags=re.S)
        output = re.sub(r"<[^>]+>", " ", output)
    elif fmt == "markdown":
        output = re.sub(r"#+ Appendix: rules and sources.*?(?=\n## |\Z)", " ", output, flags=re.S)
    return output


def fixture_profiles() -> list[dict]:
    """Every profile of every rule's fixtures (where it fires and where it must not),
    numbered: an id naming its rule would itself be a rule id in the report."""
    out: list[dict] = []
    folder = resources.files("sorewhy.rules").joinpath("fixtures")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        for cases in (yaml.safe_load(item.read_text(encoding="utf-8")) or {}).values():
            for kind in ("fires", "not_fires"):
                for profile in cases.get(kind) or []:
                    out.append({**profile, "id": f"fixture-{len(out)}"})
    return out


def _evaluate(*args: str) -> str:
    result = CliRunner().invoke(cli, ["evaluate", *args])
    assert result.exit_code in (0, 1), result.output  # 1: some profile could not be evaluated
    return result.stdout


def test_scan_catches_keys_and_rule_ids_and_spares_words():
    """The scan itself: a key or a rule id is caught, words and the appendix are not."""
    assert _FORBIDDEN.search("Worth finding out: exercise_water_l_per_hour")
    assert _FORBIDDEN.search("Because of: referral.persistent (duration_days: 30)")
    assert _FORBIDDEN.search("labs.vitamin_d_25oh")
    assert not _FORBIDDEN.search("how much plain water you drink while exercising; a blood test of vitamin D")
    assert not _FORBIDDEN.search(person_text("Text\n### Appendix: rules and sources\n1. `referral.persistent`",
                                             "markdown"))
    assert not _FORBIDDEN.search(person_text('<p class="level-see_doctor">See a doctor</p>', "html"))


@pytest.mark.parametrize("fmt", PERSON_FORMATS)
def test_every_example_reads_without_raw_keys_or_rule_ids(fmt):
    for path in EXAMPLES:
        text = person_text(_evaluate(str(path), "--format", fmt), fmt)
        found = sorted(set(_FORBIDDEN.findall(text)))
        assert not found, f"{path.name} ({fmt}): {found}"


@pytest.mark.parametrize("fmt", PERSON_FORMATS)
def test_every_fixture_profile_reads_without_raw_keys_or_rule_ids(tmp_path, fmt):
    profiles = fixture_profiles()
    assert len(profiles) > 300
    path = tmp_path / "fixtures.json"
    path.write_text(json.dumps(profiles), encoding="utf-8")
    output = _evaluate(str(path), "--format", fmt)
    if fmt == "markdown":
        sections = re.split(r"\n(?=## )", output)
    elif fmt == "html":
        sections = output.split('<section class="profile"')
    else:
        sections = output.split("\n\n")
    bad = []
    for section in sections:
        found = sorted(set(_FORBIDDEN.findall(person_text(section, fmt))))
        if found:
            ids = re.findall(r"fixture-\d+", section)
            bad.append((profiles[int(ids[0].split("-")[1])] if ids else section[:80], found))
    assert not bad, bad[:5]


@pytest.mark.parametrize("path", SINGLE, ids=[p.name for p in SINGLE])
def test_single_profile_markdown_report_fits_in_sixty_lines(path):
    lines = _evaluate(str(path), "--format", "markdown").splitlines()
    assert len(lines) <= MAX_LINES, f"{path.name}: {len(lines)} lines"


NET = [{"when": f"Warning sign {n}, worded as the knowledge words it", "do": "Get help now", "rule": f"net.{n}",
        "sources": []} for n in range(4)]
"""A safety net of four items, as long as a report's grows for one person."""


@pytest.mark.parametrize("path", SINGLE, ids=[p.name for p in SINGLE])
def test_single_profile_markdown_report_with_disposition_and_safety_net_fits_in_sixty_lines(path):
    import io

    from sorewhy.cli.document import MarkdownWriter

    (report,) = json.loads(_evaluate(str(path), "--format", "json"))
    report["referral"].update({"disposition": "doctor_soon", "timeframe": "within a few days", "see": "gp"})
    report["safety_net"] = NET
    stream = io.StringIO()
    writer = MarkdownWriter(stream)
    writer.write(report)
    writer.end()
    text = stream.getvalue()
    assert "**Get help at once if:**" in text and "When: within a few days. Who: a GP" in text
    assert len(text.splitlines()) <= MAX_LINES, f"{path.name}: {len(text.splitlines())} lines"


# --- over generated profiles ------------------------------------------------------------------

_ADVICE_WORDS = re.compile(r"\b(eat|drink|stretch\w*|massag\w*|exercise more|foods?)\b", re.I)


def _urgent_text_after_reasons(text: str) -> str:
    """What an urgent table report shows after its reasons (the reasons quote rules' claims)."""
    return text.split("Get help at once if:")[-1] if "Get help at once if:" in text else \
        text.split("What this may be:")[-1]


@examples(60)
@given(profile=profiles())
def test_generated_profiles_read_in_plain_words_and_urgent_ones_carry_no_advice(evaluator, profile):
    from sorewhy.cli.document import markdown_section
    from sorewhy.cli.formatting import report_text
    from sorewhy.cli.report_view import report_view

    report = evaluator.evaluate(profile, "generated")
    table = report_text(report)
    markdown = person_text(markdown_section(report), "markdown")
    for text in (table, markdown):
        found = sorted(set(_FORBIDDEN.findall(text)))
        assert not found, (found, profile)
    if report["referral"]["level"] == "urgent":
        view = report_view(report)
        assert view.advice == () and view.ask_doctor == () and view.withheld == ()
        assert "What you can do" not in table and "### Advice" not in markdown
        rest = _urgent_text_after_reasons(table).split("Rule base:")[0]
        assert not _ADVICE_WORDS.search(rest.replace("Also in the report", "")), (rest, profile)


def test_every_vocabulary_key_and_lab_has_words_to_ask_for_it():
    from sorewhy.cli.plainwords import KEY_QUESTIONS, lab_name, unknown_phrases

    assert set(FACT_KEYS) <= set(KEY_QUESTIONS), set(FACT_KEYS) - set(KEY_QUESTIONS)
    for key in LAB_INPUT_KEYS:
        assert "_" not in lab_name(key), key
    said = unknown_phrases([*sorted(FACT_KEYS), *(f"labs.{k}" for k in LAB_INPUT_KEYS)])
    assert not _FORBIDDEN.findall("; ".join(said))
