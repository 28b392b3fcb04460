"""The command line over messy real files: nothing lost, nothing half-written,
no traceback, a documented exit code.

- A batch of thousands of generated profiles with a few percent broken, over
  CSV, JSON Lines, JSON and YAML files, comes out with every record accounted
  for: one report per profile read, in input order, the broken ones (and only
  they) carrying `error`, exit code 1.
- A file that cannot be read is named and the other files are still evaluated.
- `--output FILE` is replaced only by a complete run: an interrupted run leaves
  the old file and no temporary file behind.
- The interview survives the end of input, Ctrl-C and nonsense answers at
  every question, and what `--save` writes is always accepted by `evaluate`.
- Every output format carries the not-medical-advice notice, and a red flag
  gives `urgent` in `evaluate`, `trace` and the interview.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import sorewhy.cli.session as iv
from sorewhy.cli.main import cli
from sorewhy.engine.loaders import read_profiles
from sorewhy.engine.profile import FACT_KEYS, LAB_KEYS, LIST_KEYS, MAX_LIST, enum_values, field_bounds
from sorewhy.engine.questions import load_questions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "safety"))
from strategies import RED_FLAGS, examples  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTICE_WORDS = "not medical advice"
TIMEOUT = 600


def sorewhy(*args: str, input: bytes | None = None, timeout: float = TIMEOUT,
            hash_seed: str = "0") -> subprocess.CompletedProcess:
    """`python -m sorewhy ARGS` in a fresh interpreter, as a user runs it."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    env.pop("SOREWHY_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "sorewhy", *args], input=input, capture_output=True,
                          timeout=timeout, env=env, cwd=ROOT)


def assert_clean_stderr(stderr: bytes | str) -> None:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    assert "internal error" not in text, text


# --- a generated survey ------------------------------------------------------------------

_BOOL_KEYS = [k for k in FACT_KEYS if not enum_values(k) and field_bounds(k) is None and k not in LIST_KEYS]


def _valid_profile(rng: random.Random, n: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f"p{n:05d}"}
    for key in rng.sample(FACT_KEYS, rng.randint(0, 12)):
        values = enum_values(key)
        bounds = field_bounds(key)
        if key == "medications":
            out[key] = rng.sample(["omeprazole", "furosemide", "atorvastatin", "metformin", "new pill"],
                                  rng.randint(0, 2))
        elif key in LIST_KEYS:
            out[key] = rng.sample(values, rng.randint(1, min(3, len(values))))
        elif values:
            out[key] = rng.choice(values)
        elif bounds is not None:
            lo, hi, integer = bounds
            out[key] = rng.randint(int(lo), min(int(hi), 90)) if integer else round(rng.uniform(lo, hi), 1)
        elif key in _BOOL_KEYS:
            out[key] = rng.random() < 0.5
    if rng.random() < 0.3:
        lab = rng.choice(LAB_KEYS)
        lo, hi, _ = field_bounds(f"labs.{lab}")  # type: ignore[misc]
        out["labs"] = {lab: round(rng.uniform(lo, lo + (hi - lo) / 4), 2)}  # inside the plausible limits
    return out


def _break(rng: random.Random, profile: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A broken copy of `profile`, and the key its error must name."""
    how = rng.randrange(6)
    if how == 0:
        return {**profile, "age": rng.choice([130, -4, 10**6])}, "age"
    if how == 1:
        return {**profile, "sex": rng.choice(["Femmale", "x", "unknown"])}, "sex"
    if how == 2:
        return {**profile, "favourite_colour": "blue"}, "favourite_colour"
    if how == 3:
        return {**profile, "exercise_hours": rng.choice(["two", "nan", "1e9"])}, "exercise_hours"
    if how == 4:
        return {**profile, "symptoms": ["cramps"] * (MAX_LIST + rng.randint(1, 500))}, "symptoms"
    return {**profile, "labs": {"ferritin_ng_ml": rng.choice(["low", "-1", "inf"])}}, "labs.ferritin_ng_ml"


def _typed_for(fmt: str, profile: dict[str, Any]) -> dict[str, Any]:
    """JSON and YAML carry numbers as numbers: a broken number given as text
    in the generator ("nan", "1e9", "-1") becomes that number there."""
    if fmt == "csv":
        return profile
    out = dict(profile)
    if isinstance(out.get("exercise_hours"), str) and out["exercise_hours"] != "two":
        out["exercise_hours"] = float(out["exercise_hours"])
    labs = out.get("labs")
    if isinstance(labs, dict) and isinstance(labs.get("ferritin_ng_ml"), str) and labs["ferritin_ng_ml"] != "low":
        out["labs"] = {"ferritin_ng_ml": float(labs["ferritin_ng_ml"])}
    return out


def _write(path: Path, fmt: str, profiles: list[dict[str, Any]]) -> None:
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps({"profiles": profiles}), encoding="utf-8")
    elif fmt == "yaml":
        path.write_text(yaml.safe_dump(profiles), encoding="utf-8")
    else:
        columns: list[str] = []
        rows = []
        for p in profiles:
            flat = {k: v for k, v in p.items() if k != "labs"}
            flat.update({f"labs.{k}": v for k, v in (p.get("labs") or {}).items()})
            columns += [k for k in flat if k not in columns]
            rows.append(flat)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for flat in rows:
            writer.writerow([_cell(flat.get(c)) for c in columns])
        path.write_text(out.getvalue(), encoding="utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def make_survey(folder: Path, sizes: dict[str, int], broken_share: float, seed: int
                ) -> tuple[list[str], list[tuple[str, str | None]]]:
    """Files of generated profiles; returns the paths and, in input order,
    (id, the key a broken record's error names or None)."""
    rng = random.Random(seed)
    paths, expected = [], []
    n = 0
    for fmt, size in sizes.items():
        profiles = []
        for _ in range(size):
            n += 1
            profile = _valid_profile(rng, n)
            key = None
            if rng.random() < broken_share:
                profile, key = _break(rng, profile)
            profiles.append(_typed_for(fmt, profile))
            expected.append((profile["id"], key))
        path = folder / f"survey-{fmt}.{fmt}"
        _write(path, fmt, profiles)
        paths.append(str(path))
    return paths, expected


def _reports(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_batch_of_thousands_with_broken_records_accounts_for_every_record(tmp_path):
    sizes = {"csv": 1400, "jsonl": 1000, "json": 500, "yaml": 300}
    paths, expected = make_survey(tmp_path, sizes, broken_share=0.03, seed=20240611)
    broken = sum(1 for _, key in expected if key)
    assert 40 <= broken <= 150, broken  # a few percent
    out = tmp_path / "reports.jsonl"
    proc = sorewhy("evaluate", *paths, "--format", "jsonl", "--jobs", "2", "--output", str(out))
    assert_clean_stderr(proc.stderr)
    assert proc.returncode == 1, proc.stderr.decode()[-2000:]
    reports = _reports(out.read_text(encoding="utf-8"))
    assert len(reports) == len(expected) == sum(sizes.values())
    for report, (pid, key) in zip(reports, expected, strict=True):
        if key is None:
            assert report["id"] == pid
            assert report["error"] is None, report["error"]
            assert report["referral"]["level"] in ("self_care", "see_doctor", "urgent")
        else:
            assert report["error"] is not None, f"{pid}: broken {key} was evaluated"
            assert f"profile '{pid}'" in report["error"] and f"key '{key}'" in report["error"], report["error"]
            assert report["findings"] == []
        assert NOTICE_WORDS in report["notice"].lower()
    summary = proc.stderr.decode().strip().splitlines()[-1]
    assert f"{len(expected)} profiles: {len(expected) - broken} evaluated, {broken} errors" in summary, summary


def test_batch_byte_identical_with_one_job_or_several_and_any_hash_seed(tmp_path):
    paths, expected = make_survey(tmp_path, {"jsonl": 300, "csv": 200}, broken_share=0.05, seed=7)
    one = sorewhy("evaluate", *paths, "--format", "jsonl", hash_seed="1")
    two = sorewhy("evaluate", *paths, "--format", "jsonl", "--jobs", "2", hash_seed="4242")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert len(_reports(one.stdout.decode())) == len(expected)


def test_unreadable_files_are_named_and_the_others_evaluated(tmp_path):
    paths, expected = make_survey(tmp_path, {"csv": 40, "jsonl": 30}, broken_share=0.0, seed=3)
    (tmp_path / "binary.json").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "truncated.json").write_text('[{"age": 3}, {"age": ', encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "utf16.yaml").write_bytes("age: 3\n".encode("utf-16"))
    folder = tmp_path / "folder.json"
    folder.mkdir()
    bad = ["binary.json", "truncated.json", "empty.csv", "utf16.yaml", "missing.jsonl", "folder.json"]
    args = [paths[0], *[str(tmp_path / b) for b in bad[:3]], paths[1], *[str(tmp_path / b) for b in bad[3:]]]
    proc = sorewhy("evaluate", *args, "--format", "jsonl")
    assert_clean_stderr(proc.stderr)
    assert proc.returncode == 2
    reports = _reports(proc.stdout.decode())
    assert [r["id"] for r in reports] == [pid for pid, _ in expected]
    assert all(r["error"] is None for r in reports)
    stderr = proc.stderr.decode()
    for name in bad:
        lines = [line for line in stderr.splitlines() if name in line]
        assert len(lines) == 1, (name, stderr)
    assert f"{len(bad)} of {len(args)} files could not be read" in stderr.splitlines()[-1]


@pytest.mark.parametrize(("content", "name"), [
    (b'{"age": ' + b"9" * 5000 + b"}", "bigint.json"),
    (b"age: 2020-13-45\n", "date.yaml"),
    (b'{"id": "\\ud800", "age": 3}\n{"age": 4}\n', "surrogate.jsonl"),
    (b'[{"id": "a\\nb"}, {"age": 4}]', "newline-id.json"),
    (b'age,sex\n1,"male\n2,female\n', "quote.csv"),
    (b"\xef\xbb\xbfage,sex\r\n1,male\r\n", "bom.csv"),
    (b"age: &a [*a]\n", "loop.yaml"),
])
def test_evaluate_messy_input_gives_one_line_per_problem_and_no_traceback(tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    proc = sorewhy("evaluate", str(path), "--format", "json")
    assert_clean_stderr(proc.stderr)
    assert proc.returncode in (0, 1, 2)
    for line in proc.stderr.decode().splitlines():
        assert line.startswith("sorewhy: "), line
    if proc.returncode != 2:
        for report in json.loads(proc.stdout):
            if report["error"] is None:
                assert report["referral"] is not None
            else:
                assert report["findings"] == [] and report["referral"] is None
                assert "\n" not in report["error"]


# --- --output ---------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_output_replaces_the_file_only_when_complete(tmp_path):
    paths, expected = make_survey(tmp_path, {"jsonl": 50}, broken_share=0.1, seed=11)
    out = tmp_path / "out.json"
    out.write_text("OLD", encoding="utf-8")
    proc = sorewhy("evaluate", *paths, "--format", "json", "--output", str(out))
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert len(json.loads(out.read_text(encoding="utf-8"))) == len(expected)
    assert _leftovers(tmp_path) == []


def test_output_interrupted_run_keeps_the_old_file(tmp_path):
    paths, _ = make_survey(tmp_path, {"jsonl": 20000}, broken_share=0.0, seed=5)
    out = tmp_path / "out.jsonl"
    out.write_text("OLD", encoding="utf-8")
    env = dict(os.environ)
    env.pop("SOREWHY_DEBUG", None)
    proc = subprocess.Popen([sys.executable, "-m", "sorewhy", "evaluate", *paths, "--format", "jsonl",
                             "--output", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=env)
    try:
        deadline = time.monotonic() + 120
        while not _leftovers(tmp_path) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.5)  # some reports written to the temporary file
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert_clean_stderr(stderr.replace(b"sorewhy: interrupted", b""))
    assert proc.returncode == 130, stderr
    assert out.read_text(encoding="utf-8") == "OLD"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["missing-dir/out.json", "a-directory", "a-file/out.json"])
def test_output_to_an_impossible_place_is_a_usage_error(tmp_path, where):
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    paths, _ = make_survey(tmp_path, {"json": 3}, broken_share=0.0, seed=1)
    proc = sorewhy("evaluate", *paths, "--output", str(tmp_path / where))
    assert_clean_stderr(proc.stderr)
    assert proc.returncode == 2
    assert len(proc.stderr.decode().strip().splitlines()) == 1, proc.stderr


def test_evaluate_broken_pipe_is_quiet(tmp_path):
    paths, _ = make_survey(tmp_path, {"jsonl": 3000}, broken_share=0.0, seed=9)
    proc = subprocess.run(f'"{sys.executable}" -m sorewhy evaluate "{paths[0]}" --format jsonl | head -n 1',
                          shell=True, capture_output=True, timeout=TIMEOUT, cwd=ROOT)
    assert_clean_stderr(proc.stderr)
    assert len(proc.stdout.splitlines()) == 1


# --- the notice, red flags ------------------------------------------------------------------


@pytest.mark.parametrize(("command", "fmt"), [
    ("evaluate", "table"), ("evaluate", "json"), ("evaluate", "jsonl"), ("evaluate", "markdown"),
    ("trace", "text"), ("trace", "markdown"), ("trace", "json"),
])
def test_every_output_format_carries_the_notice(tmp_path, command, fmt):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"id": "a", "symptoms": ["cramps"], "timing": ["night"]}, {"id": "b"}]),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(path), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert NOTICE_WORDS in result.stdout.lower()


@pytest.mark.parametrize(("command", "fmt"), [
    ("evaluate", "table"), ("evaluate", "json"), ("evaluate", "jsonl"), ("evaluate", "markdown"),
    ("trace", "text"), ("trace", "markdown"), ("trace", "json"),
])
def test_every_output_format_carries_the_notice_even_when_every_profile_is_broken(tmp_path, command, fmt):
    path = tmp_path / "bad.json"
    path.write_text('[{"age": 300}, {"sex": "x"}]', encoding="utf-8")
    result = CliRunner().invoke(cli, [command, str(path), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert NOTICE_WORDS in result.stdout.lower()


@pytest.mark.parametrize(("name", "facts"), RED_FLAGS, ids=[n for n, _ in RED_FLAGS])
def test_red_flag_is_urgent_in_evaluate_and_trace(tmp_path, name, facts):
    reassuring = {"id": "rf", "symptoms": ["soreness"], "timing": ["after_exercise"], "improves_with_rest": True,
                  "exercise_load": "intense", "severity": "mild", "duration_days": 1,
                  "labs": {k: v for k, v in {"magnesium_mg_dl": 2.0, "ferritin_ng_ml": 80.0}.items()}}
    profile = {**reassuring, **facts, "symptoms": reassuring["symptoms"] + facts["symptoms"]}
    path = tmp_path / "rf.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["referral"]["level"] == "urgent", name
    result = runner.invoke(cli, ["trace", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (traced,) = json.loads(result.stdout)
    assert traced["report"]["referral"]["level"] == "urgent"
    assert any(step["rule"].startswith("redflag.") for step in traced["steps"])
    result = runner.invoke(cli, ["trace", str(path), "--format", "text"])
    assert "urgent" in result.stdout


# --- the interview ------------------------------------------------------------------------------

_COMMANDS = ["?", "why", "back", "done", "", "unknown", "help"]
_NONSENSE = st.one_of(
    st.text(max_size=30).filter(lambda t: "\n" not in t and "\r" not in t),
    st.sampled_from(["-1", "1e999", "nan", "999999999999999999999", "1,2,3", "0", "yes no", "why why",
                     "how", "  ", "\t", "∞", "½", "１２", "'; DROP TABLE", "%s%s%n", "\x00", "\x1b[2J"]),
    st.integers(-5, 40).map(str),
    st.sampled_from(_COMMANDS),
)
# Mostly past the red-flag question (a red flag ends the interview at once),
# then anything: the questions that follow depend on the answers.
_ANSWERS = st.tuples(st.one_of(st.just("none"), _NONSENSE), st.lists(_NONSENSE, max_size=40)).map(
    lambda t: [t[0], *t[1]])


def _interview(lines: list[str], save: Path | None) -> Any:
    args = ["interview"] + (["--save", str(save)] if save else [])
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(cli, args, input=text)


def _saved_is_accepted(save: Path) -> None:
    if not save.exists():
        return
    entries = list(read_profiles(str(save)))
    assert [e.error for e in entries] == [None], entries[0].error
    proc = CliRunner().invoke(cli, ["evaluate", str(save), "--format", "json"])
    assert proc.exit_code == 0, proc.output


@examples(40)
@given(lines=_ANSWERS, ext=st.sampled_from([".json", ".yaml"]))
def test_interview_survives_nonsense_and_end_of_input(tmp_path_factory, lines, ext):
    save = tmp_path_factory.mktemp("iv") / f"me{ext}"
    result = _interview(lines, save)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output[-2000:]
    assert "Traceback" not in result.output
    _saved_is_accepted(save)


def test_interview_end_of_input_at_every_question(tmp_path):
    """Answer the first k questions (some sensibly, some not), then end the
    input: for every k the interview leaves cleanly and any saved file is
    accepted by `evaluate`."""
    answers = ["9", "nonsense", "2", "", "1", "why", "3", "yes", "40", "1,2", "no", "?", "unknown", "2", "1",
               "12.5", "back", "1", "2", "no", "yes", "3", "5"]
    for k in range(len(answers) + 1):
        save = tmp_path / f"k{k}.yaml"
        result = _interview(answers[:k], save)
        assert result.exit_code == 0, (k, result.output[-2000:])
        assert result.exception is None or isinstance(result.exception, SystemExit), (k, repr(result.exception))
        _saved_is_accepted(save)


def test_interview_ctrl_c_at_every_question(tmp_path, monkeypatch):
    answers = ["9", "2", "", "1", "3", "yes", "40", "no", "2", "1", "12", "1", "2", "no", "yes"]
    for k in range(len(answers) + 1):
        fed = iter(answers[:k])

        def read(prompt: str, fed=fed) -> str:
            try:
                return next(fed)
            except StopIteration:
                raise KeyboardInterrupt from None

        monkeypatch.setattr(iv, "read_line", read)
        save = tmp_path / f"c{k}.json"
        result = CliRunner().invoke(cli, ["interview", "--save", str(save)])
        assert result.exit_code == 130, (k, result.output[-2000:])
        assert result.exception is None or isinstance(result.exception, SystemExit), (k, repr(result.exception))
        _saved_is_accepted(save)


@pytest.mark.parametrize(("name", "facts"), RED_FLAGS, ids=[n for n, _ in RED_FLAGS])
def test_interview_red_flag_says_seek_care_at_once(tmp_path, name, facts):
    book = load_questions()
    first = next(q for q in book.questions if q.always)
    options = [value for value, _ in first.options()]
    symptom = facts["symptoms"][0]
    assert symptom in options, f"the first question does not ask about {symptom}"
    lines = [str(options.index(symptom) + 1)]
    if facts.get("one_sided"):
        lines += ["yes"] * 3  # the follow-up about the side (and anything after) answered yes
    save = tmp_path / "rf.json"
    result = _interview(lines, save)
    assert result.exit_code == 0, result.output
    after = result.output.split("> " + lines[0], 1)[1]
    before_next_question = after.split("\nQ", 1)[0]
    said = " ".join(before_next_question.lower().split())
    if not facts.get("one_sided"):
        assert "seek medical care now" in said or "seek care now" in said, after[:600]
    assert "seek medical care now" in result.output.lower()
    saved = json.loads(save.read_text(encoding="utf-8"))
    assert symptom in saved["symptoms"]
    proc = CliRunner().invoke(cli, ["evaluate", str(save), "--format", "json"])
    (report,) = json.loads(proc.stdout)
    assert report["referral"]["level"] == "urgent"
