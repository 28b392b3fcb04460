"""`sorewhy summarize`: the same summary from JSON, JSON Lines, CSV and
Parquet reports; table, JSON and an SVG chart; unreadable files named."""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner

from sorewhy import NOTICE
from sorewhy.cli.main import cli
from sorewhy.engine.certainty import CONSIDER_THRESHOLD

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PROFILES = [
    {"id": "night", "symptoms": ["cramps"], "timing": ["night"], "low_intake": ["nuts_seeds"]},
    {"id": "chest", "symptoms": ["chest_pain", "soreness"]},
    {"id": "too-old", "age": 400},
    {"id": "gym", "symptoms": ["soreness"], "timing": ["after_exercise"], "exercise_load": "intense",
     "improves_with_rest": True, "duration_days": 2},
    {"id": "nothing"},
]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    facts = folder / "facts.json"
    facts.write_text(json.dumps(PROFILES), encoding="utf-8")
    paths = {}
    for fmt in ("json", "jsonl", "csv"):
        paths[fmt] = folder / f"reports.{fmt}"
        assert run("evaluate", str(facts), "--format", fmt, "--output", str(paths[fmt])).exit_code == 1
    return paths


def _summary(*paths: Path) -> dict:
    result = run("summarize", *map(str, paths), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_summarize_counts_profiles_errors_referrals_and_findings(outputs):
    data = _summary(outputs["json"])
    assert (data["profiles"], data["evaluated"], data["errors"]) == (5, 4, 1)
    assert data["referral"]["urgent"]["count"] == 1
    assert sum(item["count"] for item in data["referral"].values()) == 4
    reports = json.loads(outputs["json"].read_text(encoding="utf-8"))
    good = [r for r in reports if not r["error"]]
    # #20: a finding under CONSIDER_THRESHOLD neither leads nor appears
    counted = {r["id"]: [f for f in r["findings"] if f["certainty"] >= CONSIDER_THRESHOLD] for r in good}
    for finding in data["findings"]:
        assert finding["leads"] == sum(1 for fs in counted.values() if fs and fs[0]["id"] == finding["id"])
        assert finding["appears"] == sum(1 for fs in counted.values() if any(f["id"] == finding["id"] for f in fs))
    assert data["no_finding"]["count"] == sum(1 for fs in counted.values() if not fs)
    assert data["notice"] == NOTICE


def test_summarize_is_the_same_from_every_report_format(outputs):
    summaries = [_summary(outputs[fmt]) for fmt in ("json", "jsonl", "csv")]
    for s in summaries:
        s.pop("sources")
    assert summaries[0] == summaries[1]
    # compact rows carry no fired rule ids nor the rule-base stamp (#25): all else is the same
    assert (summaries[2].pop("rules_known"), summaries[2].pop("rules"), summaries[2].pop("rule_base")) == (0, [], [])
    for key in ("rules_known", "rules", "rule_base"):
        summaries[0].pop(key)
    assert summaries[0] == summaries[2]


def test_summarize_firing_rates_count_each_rule_once_per_evaluated_report(outputs):
    data = _summary(outputs["json"])
    reports = [r for r in json.loads(outputs["json"].read_text(encoding="utf-8")) if not r["error"]]
    assert data["rules_known"] == len(reports) == 4
    expected = {rid: sum(rid in r["fired"] for r in reports) for r in reports for rid in r["fired"]}
    assert {r["id"]: r["fired"] for r in data["rules"]} == expected
    assert all(r["share"] == round(r["fired"] / 4, 4) for r in data["rules"])
    assert [r["fired"] for r in data["rules"]] == sorted((r["fired"] for r in data["rules"]), reverse=True)
    assert data["rule_base"] == [reports[0]["rule_base"]]
    table = run("summarize", str(outputs["json"])).stdout
    assert "redflag.chest-pain" in table and "of the 4 evaluated profiles whose reports list the rules" in table


def test_summarize_compact_rows_say_firing_rates_are_not_known(outputs):
    table = run("summarize", str(outputs["csv"])).stdout
    assert "Rule firing rates: not known (compact CSV or Parquet rows carry no fired rule ids" in table


def test_evaluate_summary_option_counts_firing_rates_too(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(PROFILES), encoding="utf-8")
    out = tmp_path / "summary.json"
    run("evaluate", str(facts), "--format", "json", "--output", str(tmp_path / "r.json"), "--summary", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["rules_known"] == 4 and any(r["id"] == "redflag.chest-pain" for r in data["rules"])


def test_summarize_against_an_old_summary_shows_what_moved(outputs, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(_summary(outputs["json"])), encoding="utf-8")
    facts = tmp_path / "wave2.json"
    wave2 = [p for p in PROFILES if p["id"] != "chest"] + [{**PROFILES[3], "id": "gym2"}]
    facts.write_text(json.dumps(wave2), encoding="utf-8")
    new = tmp_path / "wave2-reports.json"
    run("evaluate", str(facts), "--format", "json", "--output", str(new))
    result = run("summarize", str(new), "--against", str(old), "--format", "json")
    assert result.exit_code == 0, result.output
    moved = json.loads(result.stdout)["drift"]
    assert moved["against"] == str(old) and moved["profiles"] == {"before": 5, "after": 5}
    urgent = next(m for m in moved["referral"] if m["id"] == "urgent")
    assert (urgent["before"], urgent["after"], urgent["share_before"], urgent["share_after"], urgent["share_change"]) \
        == (1, 0, 0.25, 0.0, -0.25)
    chest = next(m for m in moved["rules"] if m["id"] == "redflag.chest-pain")
    assert (chest["before"], chest["after"]) == (1, 0)
    assert moved["rules_compared"] is True
    assert all(m["before"] != m["after"] or m["share_before"] != m["share_after"]
               for key in ("referral", "leading", "rules") for m in moved[key])
    table = run("summarize", str(new), "--against", str(old)).stdout
    assert f"Since {old}: 5 -> 5 profiles" in table and "-25.0 pts" in table and "redflag.chest-pain" in table


def test_summarize_against_itself_says_nothing_moved(outputs, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(_summary(outputs["json"])), encoding="utf-8")
    table = run("summarize", str(outputs["json"]), "--against", str(old)).stdout
    assert "Nothing moved: the referral levels, leading findings and firing rates are the same." in table


@pytest.mark.parametrize(("text", "message"), [
    (None, "cannot be read"),
    ("[1, 2]", "expected a JSON object"),
    ("{\"evaluated\": 3}", "key 'referral'"),
    ("{not json", "not a JSON summary"),
])
def test_summarize_against_a_bad_summary_is_one_line_exit_2(outputs, tmp_path, text, message):
    old = tmp_path / "old.json"
    if text is not None:
        old.write_text(text, encoding="utf-8")
    result = run("summarize", str(outputs["json"]), "--against", str(old))
    assert result.exit_code == 2 and message in result.stderr and str(old) in result.stderr
    assert "Traceback" not in result.output and result.stderr.strip().count("\n") <= 1


def test_summarize_parquet_equals_csv(outputs, tmp_path):
    pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(PROFILES), encoding="utf-8")
    out = tmp_path / "r.parquet"
    run("evaluate", str(facts), "--format", "parquet", "--output", str(out))
    a, b = _summary(out), _summary(outputs["csv"])
    a.pop("sources"), b.pop("sources")
    assert a == b


def test_summarize_adds_up_several_files(outputs):
    data = _summary(outputs["json"], outputs["csv"])
    assert data["profiles"] == 10 and data["errors"] == 2 and len(data["sources"]) == 2


def test_summarize_reads_jsonl_from_stdin(outputs):
    result = run("summarize", "-", "--format", "json", input=outputs["jsonl"].read_text(encoding="utf-8"))
    assert result.exit_code == 0 and json.loads(result.stdout)["profiles"] == 5


def test_summarize_table_names_levels_findings_and_notice(outputs):
    result = run("summarize", str(outputs["csv"]))
    assert result.exit_code == 0
    assert "5 profiles: 4 evaluated, 1 error" in result.stdout
    assert "seek care now (urgent)" in result.stdout and "Magnesium deficiency (magnesium)" in result.stdout
    assert result.stdout.rstrip().endswith(NOTICE)


def test_summarize_chart_is_a_self_contained_svg_with_the_notice(outputs, tmp_path):
    chart = tmp_path / "summary.svg"
    assert run("summarize", str(outputs["json"]), "--chart", str(chart)).exit_code == 0
    text = chart.read_text(encoding="utf-8")
    doc = xml.dom.minidom.parseString(text)
    assert doc.documentElement.tagName == "svg"
    assert "<script" not in text and "href" not in text
    assert "not medical advice" in text and "see a doctor (see_doctor)" in text
    again = tmp_path / "again.svg"
    run("summarize", str(outputs["csv"]), "--chart", str(again))
    assert again.read_text(encoding="utf-8") == text  # same summary, same bytes


def test_summarize_chart_must_be_svg(outputs, tmp_path):
    result = run("summarize", str(outputs["json"]), "--chart", str(tmp_path / "c.png"))
    assert result.exit_code == 2 and ".svg" in result.output


def test_summarize_names_an_unreadable_file_and_summarizes_the_rest(outputs, tmp_path):
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "findings": [], "referral": null, "error": "x"}\n{"id": \n', encoding="utf-8")
    missing = tmp_path / "missing.json"
    result = run("summarize", str(missing), str(broken), str(outputs["csv"]), "--format", "json")
    assert result.exit_code == 2
    assert "missing.json" in result.stderr and "broken.jsonl: line 2: invalid JSON" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(result.stdout)["profiles"] == 5 + 1  # the row read before the break counts


def test_summarize_rejects_a_facts_file_as_reports(tmp_path):
    result = run("summarize", str(EXAMPLES / "survey.csv"))
    assert result.exit_code == 2 and "not a file of compact reports" in result.stderr
    result = run("summarize", str(EXAMPLES / "runners.jsonl"))
    assert result.exit_code == 2 and "not a sorewhy report" in result.stderr


def test_summarize_unknown_extension_is_a_usage_error():
    result = run("summarize", str(EXAMPLES / "vegan-runner.yaml"))
    assert result.exit_code == 2 and "unknown report file type" in result.output


def test_docs_summarize_run_works_in_order(tmp_path, monkeypatch):
    import re
    import shlex
    import shutil

    text = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    section = text[text.index("## `sorewhy summarize`"):]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL).group(1)
    lines = [line.strip() for line in block.splitlines() if line.strip().startswith("sorewhy ")]
    assert any(line.startswith("sorewhy summarize") for line in lines)
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    for line in lines:
        result = run(*shlex.split(line)[1:])
        assert result.exit_code == 0, (line, result.output)
    assert (tmp_path / "summary.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_evaluate_summary_option_equals_summarize_of_its_reports(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(PROFILES), encoding="utf-8")
    reports, summary = tmp_path / "r.jsonl", tmp_path / "s.json"
    result = run("evaluate", str(facts), "--format", "jsonl", "--output", str(reports), "--summary", str(summary))
    assert result.exit_code == 1  # one profile had an error
    assert json.loads(summary.read_text(encoding="utf-8")) == _summary(reports) | {"sources": [str(facts)]}
    chart, table = tmp_path / "s.svg", tmp_path / "s.txt"
    run("evaluate", str(facts), "--format", "csv", "--output", str(tmp_path / "r.csv"), "--summary", str(chart))
    run("evaluate", str(facts), "--summary", str(table))
    assert chart.read_text(encoding="utf-8").startswith("<?xml")
    assert table.read_text(encoding="utf-8").rstrip().endswith(NOTICE)


def test_evaluate_summary_to_a_missing_folder_fails_before_any_work(tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(PROFILES), encoding="utf-8")
    result = run("evaluate", str(facts), "--summary", str(tmp_path / "no" / "s.json"))
    assert result.exit_code == 2 and "no such directory" in result.stderr
    assert result.stdout == ""
