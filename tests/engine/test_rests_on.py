"""Every source in a report carries its kind, and the report says in one line
what its leading findings rest on (#25); the report schema knows both."""

from __future__ import annotations

import typing

import pytest
from click.testing import CliRunner
from helpers import ANEMIA_PALE_NAILS, DOMS_LIKE

from sorewhy.cli.main import cli
from sorewhy.knowledge.source_kinds import kind_of, source_kinds

PROFILES = [
    {"symptoms": ["cramps"], "timing": ["night"], "low_intake": ["nuts_seeds"]},
    DOMS_LIKE,
    ANEMIA_PALE_NAILS,
    {"symptoms": ["calf_swelling", "soreness"], "one_sided": True},
    {},
]


def _all_sources(report):
    for f in report["findings"]:
        for item in f["evidence"] + f["against"]:
            yield from item["sources"]
    for reason in (report["referral"] or {}).get("reasons", []):
        yield from reason["sources"]
    for item in report["safety_net"]:
        yield from item["sources"]


@pytest.mark.parametrize("profile", PROFILES)
def test_rests_on_every_source_carries_its_kind(run, profile):
    report = run(profile)
    sources = list(_all_sources(report))
    assert sources
    assert all(s["kind"] == kind_of({k: v for k, v in s.items() if k != "kind"}) for s in sources)


@pytest.mark.parametrize("profile", PROFILES)
def test_rests_on_counts_the_distinct_sources_of_the_leading_findings(run, profile):
    report = run(profile)
    from sorewhy.engine.digest import digest

    leading = digest(report).leading
    distinct: dict[str, str] = {}
    for f in leading:
        for item in f["evidence"]:
            for s in item["sources"]:
                distinct.setdefault(s.get("doc") or s["url"], s["kind"])
    expected = {k.id: sum(v == k.id for v in distinct.values()) for k in source_kinds().kinds}
    rests = report["rests_on"]
    assert rests["findings"] == [f["id"] for f in leading]
    assert rests["kinds"] == {k: n for k, n in expected.items() if n}
    if leading:
        assert rests["says"].startswith("The leading finding" + ("s rest on " if len(leading) > 1 else " rests on "))
        for kind, n in rests["kinds"].items():
            table = source_kinds().by_id[kind]
            assert f"{n} {table.one if n == 1 else table.many}" in rests["says"]
    else:
        assert rests["says"] == "No finding leads this report." and rests["kinds"] == {}


def test_rests_on_a_nutrient_from_guidance_and_articles_names_both(run):
    rests = run(PROFILES[0])["rests_on"]
    assert rests["kinds"].get("article") and rests["kinds"].get("health_service")
    assert "general-audience article" in rests["says"] and "health-service or guideline page" in rests["says"]


def test_rests_on_and_source_kinds_are_in_the_report_schema():
    from sorewhy.engine.report_schema import report_schema, validate_report

    schema = report_schema()
    assert "rests_on" in schema["required"]
    rests = schema["$defs"]["RestsOn"]
    assert set(rests["required"]) == {"findings", "kinds", "says"}
    kinds = schema["$defs"]["SourceRef"]["properties"]["kind"]["enum"]
    assert set(kinds) == {k.id for k in source_kinds().kinds}
    from sorewhy.engine.api import SourceKindId

    assert set(typing.get_args(SourceKindId)) == {k.id for k in source_kinds().kinds}
    result = CliRunner().invoke(cli, ["schema", "--report"])
    assert '"RestsOn"' in result.stdout and '"rests_on"' in result.stdout
    from sorewhy.engine import Evaluator

    report = Evaluator().evaluate(PROFILES[0], "p")
    validate_report(report)
    with pytest.raises(ValueError):
        validate_report({**report, "rests_on": {"findings": [], "kinds": {}}})


def test_rests_on_an_error_report_has_no_leading_finding(tmp_path):
    import json

    path = tmp_path / "bad.json"
    path.write_text(json.dumps([{"id": "x", "age": 400}]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    report = json.loads(result.stdout)[0]
    assert report["error"] and report["rests_on"] == {"findings": [], "kinds": {}, "says":
                                                      "No finding leads this report."}


@pytest.mark.parametrize("fmt", ["markdown", "html", "table"])
def test_rests_on_every_report_format_says_it_and_names_kinds(tmp_path, fmt):
    import json

    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"id": "night", **PROFILES[0]}]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "The leading findings rest on " in out
    if fmt != "table":
        assert "(health-service or guideline page)" in out
        assert "Documents (general-audience articles):" in out
