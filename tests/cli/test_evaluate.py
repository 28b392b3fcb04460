"""`sorewhy evaluate`: every input format, every output format, --output
written atomically, exit codes, stdin, progress and summary on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import Tty as _Tty

import sorewhy.engine.batch as batch
from sorewhy import NOTICE
from sorewhy.cli.main import cli
from sorewhy.cli.plainwords import headline
from sorewhy.cli.progress import LONG_BATCH, Progress, estimate_profiles

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

GOOD = {"id": "night", "symptoms": ["cramps"], "timing": ["night"], "low_intake": ["nuts_seeds"]}
URGENT = {"id": "chest", "symptoms": ["chest_pain", "soreness"]}
BAD = {"id": "too-old", "age": 400}


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, ["evaluate", *args], input=input)


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "two.json"
    path.write_text(json.dumps([GOOD, URGENT]), encoding="utf-8")
    return path


@pytest.fixture
def with_error(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([GOOD, BAD, URGENT]), encoding="utf-8")
    return path


def _json(result) -> list[dict]:
    return json.loads(result.stdout)


# --- output formats ---------------------------------------------------------------------


def test_evaluate_json_is_an_array_of_reports_in_input_order(facts):
    result = invoke(str(facts), "--format", "json")
    assert result.exit_code == 0, result.stderr
    reports = _json(result)
    assert [r["id"] for r in reports] == ["night", "chest"]
    assert reports[0]["findings"][0]["id"] == "magnesium"
    assert reports[1]["referral"]["level"] == "urgent"
    assert all(r["notice"] == NOTICE and r["error"] is None for r in reports)


def test_evaluate_json_streamed_equals_json_dumps_of_the_list(facts, evaluator):
    result = invoke(str(facts), "--format", "json")
    from sorewhy.engine.api import with_source

    expected = [with_source(evaluator.evaluate(GOOD, "night"), str(facts)),
                with_source(evaluator.evaluate(URGENT, "chest"), str(facts))]
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_evaluate_json_with_no_profile_is_an_empty_array(tmp_path):
    result = invoke(str(tmp_path / "missing.json"), "--format", "json")
    assert result.stdout == "[]\n"
    assert result.exit_code == 2


def test_evaluate_jsonl_is_one_report_a_line(facts):
    result = invoke(str(facts), "--format", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["night", "chest"]


def test_evaluate_table_shows_findings_referral_and_notice(facts):
    result = invoke(str(facts), "--format", "table")
    assert result.exit_code == 0
    out = result.stdout
    night, chest = json.loads(invoke(str(facts), "--format", "json").stdout)
    assert f"night: {headline(night['referral'])}" in out
    assert f"chest: {headline(chest['referral'])}" in out
    assert "Magnesium deficiency" in out
    says = night["findings"][0]["evidence"][0]["says"]
    assert " ".join(says.split()[:4]) in out  # what points to it, in words
    assert "magnesium.night-cramps" not in out and "redflag.chest-pain" not in out  # rule ids: json and trace
    assert out.rstrip().endswith(NOTICE)
    assert "\x1b[" not in out  # no colour when piped


def test_evaluate_table_is_the_default(facts):
    assert invoke(str(facts)).stdout == invoke(str(facts), "--format", "table").stdout


def test_evaluate_table_names_a_profile_error(with_error):
    result = invoke(str(with_error))
    assert "could not be evaluated" in result.stdout and "profile 'too-old'" in result.stdout
    assert "key 'age'" in result.stdout


def test_evaluate_markdown_is_a_report_for_a_doctor(facts, evaluator):
    result = invoke(str(facts), "--format", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# sorewhy report")
    assert out.count(NOTICE) >= 2  # in each profile's section
    assert "## night" in out and "## chest" in out
    report = evaluator.evaluate(GOOD, "night")
    top = report["findings"][0]
    from sorewhy.engine.certainty import in_words
    from sorewhy.knowledge.documents import title_of

    assert f"**{top['label']}**: {in_words(top['certainty'])} certainty, {top['certainty']:.2f}" in out
    source = top["evidence"][0]["sources"][0]
    assert f"*{title_of(source['doc'])}*" in out  # documents by title, not file name
    assert source["doc"] not in out
    assert f"“{source['section']}”: “{source['quote']}”" in out
    urgent = evaluator.evaluate(URGENT, "chest")["referral"]["advice"]
    assert f"**{urgent}" in out  # the urgent sentence, written from its reason (issue 21)
    assert "`redflag.chest-pain`" in out  # rule ids in the appendix
    assert "### Advice" in out
    assert "Ask a doctor first" in out


def test_evaluate_markdown_escapes_text_from_the_facts_file(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"id": "a*b_[c]", "symptoms": ["cramps"]}), encoding="utf-8")
    out = invoke(str(path), "--format", "markdown").stdout
    assert r"## a\*b\_\[c\]" in out


def test_evaluate_every_format_carries_the_notice(facts):
    for fmt in ("table", "markdown"):
        assert NOTICE in invoke(str(facts), "--format", fmt).stdout
    for fmt, parse in (("json", json.loads), ("jsonl", lambda s: [json.loads(x) for x in s.splitlines()])):
        assert all(r["notice"] == NOTICE for r in parse(invoke(str(facts), "--format", fmt).stdout))


def test_evaluate_unknown_format_is_a_usage_error(facts):
    result = invoke(str(facts), "--format", "xml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- input formats ----------------------------------------------------------------------


@pytest.mark.parametrize("name, ids", [
    ("vegan-runner.yaml", ["vegan-runner"]),
    ("cases.json", ["statin-aches", "swollen-calf", "tested-magnesium"]),
    ("survey.csv", ["gym-monday", "night-cramps", "low-sun"]),
    ("runners.jsonl", ["marathon-hot", "sprint-strain", "easy-jogger"]),
    ("desk-worker.toml", ["desk-worker"]),
])
def test_evaluate_reads_every_facts_format(name, ids):
    result = invoke(str(EXAMPLES / name), "--format", "json")
    assert result.exit_code == 0, result.stderr
    reports = _json(result)
    assert [r["id"] for r in reports] == ids
    assert all(r["error"] is None and r["referral"]["level"] for r in reports)


def test_evaluate_many_files_keep_input_order(facts):
    files = [EXAMPLES / "runners.jsonl", facts, EXAMPLES / "desk-worker.toml"]
    result = invoke(*map(str, files), "--format", "jsonl")
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["marathon-hot", "sprint-strain", "easy-jogger", "night", "chest", "desk-worker"]


def test_evaluate_reads_standard_input_as_json():
    result = invoke("-", "--format", "json", input=json.dumps(GOOD))
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in _json(result)] == ["night"]


def test_evaluate_reads_standard_input_as_yaml_between_files(facts):
    result = invoke(str(facts), "-", "--format", "jsonl", input="symptoms: [cramps]\ntiming: [night]\n")
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["night", "chest", "stdin"]
    assert result.exit_code == 0


def test_evaluate_empty_standard_input_is_exit_2():
    result = invoke("-", input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("sorewhy: <stdin>: empty input")


# --- errors and exit codes -------------------------------------------------------------------


def test_evaluate_exit_0_when_every_profile_evaluated(facts):
    result = invoke(str(facts), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.strip() == "sorewhy: 2 profiles: 2 evaluated, 0 errors; referral: 1 urgent, " \
                                    "0 see_doctor, 1 self_care"


def test_evaluate_exit_1_and_batch_goes_on_when_a_profile_fails(with_error):
    result = invoke(str(with_error), "--format", "json")
    assert result.exit_code == 1
    reports = _json(result)
    assert [r["id"] for r in reports][::2] == ["night", "chest"]
    bad = reports[1]
    assert bad["findings"] == [] and bad["referral"] is None
    assert "key 'age'" in bad["error"] and str(with_error) in bad["error"] and "too-old" in bad["error"]
    assert reports[2]["referral"]["level"] == "urgent"
    err = result.stderr.splitlines()
    assert err[0].startswith("sorewhy: ") and "key 'age'" in err[0]
    assert err[-1].startswith("sorewhy: 3 profiles: 2 evaluated, 1 error;")


def test_evaluate_missing_file_among_good_files_is_exit_2_and_the_rest_evaluated(facts, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    result = invoke(str(facts), str(missing), str(EXAMPLES / "desk-worker.toml"), "--format", "jsonl")
    assert result.exit_code == 2
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["night", "chest", "desk-worker"]
    assert f"sorewhy: {missing}: no such file" in result.stderr.splitlines()
    assert "1 of 3 files could not be read" in result.stderr
    assert "Traceback" not in result.output


def test_evaluate_file_errors_win_over_profile_errors(with_error, tmp_path):
    result = invoke(str(with_error), str(tmp_path / "x.json"), "--format", "json")
    assert result.exit_code == 2


@pytest.mark.parametrize("name, content, message", [
    ("notes.txt", "diet: vegan", "unknown file type"),
    ("broken.json", "{\"diet\": ", "invalid JSON"),
    ("empty.yaml", "", "empty file"),
])
def test_evaluate_unreadable_file_is_one_line_and_exit_2(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = invoke(str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"sorewhy: {path}: ") and message in lines[0]
    assert len(lines) == 2  # the error, then the summary
    assert "Traceback" not in result.output


def test_evaluate_directory_is_exit_2(tmp_path):
    folder = tmp_path / "dir.json"
    folder.mkdir()
    result = invoke(str(folder))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_evaluate_needs_a_file():
    result = invoke()
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_evaluate_internal_error_is_one_line_and_exit_3(facts, monkeypatch):
    def broken(paths, **kwargs):
        raise RuntimeError("engine exploded")
        yield  # pragma: no cover

    monkeypatch.setattr(batch, "evaluate_paths", broken)
    result = invoke(str(facts))
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "sorewhy: internal error: RuntimeError: engine exploded (this is a bug in sorewhy; "
        "SOREWHY_DEBUG=1 shows the traceback)"]


def test_evaluate_caps_profile_error_lines_on_stderr(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps({"age": -1}) for _ in range(30)) + "\n", encoding="utf-8")
    result = invoke(str(path), "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 30
    err = result.stderr.splitlines()
    assert sum("key 'age'" in line for line in err) == 20
    assert "more profiles have errors" in err[20]


# --- --jobs --------------------------------------------------------------------------------------


def test_evaluate_passes_jobs_to_the_batch(facts, monkeypatch):
    seen = {}
    real = batch.evaluate_paths

    def spy(paths, **kwargs):
        seen.update(kwargs, paths=list(paths))
        return real(paths, **kwargs)

    monkeypatch.setattr(batch, "evaluate_paths", spy)
    result = invoke(str(facts), "--jobs", "2", "--format", "json")
    assert result.exit_code == 0
    assert seen["jobs"] == 2 and seen["paths"] == [str(facts)]
    assert len(_json(result)) == 2


def test_evaluate_jobs_must_be_positive(facts):
    assert invoke(str(facts), "--jobs", "0").exit_code == 2


# --- --output ------------------------------------------------------------------------------------


def test_evaluate_output_writes_the_file_and_nothing_on_stdout(facts, tmp_path):
    out = tmp_path / "reports.json"
    result = invoke(str(facts), "--format", "json", "--output", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert [r["id"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["night", "chest"]
    assert set(tmp_path.iterdir()) == {facts, out}  # no temporary file left behind


def test_evaluate_output_replaces_an_existing_file_keeping_its_mode(facts, tmp_path):
    out = tmp_path / "reports.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert invoke(str(facts), "--format", "markdown", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# sorewhy report")
    assert out.stat().st_mode & 0o777 == 0o640


def _fail_after_first(exc: BaseException):
    real = batch.evaluate_paths

    def failing(paths, **kwargs):
        for report in real(paths, **kwargs):
            yield report
            raise exc

    return failing


@pytest.mark.parametrize("exc, code", [(RuntimeError("disk on fire"), 3), (KeyboardInterrupt(), 130)])
def test_evaluate_output_good_file_survives_a_failure(facts, tmp_path, monkeypatch, exc, code):
    out = tmp_path / "reports.json"
    good = '[{"id": "the good one"}]\n'
    out.write_text(good, encoding="utf-8")
    monkeypatch.setattr(batch, "evaluate_paths", _fail_after_first(exc))
    result = invoke(str(facts), "--format", "json", "--output", str(out))
    assert result.exit_code == code
    assert out.read_text(encoding="utf-8") == good
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([facts.name, out.name])  # no temp file left
    assert len(result.stderr.splitlines()) == 1


def test_evaluate_output_in_a_missing_directory_fails_before_work(facts, tmp_path, monkeypatch):
    called = []
    monkeypatch.setattr(batch, "evaluate_paths", lambda *a, **k: called.append(1) or iter(()))
    result = invoke(str(facts), "--output", str(tmp_path / "no" / "such" / "out.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith("sorewhy: ") and "no such directory" in result.stderr
    assert not called


def test_evaluate_output_to_a_directory_is_exit_2(facts, tmp_path):
    result = invoke(str(facts), "--output", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


# --- progress and summary -----------------------------------------------------------------------


def test_progress_not_drawn_when_stderr_is_piped(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join(json.dumps({"symptoms": ["cramps"]}) for _ in range(LONG_BATCH + 5)) + "\n")
    result = invoke(str(path), "--format", "jsonl")
    assert "\r" not in result.stderr
    assert len(result.stderr.splitlines()) == 1  # only the summary


def test_progress_drawn_on_a_terminal_for_a_long_batch():
    now = [0.0]
    stream = _Tty()
    progress = Progress(stream, total=LONG_BATCH * 2, clock=lambda: now[0])
    assert progress.enabled
    for done in range(1, 11):
        now[0] += 0.2
        progress.update(done, errors=1)
    text = stream.getvalue()
    assert "\r[" in text and f"10/{LONG_BATCH * 2} profiles, 1 error" in text
    progress.message("sorewhy: a line")
    assert stream.getvalue().endswith("\rsorewhy: a line\n")  # the bar is cleared first
    progress.close()


def test_progress_silent_for_a_short_quick_batch():
    stream = _Tty()
    progress = Progress(stream, total=3, clock=lambda: 0.0)
    for done in range(1, 4):
        progress.update(done)
    progress.close()
    assert stream.getvalue() == ""


def test_progress_counts_when_the_total_is_unknown():
    now = [0.0]
    stream = _Tty()
    progress = Progress(stream, total=None, clock=lambda: now[0])
    now[0] = 5.0
    progress.update(42)
    assert "evaluating: 42 profiles" in stream.getvalue()


def test_estimate_profiles_counts_lines_of_streamed_formats():
    assert estimate_profiles([str(EXAMPLES / "runners.jsonl"), str(EXAMPLES / "survey.csv"),
                              str(EXAMPLES / "vegan-runner.yaml")]) == 3 + 3 + 1
    assert estimate_profiles(["-"]) is None


# --- nothing accepted that changes meaning; one row never ends the batch (issue 15) ----------


def test_evaluate_yaml_merge_key_cannot_hide_a_red_flag(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("<<: {symptoms: [chest_pain]}\nsymptoms: [cramps]\n")
    result = invoke(str(path), "--format", "json")
    assert result.exit_code == 1
    (report,) = _json(result)
    assert "given more than once" in report["error"]
    # The merged copy still names the red flag (#26).
    assert report["referral"]["level"] == "urgent" and report["findings"] == []


def test_evaluate_joined_files_with_two_profiles_keys_is_an_error_not_the_last_list(tmp_path):
    joined = tmp_path / "all.yaml"
    joined.write_text((EXAMPLES / "clinic-day.yaml").read_text() + "profiles:\n  - {id: late}\n")
    result = invoke(str(joined), str(EXAMPLES / "vegan-runner.yaml"), "--format", "json")
    assert result.exit_code == 2
    assert "'profiles' is given more than once" in result.stderr
    assert [r["id"] for r in _json(result)] == ["vegan-runner"]


def test_evaluate_csv_row_with_labs_twice_is_its_error_and_later_files_are_reported(tmp_path):
    csv_path = tmp_path / "l.csv"
    csv_path.write_text("id,labs,labs.magnesium_mg_dl,symptoms\na,,1,chest_pain\nb,x,1,chest_pain\n"
                        "c,,,chest_pain\n")
    out = tmp_path / "out.json"
    result = invoke(str(csv_path), str(EXAMPLES / "vegan-runner.yaml"), "--format", "json", "--output", str(out))
    assert result.exit_code == 1, result.stderr
    reports = json.loads(out.read_text())
    assert [r["id"] for r in reports] == ["a", "b", "c", "vegan-runner"]
    assert reports[1]["error"] and reports[2]["referral"]["level"] == "urgent"
    assert "internal error" not in result.stderr


def test_evaluate_internal_error_in_one_profile_is_that_profiles_error(tmp_path, monkeypatch):
    from sorewhy.engine.api import Evaluator

    real = Evaluator.run

    def flaky(self, profile, profile_id, **kwargs):
        if profile_id == "b":
            raise TypeError("simulated bug")
        return real(self, profile, profile_id, **kwargs)

    monkeypatch.setattr(Evaluator, "run", flaky)
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "age": 3}\n{"id": "c", "symptoms": ["chest_pain"]}\n')
    result = invoke(str(path), "--format", "json")
    assert result.exit_code == 1
    reports = _json(result)
    assert [r["id"] for r in reports] == ["a", "b", "c"]
    assert "internal error while evaluating this profile: TypeError: simulated bug" in reports[1]["error"]
    assert reports[2]["referral"]["level"] == "urgent"


@pytest.mark.parametrize("names, says", [
    (["pill"] * 100_000, "at most 64 items"),
    (["x" * 100_000], "at most 100 characters"),
    (["furosemide\x1b[31m"], "control characters"),
    (["furo\u202esemide"], "invisible formatting"),
    (["   "], "visible character"),
])
def test_evaluate_hostile_medication_names_are_one_clear_error(tmp_path, names, says):
    path = tmp_path / "meds.json"
    path.write_text(json.dumps([{"id": "m", "medications": names}, URGENT]))
    result = invoke(str(path), "--format", "json")
    assert result.exit_code == 1
    reports = _json(result)
    assert says in reports[0]["error"] and "medications" in reports[0]["error"]
    assert len(reports[0]["error"]) < 400 and "\n" not in reports[0]["error"]
    assert reports[1]["referral"]["level"] == "urgent"


@pytest.mark.parametrize("pid", ["a\u202eb", "a\u200bb", "a\u2066b", "   ", "\ufeffa"])
def test_evaluate_id_with_invisible_characters_or_only_spaces_is_an_error(tmp_path, pid):
    path = tmp_path / "ids.json"
    path.write_text(json.dumps([{"id": pid}]))
    result = invoke(str(path), "--format", "json")
    assert result.exit_code == 1
    (report,) = _json(result)
    assert "key 'id'" in report["error"] and report["id"] == "ids:1"
    assert all(ch not in report["error"] for ch in "\u202e\u200b\u2066\ufeff")


def test_evaluate_reports_name_their_source_file_when_ids_collide(tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.yaml"
    one.write_text(json.dumps({"id": "same", "symptoms": ["cramps"]}))
    two.write_text("id: same\nsymptoms: [chest_pain]\n")
    reports = _json(invoke(str(one), str(two), "--format", "json"))
    assert [(r["id"], r["source"]) for r in reports] == [("same", str(one)), ("same", str(two))]
    assert list(reports[0])[:2] == ["id", "source"]
    (piped,) = _json(invoke("-", "--format", "json", input='{"id": "p"}'))
    assert piped["source"] == "<stdin>"


def test_progress_estimate_never_reads_a_fifo_or_device(tmp_path):
    import os

    fifo = tmp_path / "p.jsonl"
    os.mkfifo(fifo)
    zero = tmp_path / "z.jsonl"
    zero.symlink_to("/dev/zero")
    assert estimate_profiles([str(fifo), str(zero)]) == 0  # returns at once: nothing opened


# --- blocks written as UTF-8 bytes (issue 14) ------------------------------------------------------


def _utf8_stream(encoding="utf-8", **kwargs):
    import io

    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding=encoding, **kwargs)


@pytest.mark.parametrize("newline", [None, "\n"])
def test_write_utf8_gives_the_bytes_writing_the_text_gives(newline):
    from sorewhy.cli.output import write_utf8

    text = '{"id": "caf\u00e9 \u4e2d"}\n{"id": "b"}\n'
    by_text, text_stream = _utf8_stream(newline=newline)
    text_stream.write("[\n")
    text_stream.write(text)
    text_stream.write("]\n")
    text_stream.flush()
    by_bytes, stream = _utf8_stream(newline=newline)
    stream.write("[\n")  # text before and after the bytes keeps its place
    write_utf8(stream, text.encode())
    stream.write("]\n")
    stream.flush()
    assert by_bytes.getvalue() == by_text.getvalue()


def test_write_utf8_decodes_for_a_stream_of_another_encoding_or_no_bytes():
    import io

    from sorewhy.cli.output import write_utf8

    raw, latin = _utf8_stream("latin-1")
    write_utf8(latin, "caf\u00e9\n".encode())
    latin.flush()
    assert raw.getvalue() == "caf\u00e9\n".encode("latin-1")
    _raw, strict = _utf8_stream("ascii")
    with pytest.raises(UnicodeEncodeError):  # as stream.write of the text raises
        write_utf8(strict, "caf\u00e9\n".encode())
    plain = io.StringIO()
    write_utf8(plain, "caf\u00e9\n".encode())
    write_utf8(plain, "bad \udc80\n")  # text that is not strict UTF-8 is written as text
    assert plain.getvalue() == "caf\u00e9\nbad \udc80\n"


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_evaluate_jobs_2_output_file_is_that_of_jobs_1(tmp_path, fmt):
    facts = tmp_path / "many.jsonl"
    rows = [{"id": f"p{n}\u00e9", "age": 20 + n % 50, "symptoms": ["cramps"], "timing": ["night"]}
            for n in range(600)]
    facts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{oops\n", encoding="utf-8")
    out = {}
    for jobs in ("1", "2"):
        target = tmp_path / f"out{jobs}.{fmt}"
        result = invoke(str(facts), "--format", fmt, "--jobs", jobs, "--output", str(target))
        assert result.exit_code == 1, result.output
        out[jobs] = target.read_bytes()
        std = invoke(str(facts), "--format", fmt, "--jobs", jobs)
        assert std.stdout_bytes == out[jobs]
    assert out["2"] == out["1"] and out["1"]
