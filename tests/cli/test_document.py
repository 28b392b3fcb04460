"""`evaluate --format html` and `--format markdown`: reports to hand to a doctor,
laid out by templates from one report view."""

from __future__ import annotations

import datetime
import html as html_lib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from sorewhy import NOTICE
from sorewhy.cli import document, report_view
from sorewhy.cli.main import cli
from sorewhy.knowledge import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())
VEGAN = ROOT / "examples" / "vegan-runner.yaml"
CALF = ROOT / "examples" / "swollen-calf.yaml"
EVIL = {"id": "<script>alert(1)</script> & *bold* [x](y)", "symptoms": ["cramps"], "timing": ["night"],
        "medications": ["<img src=x onerror=alert(1)>"]}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setattr(report_view, "today", lambda: datetime.date(2026, 5, 6))


def invoke(*args: str):
    return CliRunner().invoke(cli, ["evaluate", *args])


def in_order(text: str, parts: list[str]) -> list[str]:
    """The parts not found in `text` one after the other (empty when all are, in order)."""
    missing, at = [], 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            missing.append(part)
        else:
            at = found + len(part)
    return missing


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


# --- HTML ------------------------------------------------------------------------------


def test_html_report_is_one_self_contained_page():
    out = invoke(str(VEGAN), "--format", "html").stdout
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    tags = parse(out).tags
    names = {t for t, _ in tags}
    assert "style" in names
    assert not names & {"script", "link", "img", "iframe", "object", "embed"}
    assert not any("src" in attrs for _, attrs in tags)
    hrefs = [attrs["href"] for t, attrs in tags if t == "a"]
    assert all(h.startswith("#") or h.startswith("https://") for h in hrefs)  # outside references are links only
    assert "@import" not in out and "url(" not in out


def test_html_report_shows_the_parts_in_the_issues_order():
    out = invoke(str(VEGAN), "--format", "html").stdout
    sentence = report_view.report_view(json.loads(invoke(str(VEGAN), "--format", "json").stdout)[0]).referral_sentence
    out = html_lib.unescape(out)
    parts = ["Presenting complaint:", "Red flags:", sentence, "What was reported",
             "Leading findings", "What to ask the doctor",
             "Advice", NOTICE, "Report of 2026-05-06", "Appendix: rules and sources"]
    assert in_order(out, parts) == []
    assert in_order(out, [sentence, NOTICE, "What was reported"]) == []  # page one
    assert "000_1a193f0ef969bf74.txt" not in out and "001_33e4f4bd1924b37e.txt" not in out


def test_html_report_escapes_text_from_the_facts_file(tmp_path):
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(EVIL), encoding="utf-8")
    out = invoke(str(path), "--format", "html").stdout
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* [x](y)" in out
    assert "".join(parse(out).text).count("<script>alert(1)</script>") >= 2  # shows as typed: title and heading


def test_html_report_of_many_profiles_has_a_table_of_contents_and_a_section_each():
    out = invoke(str(ROOT / "examples" / "clinic-day.yaml"), "--format", "html").stdout
    reports = json.loads(invoke(str(ROOT / "examples" / "clinic-day.yaml"), "--format", "json").stdout)
    toc = out[out.index('<nav class="toc"'):out.index("</nav>")]
    assert [m for m in re.findall(r'href="#profile-(\d+)"', toc)] == [str(n) for n in range(1, len(reports) + 1)]
    sections = re.findall(r'<section class="profile" id="profile-(\d+)">\s*<h1>([^<]*)</h1>', out)
    assert [s[1] for s in sections] == [r["id"] for r in reports]


def test_html_report_of_a_broken_profile_says_why_and_keeps_the_others(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"id": "ok", "symptoms": ["cramps"]}, {"id": "old", "age": 400}]), encoding="utf-8")
    result = invoke(str(path), "--format", "html")
    assert result.exit_code == 1
    assert "Could not be evaluated" in result.stdout and "key &#39;age&#39;" in result.stdout
    assert result.stdout.count('<section class="profile"') == 2


def test_html_report_with_no_profiles_still_carries_the_notice(tmp_path):
    path = tmp_path / "none.json"
    path.write_text("[]", encoding="utf-8")
    out = invoke(str(path), "--format", "html").stdout
    assert "No profiles." in out and NOTICE in out


def test_html_output_file_is_replaced_only_when_complete(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("good old report", encoding="utf-8")

    def broken(self, view, number):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(document.HtmlWriter, "_section", broken)
    result = invoke(str(VEGAN), "--format", "html", "--output", str(target))
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "good old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left behind
    monkeypatch.undo()
    monkeypatch.setattr(report_view, "today", lambda: datetime.date(2026, 5, 6))
    assert invoke(str(VEGAN), "--format", "html", "--output", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == invoke(str(VEGAN), "--format", "html").stdout


def test_html_and_markdown_sections_spool_rather_than_hold_the_batch(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"p{n}", "symptoms": ["cramps"], "age": 20 + n % 50}) + "\n"
                            for n in range(60)), encoding="utf-8")
    for fmt in ("html", "markdown"):
        result = invoke(str(path), "--format", fmt)
        assert result.exit_code == 0
        assert all(f"p{n}" in result.stdout for n in range(60))


# --- Markdown ---------------------------------------------------------------------------


def _tokens(text: str):
    return MarkdownIt("commonmark").parse(text)


def _list_depths(text: str) -> dict[str, int]:
    """The text of each inline token -> how many lists it sits in."""
    depth, out = 0, {}
    for token in _tokens(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "inline":
            out.setdefault(token.content, depth)
    return out


def test_markdown_report_nests_its_lists_in_commonmark():
    out = invoke(str(VEGAN), "--format", "markdown").stdout
    assert not any(t.type in ("code_block", "fence") for t in _tokens(out))  # no indentation read as code
    depths = _list_depths(out)
    finding = next(k for k in depths if k.startswith("**Vitamin B12 deficiency**"))
    evidence = next(k for k in depths if k.startswith("For: A vegan diet leaves out every animal food"))
    assert (depths[finding], depths[evidence]) == (1, 2)
    group = next(k for k in depths if k.startswith("Vitamin B12 deficiency: [5] `b12.vegan-diet`: "))
    assert depths[group] == 1 and "vegetarians and vegans are particularly at risk" in group


def test_markdown_report_follows_the_same_structure_as_the_html():
    md = invoke(str(VEGAN), "--format", "markdown").stdout
    view = report_view.report_view(json.loads(invoke(str(VEGAN), "--format", "json").stdout)[0])
    parts = ["**Presenting complaint:** 34-year-old female: soreness, cramps", "**Red flags:** none reported",
             f"**{view.referral_sentence}**", "Because:",
             "**What was reported:** Age: 34", "### Leading findings",
             "### What to ask the doctor", "### Advice", "Report of 2026-05-06", NOTICE,
             "### Appendix: rules and sources"]
    assert in_order(md, parts) == []
    assert "**Also considered:**" in md


def test_markdown_report_escapes_text_from_the_facts_file(tmp_path):
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(EVIL), encoding="utf-8")
    out = invoke(str(path), "--format", "markdown").stdout
    html = MarkdownIt("commonmark").render(out)
    assert "<script>" not in html and "<img" not in html and "<em>bold</em>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *bold* [x](y)" in html


def test_markdown_report_of_a_red_flag_leads_with_what_to_do_now_and_folds_the_rest():
    out = invoke(str(CALF), "--format", "markdown").stdout
    section = out[out.index("## swollen-calf"):]
    urgent = report_view.report_view(json.loads(invoke(str(CALF), "--format", "json").stdout)[0]).referral_sentence
    assert section.index(urgent) < section.index("### What this may be")
    leading = section[section.index("### What this may be"):]
    assert leading.splitlines()[1].startswith(f"1. **{load().findings['possible_dvt'].label}**")
    assert "this is what the urgent referral rests on" in leading
    # Its slight findings fall under the consider threshold since #20: nothing to fold for later.
    assert "Vitamin D deficiency" not in leading
    assert "### Leading findings" not in section and "### Advice" not in section
    assert "What to ask the doctor" not in section and "Not known yet" not in section


# --- every shipped example ----------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_gives_an_html_and_a_markdown_report(path):
    reports = json.loads(invoke(str(path), "--format", "json").stdout)
    html = invoke(str(path), "--format", "html")
    md = invoke(str(path), "--format", "markdown")
    assert html.exit_code == md.exit_code == 0
    for report in reports:
        view = report_view.report_view(report)
        assert view.referral_sentence in html_lib.unescape(html.stdout)
        assert f"**{view.referral_sentence}**" in md.stdout  # the headline leads it, or stands before it
        assert view.headline in md.stdout
    assert html.stdout.count('<section class="profile"') == len(reports)
    assert NOTICE in html.stdout and NOTICE in md.stdout
    assert not any(t.type == "code_block" for t in _tokens(md.stdout))


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_document_formats_carry_the_notice_even_when_every_profile_is_broken(tmp_path, fmt):
    path = tmp_path / "bad.json"
    path.write_text('[{"age": 300}, {"sex": "x"}]', encoding="utf-8")
    result = invoke(str(path), "--format", fmt)
    assert result.exit_code == 1
    assert NOTICE in result.stdout and result.stdout.count("ould not be evaluated") >= 2


def _document_text(tmp_path, profile: dict, fmt: str) -> str:
    """A document's words up to its appendix, tags and Markdown emphasis removed."""
    path = tmp_path / f"{profile['id']}.json"
    path.write_text(json.dumps(profile))
    out = invoke(str(path), "--format", fmt).stdout
    return " ".join(re.sub(r"<[^>]+>|\*\*", " ", out.split("Appendix")[0]).split())


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_document_says_red_flags_not_ruled_out_and_why_advice_was_withheld(tmp_path, fmt):
    """What engine/digest.py decides a person must read reaches both documents: the red flags
    nobody asked about, before the notice, and why advice was left out, after the advice."""
    unknown = _document_text(tmp_path, {"id": "unknown-symptoms", "diet": "vegan"}, fmt)
    assert not in_order(unknown, ["Not asked / not known: chest pain, seizures", "seek medical care now",
                                  NOTICE.split(".")[0], "What was reported"]), unknown
    known = _document_text(tmp_path, {"id": "none", "diet": "vegan", "symptoms": []}, fmt)
    assert "Not asked / not known" not in known
    one_side = _document_text(tmp_path, {"id": "one-side", "age": 66, "symptoms": ["soreness", "cramps"],
                                         "one_sided": True, "locations": ["calves"], "timing": ["night"],
                                         "duration_days": 4}, fmt)
    assert not in_order(one_side, ["Advice", "Not advised now:", "could loosen it"]), one_side
    assert "Not advised now" not in unknown


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_document_shows_the_disposition_whom_to_see_and_the_safety_net_when_present(fmt):
    from sorewhy.engine.api import Evaluator

    report = Evaluator().evaluate({"symptoms": ["calf_swelling", "soreness"], "one_sided": True, "age": 61}, "clot")
    report["referral"].update({"disposition": "urgent_today", "timeframe": "today", "see": "emergency_department"})
    report["safety_net"] = [{"when": "You get short of breath", "do": "Call 999", "rule": "net.clot", "sources": []}]
    text = (document.markdown_section(report) if fmt == "markdown" else document.html_section(report))
    flat = html_lib.unescape(" ".join(re.sub(r"<[^>]+>|\*\*", " ", text).split()))
    assert not in_order(flat, ["Presenting complaint: 61-year-old: soreness, one side only.",
                               "Red flags: a swollen calf", "Get medical help today",
                               "When: today. Who: an emergency department (A&E).", "Because:",
                               "Get help at once if:", "You get short of breath: call 999", "What this may be"]), flat
    assert "net.clot" not in flat and "Advice" not in flat.split("Appendix")[0]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_document_says_when_every_measured_result_is_normal(tmp_path, fmt):
    profile = {"id": "normal", "symptoms": ["aches", "fatigue", "cold_intolerance", "weight_gain"],
               "duration_days": 60, "labs": {"potassium": "4.2 mmol/L", "calcium": "2.4 mmol/L"}}
    text = " ".join(html_lib.unescape(_document_text(tmp_path, profile, fmt)).split())
    assert "do not suggest a deficiency of what was measured" in text
    assert "underactive thyroid" in text
