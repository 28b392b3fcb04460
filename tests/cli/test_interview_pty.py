"""`python -m sorewhy interview` in a real pseudo-terminal, as a person uses it.

The answers go by question id (the `[id]` each question shows), so the tests
hold whatever order the rule base asks in. Timeouts are generous: the machine
running the tests may be slow and shared.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)

TIMEOUT = 120
QUESTION = r"Q\d+ \[([a-z0-9_.]+)\]"


def _spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "dumb", "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    child = pexpect.spawn(sys.executable, ["-m", "sorewhy", *args], cwd=str(cwd), env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100))
    return child


def _answer_until_result(child: pexpect.spawn, answers: dict[str, list[str]]) -> list[str]:
    """Answer every question by id (Enter = don't know for the rest) until the
    `how>` prompt; returns the ids asked."""
    asked: list[str] = []
    while True:
        which = child.expect([QUESTION, r"how> "])
        if which == 1:
            return asked
        qid = child.match.group(1)
        asked.append(qid)
        for reply in answers.get(qid, [""]):
            child.expect(r"\r?\n> ")
            child.sendline(reply)
        assert len(asked) < 80, "the interview does not end"


def _evaluate(path: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "sorewhy", "evaluate", str(path), "--format", "json"],
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_interview_pty_vegan_with_tingling_saves_a_file_evaluate_agrees_with(tmp_path):
    saved = tmp_path / "vegan.yaml"
    child = _spawn("interview", "--save", str(saved), cwd=tmp_path)
    try:
        asked = _answer_until_result(child, {
            "red_flags": ["none"],
            "symptoms": ["why", "tingling"],
            "diet": ["vegan"],
        })
        transcript = child.before
        child.sendline("how vitamin_b12")
        child.expect(r"How 'Vitamin B12 deficiency' \(vitamin_b12\) was reached:")
        child.expect(r"Final certainty: ")
        child.expect("how> ")
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.signalstatus
    assert asked[0] == "red_flags"
    assert "symptoms" in asked
    assert "Traceback" not in transcript

    reports = _evaluate(saved)
    assert reports[0]["findings"][0]["id"] == "vitamin_b12"
    assert reports[0]["referral"]["level"] != "urgent"


def test_interview_pty_why_explains_and_the_result_names_the_top_finding(tmp_path):
    child = _spawn("interview", cwd=tmp_path)
    try:
        child.expect(QUESTION)
        assert child.match.group(1) == "red_flags"
        child.expect(r"\r?\n> ")
        child.sendline("none")
        child.expect(QUESTION)
        assert child.match.group(1) == "symptoms"
        child.expect(r"\r?\n> ")
        child.sendline("why")
        child.expect(r"Why we ask this question")
        child.expect(r"could change")
        child.expect(r"\r?\n> ")
        child.sendline("tingling")
        _answer_until_result(child, {"diet": ["vegan"]})
        result = child.before
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    # Named in words, its id beside it only as the handle for `how ID` (as a choice's name is).
    assert re.search(r"^\s+1\s+vitamin_b12\s+Vitamin B12 deficiency \(", result, re.M), result
    assert "not medical advice" in result


def test_interview_pty_ctrl_c_leaves_cleanly_and_keeps_the_answers(tmp_path):
    saved = tmp_path / "partial.json"
    child = _spawn("interview", "--save", str(saved), cwd=tmp_path)
    try:
        child.expect(r"\r?\n> ")
        child.sendline("none")
        child.expect(QUESTION)
        child.expect(r"\r?\n> ")
        child.sendline("cramps")
        child.expect(QUESTION)
        child.expect(r"\r?\n> ")
        child.sendintr()
        child.expect("Interrupted: leaving the interview.")
        child.expect(pexpect.EOF)
        tail = child.before
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in tail
    assert json.loads(saved.read_text()) == {"symptoms": ["cramps"]}


def test_interview_pty_end_of_input_leaves_cleanly(tmp_path):
    child = _spawn("interview", cwd=tmp_path)
    try:
        child.expect(r"\r?\n> ")
        child.sendeof()
        child.expect("End of input: leaving the interview.")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


VEGAN_RUNNER = {  # examples/vegan-runner.yaml, answered by question id
    "red_flags": ["none"], "symptoms": ["cramps, tingling, fatigue, soreness"], "locations": ["calves, feet"],
    "one_sided": ["no"], "timing": ["night, after_exercise"], "duration_days": ["30"],
    "improves_with_rest": ["no"], "severity": ["moderate"], "age": ["34"], "sex": ["female"],
    "diet": ["vegan"], "low_intake": ["none"], "sun_exposure": ["low"], "high_latitude": ["yes"],
    "exercise_load": ["intense"], "exercise_hours": ["1.5"], "heavy_sweating": ["yes"],
    "electrolyte_drinks": ["no"],
}


def test_interview_pty_result_of_a_typical_case_fits_45_rows_by_100_columns(tmp_path):
    env = {**os.environ, "TERM": "dumb", "PYTHONUNBUFFERED": "1", "COLUMNS": "100", "LINES": "45"}
    child = pexpect.spawn(sys.executable, ["-m", "sorewhy", "interview"], cwd=str(tmp_path), env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(45, 100))
    try:
        _answer_until_result(child, VEGAN_RUNNER)
        screen = child.before.replace("\r", "")
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    result = screen[screen.rindex("=" * 20):].split("\n")
    assert len(result) <= 45, "\n".join(result)
    assert max(len(line) for line in result) <= 100
    text = "\n".join(result)
    assert re.search(r"^Referral: (See a doctor|Book an appointment with a doctor)", text, re.M)
    # The level closes the referral line (what a script reading the screen compares); no disposition id.
    assert re.search(r"^Referral: .* \(see_doctor\)$", text, re.M) and "doctor_routine" not in text
    assert "Also considered, less certain:" in text and "not medical advice" in text
    for command in ("more", "how N", "why-not N", "back", "save"):
        assert f"`{command}" in text
    assert "labs." not in text  # still-open questions in their own words, never keys
    assert len([line for line in result if re.match(r"^\s+\d+\s+.+ certainty, \d\.\d\d", line)]) <= 3
