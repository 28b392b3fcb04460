"""No output can replace an input or another output of the same run (#26):
``--output``, ``--summary``, ``summarize --output``/``--chart`` and
``interview --save`` are checked against every input and each other, through
links and other spellings, before any work; exit 2 naming both."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FACTS = {"id": "a", "symptoms": ["cramps"]}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in.json").write_text(json.dumps(FACTS))
    (tmp_path / "link.json").symlink_to(tmp_path / "in.json")
    return tmp_path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sorewhy", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("summary", ["in.json", "link.json", "./in.json"])
def test_summary_cannot_replace_the_facts_file(folder, summary):
    before = (folder / "in.json").read_text()
    result = _run("evaluate", "in.json", "--summary", summary, cwd=folder)
    assert result.returncode == 2
    assert f"--summary {summary} is the input file in.json" in result.stderr
    assert (folder / "in.json").read_text() == before


@pytest.mark.parametrize("second", ["out.json", "./out.json", "sub/../out.json"])
def test_output_and_summary_cannot_be_one_file(folder, second):
    (folder / "sub").mkdir()
    result = _run("evaluate", "in.json", "--output", "out.json", "--summary", second, cwd=folder)
    assert result.returncode == 2
    assert f"--summary {second} is the same file as --output out.json" in result.stderr
    assert not (folder / "out.json").exists()


def test_output_and_summary_same_file_through_a_link(folder):
    (folder / "out.json").write_text("old")
    (folder / "out-link.json").symlink_to(folder / "out.json")
    result = _run("evaluate", "in.json", "--output", "out.json", "--summary", "out-link.json", cwd=folder)
    assert result.returncode == 2 and "is the same file as --output out.json" in result.stderr
    assert (folder / "out.json").read_text() == "old"


def test_summarize_cannot_replace_the_reports_it_reads(folder):
    assert _run("evaluate", "in.json", "--format", "csv", "--output", "r.csv", cwd=folder).returncode == 0
    before = (folder / "r.csv").read_text()
    result = _run("summarize", "r.csv", "--output", "r.csv", cwd=folder)
    assert result.returncode == 2 and "--output r.csv is the input file r.csv" in result.stderr
    assert (folder / "r.csv").read_text() == before


def test_summarize_output_and_chart_cannot_be_one_file(folder):
    _run("evaluate", "in.json", "--format", "csv", "--output", "r.csv", cwd=folder)
    result = _run("summarize", "r.csv", "--output", "s.svg", "--chart", "s.svg", cwd=folder)
    assert result.returncode == 2 and "--chart s.svg is the same file as --output s.svg" in result.stderr


def test_interview_save_cannot_replace_its_input(folder):
    answers = folder / "answers.yaml"
    answers.write_text("\n")
    with answers.open("rb") as stdin:
        result = subprocess.run([sys.executable, "-m", "sorewhy", "interview", "--save", "answers.yaml"],
                                cwd=folder, stdin=stdin, capture_output=True, text=True)
    assert result.returncode == 2
    assert "--save answers.yaml is the input file standard input" in result.stderr
    assert answers.read_text() == "\n"


def test_evaluate_output_cannot_replace_standard_input(folder):
    with (folder / "in.json").open("rb") as stdin:
        result = subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", "-", "--output", "in.json"],
                                cwd=folder, stdin=stdin, capture_output=True, text=True)
    assert result.returncode == 2 and "is the input file standard input" in result.stderr
    assert json.loads((folder / "in.json").read_text()) == FACTS


def test_two_devices_are_not_a_clash(folder):
    result = _run("evaluate", "in.json", "--output", "/dev/null", "--summary", "/dev/null", cwd=folder)
    assert result.returncode == 0, result.stderr
