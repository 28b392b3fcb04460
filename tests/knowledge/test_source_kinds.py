"""What kind of source each citation is (#25): the table in
knowledge/source_kinds.yaml, read from a reference's URL, never written rule
by rule; shown by `rules show`, `rules --format json` and every report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.errors import KnowledgeError
from sorewhy.knowledge.source_kinds import (
    OTHER,
    count_kinds,
    kind_of,
    kind_of_url,
    parse_source_kinds,
    rests_on_words,
    source_kinds,
)
from sorewhy.rules import all_rules


def _urls(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url" and isinstance(value, str):
                yield value
            else:
                yield from _urls(value)
    elif isinstance(node, list):
        for item in node:
            yield from _urls(item)


def test_source_kinds_table_names_the_kinds_the_issue_asks_for():
    ids = {k.id for k in source_kinds().kinds}
    assert {"article", "health_service", "lab_reference", "regulator", "formulary", "health_reference",
            OTHER} == ids
    hosts = {(h.host, h.kind) for h in source_kinds().hosts}
    for host, kind in [("www.nhs.uk", "health_service"), ("cks.nice.org.uk", "health_service"),
                       ("www.fda.gov", "regulator"), ("bnf.nice.org.uk", "formulary"),
                       ("medlineplus.gov", "health_reference"), ("ods.od.nih.gov", "health_reference")]:
        assert (host, kind) in hosts


def test_source_kinds_every_url_the_knowledge_cites_is_classified():
    cited = {s.url for m in all_rules() for s in m.sources if hasattr(s, "url")}
    folder = resources.files("sorewhy.knowledge")
    for item in folder.iterdir():
        if item.name.endswith(".yaml"):
            cited |= {u for u in _urls(yaml.safe_load(item.read_text(encoding="utf-8"))) if u.startswith("http")}
    unknown = sorted(u for u in cited if kind_of_url(u.replace("{generic}", "x")) == OTHER)
    assert not unknown, unknown


@pytest.mark.parametrize(("url", "kind"), [
    ("https://www.nhs.uk/conditions/leg-cramps/", "health_service"),
    ("https://WWW.NHS.UK/conditions/leg-cramps/", "health_service"),
    ("https://medlineplus.gov/lab-tests/magnesium-blood-test/", "lab_reference"),
    ("https://medlineplus.gov/ency/article/000473.htm", "health_reference"),
    ("https://www.gov.uk/drug-safety-update/statins", "regulator"),
    ("https://www.gov.uk/some-other-page", OTHER),
    ("https://bnf.nice.org.uk/drugs/quinine/", "formulary"),
    ("https://nhs.uk.example.com/", OTHER),
])
def test_source_kinds_url_is_read_by_host_and_longest_path(url, kind):
    assert kind_of_url(url) == kind


def test_source_kinds_documents_are_articles():
    assert kind_of({"doc": "000_1a193f0ef969bf74.txt", "section": "s", "quote": "q"}) == "article"


def test_source_kinds_count_each_source_once_and_say_it_in_words():
    nhs = {"ref": "NHS", "url": "https://www.nhs.uk/conditions/leg-cramps/"}
    doc = {"doc": "000_1a193f0ef969bf74.txt", "section": "a", "quote": "x"}
    counts = count_kinds([nhs, doc, nhs, {**doc, "quote": "y"},
                          {"ref": "MedlinePlus", "url": "https://medlineplus.gov/ency/article/000473.htm"}])
    assert counts == {"health_service": 1, "health_reference": 1, "article": 1}
    assert rests_on_words(counts) == ("1 health-service or guideline page, 1 health-institute reference page and "
                                      "1 general-audience article")
    assert rests_on_words({"article": 2}) == "2 general-audience articles"


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["kinds"].append(d["kinds"][0]), "is listed twice"),
    (lambda d: d["hosts"].append(d["hosts"][0]), "is listed twice"),
    (lambda d: d["hosts"].append({"host": "a.org", "kind": "blog", "publisher": "A"}), "kind 'blog' is not one of"),
    (lambda d: d["hosts"].append({"host": "a.org", "kind": "article", "publisher": "A"}), "is not a kind a public"),
    (lambda d: d.update(kinds=[k for k in d["kinds"] if k["id"] != "article"]), "'article' must be listed"),
    (lambda d: d["hosts"].append({"host": "https://a.org", "kind": "regulator", "publisher": "A"}), "is invalid"),
])
def test_source_kinds_table_is_validated(change, message):
    data = yaml.safe_load(resources.files("sorewhy.knowledge").joinpath("source_kinds.yaml").read_text("utf-8"))
    change(data)
    with pytest.raises(KnowledgeError, match=message):
        parse_source_kinds(data)


def test_source_kinds_shown_by_rules_show_and_rules_json():
    text = CliRunner().invoke(cli, ["rules", "show", "redflag.chest-pain"]).stdout
    assert "<https://www.nhs.uk/conditions/chest-pain/> [health-service or guideline page]" in text
    shown = json.loads(CliRunner().invoke(cli, ["rules", "show", "magnesium.night-cramps", "--format", "json"]).stdout)
    assert shown["sources"] and all(s["kind"] == kind_of(s) for s in shown["sources"])
    listed = json.loads(CliRunner().invoke(cli, ["rules", "--format", "json"]).stdout)
    sources = [s for r in listed["rules"] for s in r["sources"]]
    assert all(s["kind"] == ("article" if "doc" in s else kind_of_url(s["url"])) for s in sources)
    assert {s["kind"] for s in sources} >= {"article", "health_service", "regulator", "formulary", "lab_reference"}
