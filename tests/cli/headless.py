"""Headless Chromium for the tests of the HTML outputs: a PDF printed on A4 and
read back with poppler's tools, a screenshot, and the page's width at 800 px.

When Chromium or poppler cannot be had the tests skip and say why; with
``SOREWHY_REQUIRE_BROWSER=1`` (what ``.ci/run`` sets once it has installed
them) they fail instead, so a browser that went missing is never a silent pass.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TIMEOUT = 120
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--mute-audio",
]
WIDTH_PROBE = (
    "<script>document.title = 'width ' + document.documentElement.scrollWidth + ' of '"
    " + document.documentElement.clientWidth;</script>"
)


def chromium() -> str:
    """The Chromium program, or skip (fail when required) saying what is missing."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = [name for name, path in (("chromium", found), ("pdftotext", shutil.which("pdftotext")),
                                       ("pdfinfo", shutil.which("pdfinfo"))) if path is None]
    if missing:
        reason = (f"headless browser tests need {', '.join(missing)}: "
                  "apt-get install -y chromium poppler-utils (.ci/run installs them)")
        if os.environ.get("SOREWHY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    assert found is not None
    return found


def _run(args: list[str], out: Path | None = None) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="sorewhy-chromium-") as profile:
        proc = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if out is not None:
        assert out.is_file() and out.stat().st_size > 0, f"chromium wrote no {out.name}: {proc.stderr[-2000:]}"
    return proc


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print the page as the browser's print dialog would (no header or footer)."""
    _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()], pdf)
    return pdf


def screenshot(html: Path, png: Path, width: int = 800, height: int = 1200) -> Path:
    _run([f"--window-size={width},{height}", f"--screenshot={png}", html.as_uri()], png)
    return png


def width_at(html: Path, width: int = 800) -> tuple[int, int]:
    """(document width, viewport width) of the page in a window `width` px wide.

    The page itself has no script; a test-only copy beside it gets one that
    writes the widths into the title, which ``--dump-dom`` shows."""
    probe = html.with_name(html.stem + ".probe.html")
    text = html.read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", WIDTH_PROBE + "</body>", 1), encoding="utf-8")
    proc = _run([f"--window-size={width},1000", "--dump-dom", probe.as_uri()])
    match = re.search(r"<title>width (\d+) of (\d+)</title>", proc.stdout)
    assert match, f"no width in the dumped page: {proc.stderr[-2000:]}"
    return int(match.group(1)), int(match.group(2))


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE).group(1))


def page_size(pdf: Path) -> str:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    return re.search(r"^Page size:\s+(.*)$", out, re.MULTILINE).group(1)


def page_text(pdf: Path, first: int, last: int | None = None) -> str:
    """The text of pages `first`..`last`, whitespace collapsed (lines wrap anywhere)."""
    out = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last or first), str(pdf), "-"],
                         capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    return " ".join(out.split())


def flat(text: str) -> str:
    return " ".join(text.split())


def dump_dom(html: Path, width: int = 800) -> str:
    """The page's DOM after it has loaded (and run whatever script it had), as
    Chromium serialises it."""
    proc = _run([f"--window-size={width},1000", "--virtual-time-budget=2000", "--dump-dom", html.as_uri()])
    assert "</html>" in proc.stdout, f"chromium dumped no page: {proc.stderr[-2000:]}"
    return proc.stdout
