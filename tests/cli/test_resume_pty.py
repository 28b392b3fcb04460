"""`sorewhy interview --resume` in a real pseudo-terminal (#22): start, Ctrl-C,
resume, finish; the result equals the one an uninterrupted interview gives."""

from __future__ import annotations

import sys

import pytest

from tests.cli.test_interview_pty import QUESTION, _spawn

pexpect = pytest.importorskip("pexpect")

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)

ANSWERS = {
    "red_flags": "none",
    "symptoms": "Cramps",
    "locations": "calf",
    "timing": "at night",
    "duration_days": "a few months",
    "medications": "none",
    "one_sided": "no",
}


def _answer(child, stop_after: int | None = None) -> tuple[list[str], str]:
    """Answer by question id (Enter for the rest) until the result, or until
    `stop_after` questions were answered (then returns at the next question's
    prompt). Returns the ids asked and the result screen (normalised)."""
    asked: list[str] = []
    while True:
        which = child.expect([QUESTION, r"how> "])
        if which == 1:
            text = child.before.replace("\r\n", "\n")
            return asked, text[text.index("Result:"):text.index("Type `more`")]
        asked.append(child.match.group(1))
        child.expect(r"\r?\n> ")
        if stop_after is not None and len(asked) > stop_after:
            return asked, ""
        child.sendline(ANSWERS.get(asked[-1], ""))
        assert len(asked) < 80, "the interview does not end"


def test_resume_pty_ctrl_c_then_resume_ends_as_an_uninterrupted_interview(tmp_path):
    child = _spawn("interview", cwd=tmp_path)
    try:
        whole, expected = _answer(child)
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()

    saved = tmp_path / "me.yaml"
    child = _spawn("interview", "--save", str(saved), cwd=tmp_path)
    try:
        first, _ = _answer(child, stop_after=4)
        child.sendintr()  # Ctrl-C at the fifth question
        child.expect("Interrupted: leaving the interview.")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130 and saved.is_file()

    child = _spawn("interview", "--resume", str(saved), cwd=tmp_path)
    try:
        child.expect(r"Resuming the interview saved in .*: 4 answers kept")
        rest, result = _answer(child)
        transcript = child.before
        child.sendline("quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in transcript
    assert first[:4] + rest == whole  # only what was left, the interrupted question first
    assert result == expected
