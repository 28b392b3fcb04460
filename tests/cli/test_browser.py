"""The HTML outputs in a real browser: headless Chromium prints each report on
A4 and takes screenshots; the tests check what a person would see — the
referral and the not-medical-advice notice on page one, a typical report on at
most two pages, nothing wider than an 800 px window. Skipped, saying why, when
Chromium or poppler is not installed (`headless.chromium`)."""

from __future__ import annotations

import datetime
import json
import struct
from pathlib import Path

import headless
import pytest
from click.testing import CliRunner

from sorewhy import NOTICE
from sorewhy.cli import report_view
from sorewhy.cli.main import cli
from sorewhy.engine.loaders import read_profiles

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())
DOCS_SCREENSHOT = ROOT / "docs" / "report.png"
MAX_PAGES = 2
WINDOW = 800


def _profiles() -> list[tuple[str, int, dict]]:
    """Each profile of the examples that hold several (a file of one is printed as it is)."""
    out = []
    for path in EXAMPLES:
        entries = list(read_profiles(str(path)))
        for n, entry in enumerate(entries if len(entries) > 1 else []):
            assert entry.profile is not None, entry.error
            out.append((path.name, n, {**entry.profile.model_dump(mode="json", exclude_none=True), "id": entry.id}))
    return out


PROFILES = _profiles()


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setattr(report_view, "today", lambda: datetime.date(2026, 5, 6))


@pytest.fixture(scope="module")
def browser():
    return headless.chromium()


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def render(tmp_path: Path, facts: Path, command: str = "evaluate") -> tuple[Path, list[dict]]:
    html = tmp_path / f"{facts.stem}.{command}.html"
    run(command, str(facts), "--format", "html", "--output", str(html))
    return html, json.loads(run("evaluate", str(facts), "--format", "json"))


@pytest.mark.parametrize(("name", "n", "profile"), PROFILES, ids=[f"{p[0]}:{p[1]}" for p in PROFILES])
def test_browser_prints_each_profile_of_a_batch_alone_on_two_a4_pages_with_referral_and_notice_on_page_one(
        browser, tmp_path, name, n, profile):
    facts = tmp_path / "one.json"
    facts.write_text(json.dumps(profile), encoding="utf-8")
    html, (report,) = render(tmp_path, facts)
    check_one_report(headless.print_pdf(html, tmp_path / "one.pdf"), report)


def check_one_report(pdf: Path, report: dict) -> None:
    """A4, at most two pages, and on page one the referral, the notice and,
    for a red flag, the finding the urgent referral rests on."""
    assert "(A4)" in headless.page_size(pdf)
    assert headless.pages(pdf) <= MAX_PAGES
    first = headless.page_text(pdf, 1)
    assert headless.flat(_sentence(report)) in first
    assert headless.flat(NOTICE) in first
    if report["referral"]["level"] == "urgent":
        reasons = {r["rule"] for r in report["referral"]["reasons"]}
        behind = [f for f in report["findings"] if reasons & {e["rule"] for e in f["evidence"]}]
        assert all(headless.flat(f["label"]) in first for f in behind)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_browser_prints_every_example_with_a_section_per_profile(browser, tmp_path, path):
    html, reports = render(tmp_path, path)
    pdf = headless.print_pdf(html, tmp_path / "all.pdf")
    total = headless.pages(pdf)
    first = headless.page_text(pdf, 1)
    assert headless.flat(NOTICE) in first
    if len(reports) == 1:
        check_one_report(pdf, reports[0])
    else:  # a page of contents, then each profile from a new page
        assert all(r["id"] in first for r in reports)
        assert len(reports) + 1 <= total <= 1 + MAX_PAGES * len(reports)
    text = headless.page_text(pdf, 1, total)
    assert all(headless.flat(_sentence(r)) in text for r in reports)


def _sentence(report: dict) -> str:
    """The referral's sentence as the report shows it (never offering blood tests
    when every result given is normal)."""
    return report_view.report_view(report).referral_sentence


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
@pytest.mark.parametrize("command", ["evaluate", "trace"])
def test_browser_shows_no_horizontal_overflow_at_800_px(browser, tmp_path, path, command):
    html, _ = render(tmp_path, path, command)
    document, viewport = headless.width_at(html, WINDOW)
    assert 0 < viewport <= WINDOW
    assert document <= viewport, f"{command} {path.name}: the page is {document} px wide in a {viewport} px window"


def _png_size(png: Path) -> tuple[int, int]:
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_browser_screenshots_a_typical_report_and_the_trace(browser, tmp_path):
    vegan = ROOT / "examples" / "vegan-runner.yaml"
    for command in ("evaluate", "trace"):
        html, _ = render(tmp_path, vegan, command)
        png = headless.screenshot(html, tmp_path / f"{command}.png", WINDOW, 1100)
        assert _png_size(png) == (WINDOW, 1100)
        assert png.stat().st_size > 20_000  # a page was drawn, not a blank window


def test_docs_keep_a_small_screenshot_of_a_typical_report_shown_in_the_readme():
    width, height = _png_size(DOCS_SCREENSHOT)
    assert width >= 600 and height >= 600
    assert DOCS_SCREENSHOT.stat().st_size < 400_000
    assert "](docs/report.png)" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- the report's newer parts, printed ---------------------------------------------------------


def _page(tmp_path: Path, reports: list[dict], name: str = "page") -> Path:
    """The HTML page of these reports, as `evaluate --format html` writes it."""
    import io

    from sorewhy.cli.document import HtmlWriter

    stream = io.StringIO()
    writer = HtmlWriter(stream)
    writer.begin()
    for report in reports:
        writer.write(report)
    writer.end()
    html = tmp_path / f"{name}.html"
    html.write_text(stream.getvalue(), encoding="utf-8")
    return html


SAFETY_NET = [
    {"when": "A calf becomes swollen, red or warm, or you get short of breath", "do": "Get help now",
     "rule": "safety.clot", "sources": []},
    {"when": "It is not better in 2 weeks", "do": "See a GP", "rule": "safety.not-better", "sources": []},
]


def test_browser_prints_footnotes_ten_and_up_in_full(browser, tmp_path):
    """Printed, note numbers 10-19 used to lose their first digit ("0." for "10.")."""
    html, (report,) = render(tmp_path, ROOT / "examples" / "vegan-runner.yaml")
    notes = report_view.report_view(report).notes
    assert len(notes) >= 12
    pdf = headless.print_pdf(html, tmp_path / "notes.pdf")
    import subprocess

    laid_out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=headless.TIMEOUT, check=True).stdout
    text = headless.flat(laid_out)
    for note in notes:
        assert f"{note.number}. {note.rule}:" in text, f"note {note.number} does not print whole"


def test_browser_prints_the_disposition_and_the_safety_net_on_page_one(browser, tmp_path):
    from sorewhy.engine.api import Evaluator

    report = Evaluator().evaluate({"symptoms": ["soreness", "fatigue"], "duration_days": 21, "age": 47}, "tired")
    report["referral"].update({"disposition": "doctor_soon", "timeframe": "within a few days", "see": "gp"})
    report["safety_net"] = SAFETY_NET
    pdf = headless.print_pdf(_page(tmp_path, [report]), tmp_path / "net.pdf")
    first = headless.page_text(pdf, 1)
    assert "see a doctor within a few days" in first.lower()  # the tag is set in capitals
    assert "When: within a few days. Who: a GP (your family doctor)." in first
    assert "Get help at once if:" in first
    assert "A calf becomes swollen, red or warm, or you get short of breath: get help now" in first
    assert "Presenting complaint: 47-year-old: soreness and fatigue, for 21 days." in first


def test_browser_shows_an_urgent_report_with_what_to_do_now_and_the_rest_folded(browser, tmp_path):
    from sorewhy.engine.api import Evaluator

    report = Evaluator().evaluate({"symptoms": ["calf_swelling", "soreness", "cramps"], "one_sided": True,
                                   "diet": "vegan", "sun_exposure": "low"}, "clot")
    report["referral"].update({"disposition": "urgent_today", "timeframe": "today",
                               "see": "emergency_department"})
    report["safety_net"] = SAFETY_NET[:1]
    html = _page(tmp_path, [report], "urgent")
    pdf = headless.print_pdf(html, tmp_path / "urgent.pdf")
    first = headless.page_text(pdf, 1)
    assert "get medical help today" in first.lower() and "Who: an emergency department (A&E)." in first
    assert first.index("Get help at once if:") < first.index("What this may be")
    assert "Also in the report, for after you have been seen:" in first
    text = headless.page_text(pdf, 1, headless.pages(pdf))
    assert "Leading findings" not in text and "Advice" not in text.split("Appendix")[0]
    dom = headless.dump_dom(html)
    assert '<details class="later">' in dom and "<details class=\"later\" open" not in dom
