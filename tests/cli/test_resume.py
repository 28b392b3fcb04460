"""`sorewhy interview --resume FILE` (#22): continues a saved interview, asking
only what is left; the result is the one an uninterrupted interview gives. A
file it cannot continue from is one line on stderr and exit 2."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from sorewhy.cli.main import cli
from sorewhy.cli.saving import STATE_MARK
from sorewhy.cli.session import URGENT_EXTRA
from tests.cli.test_interview import asked

FIRST = ["", "cramps", "none", "a few months"]
"""Red flags not answered, a symptom, the red flags asked again, how long; the input
ends at the next question, which the resumed interview puts again."""
REST = ["none", "calf", "night", "", "", "", "no", "", "", "", "", "", "", "", "", "", "", "", "", "", ""]


def invoke(*args: str, input: str):
    return CliRunner().invoke(cli, ["interview", *args], input=input)


def _result(output: str) -> str:
    """The result screen, from its heading to the commands it offers."""
    return output[output.index("Result:"):output.index("Type `more`")]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_resume_continues_and_ends_as_an_uninterrupted_interview(tmp_path, suffix):
    whole = invoke(input="\n".join(FIRST + REST) + "\n")
    assert whole.exit_code == 0, whole.output
    saved = tmp_path / f"me{suffix}"
    first = invoke("--save", str(saved), input="\n".join(FIRST) + "\n")
    assert first.exit_code == 0 and saved.is_file(), first.output
    resumed = invoke("--resume", str(saved), input="\n".join(REST) + "\n")
    assert resumed.exit_code == 0, resumed.output
    if suffix == ".yaml":  # the state line: the very same questions, the rest only, numbered on
        assert asked(first.output)[:-1] + asked(resumed.output) == asked(whole.output)
        numbers = [int(n) for n in re.findall(r"^Q(\d+) ", resumed.output, re.M)]
        assert numbers[0] == len(asked(first.output))  # the question left unanswered, under its number
        assert _result(resumed.output) == _result(whole.output)
    else:  # no state in JSON: the facts as evaluate reads them, what they leave unknown asked again
        assert "Resuming the interview" in resumed.output
        assert "Result:" in resumed.output
    assert "Traceback" not in resumed.output


def test_resume_saves_back_to_the_file_it_continued(tmp_path):
    saved = tmp_path / "me.yaml"
    invoke("--save", str(saved), input="none\ncramps\n")
    invoke("--resume", str(saved), input="3 weeks\n")
    facts = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert facts["duration_days"] == 21 and facts["symptoms"] == ["cramps"]
    state = next(line for line in saved.read_text(encoding="utf-8").splitlines() if line.startswith(STATE_MARK))
    assert json.loads(state[len(STATE_MARK):])["asked"][:3] == ["red_flags", "symptoms", "duration_days"]


def test_resume_keeps_answers_that_are_not_facts(tmp_path):
    # Red flags not answered and a symptom said: the symptom is held back from the
    # file's `symptoms` (it would rule the red flags out) but kept for the resume.
    saved = tmp_path / "me.yaml"
    invoke("--save", str(saved), input="\ncramps\n")
    assert "symptoms" not in (yaml.safe_load(saved.read_text(encoding="utf-8")) or {})
    resumed = invoke("--resume", str(saved), input="none\n")
    assert asked(resumed.output)[0] == "red_flags"  # asked again, as it would have been
    assert "symptoms" not in asked(resumed.output)
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["symptoms"] == ["cramps"]


@pytest.mark.parametrize(("name", "content", "says"), [
    ("missing.yaml", None, "missing.yaml"),
    ("notes.txt", "hello", "expected a file saved by `sorewhy interview --save`"),
    ("two.yaml", "- {age: 30}\n- {age: 40}\n", "holds 2 profiles"),
    ("bad.yaml", "age: 300\n", "age"),
    ("broken.yaml", "{age: [\n", "two.yaml" if False else "broken.yaml"),
    ("state.yaml", STATE_MARK + "{not json\nage: 30\n", "state line cannot be read"),
])
def test_resume_bad_or_missing_file_is_one_line_and_exit_2(tmp_path, name, content, says):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = CliRunner().invoke(cli, ["interview", "--resume", str(path)], input="")
    assert done.exit_code == 2, done.output
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sorewhy: --resume"), done.stderr
    assert says in lines[0]
    assert "Traceback" not in done.output and "Q1" not in done.stdout


def test_resume_on_the_urgent_path_keeps_its_count(tmp_path):
    saved = tmp_path / "me.yaml"
    first = invoke("--save", str(saved), input="chest_pain\n\n")  # one question after the banner, then the end
    before = asked(first.output[first.output.index("SEEK MEDICAL CARE NOW"):])
    resumed = invoke("--resume", str(saved), input="\n" * 10)
    assert resumed.exit_code == 0, resumed.output
    assert resumed.output.count("SEEK MEDICAL CARE NOW") == 1
    after = asked(resumed.output)
    # the question left on screen is put again; the three announced are never exceeded
    assert len(before) - 1 + len(after) <= URGENT_EXTRA, (before, after)
    assert "Result:" in resumed.output and "(urgent)" in resumed.output
