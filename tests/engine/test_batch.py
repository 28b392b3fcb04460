"""Batch evaluation: reports in input order, identical profiles evaluated once
with the right ids, worker processes giving byte-identical output, bad
profiles and unreadable files accounted for, bounded memory, and a quiet stop."""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import profile_generator as _generator

from sorewhy.engine import batch
from sorewhy.engine.api import default_evaluator
from sorewhy.engine.batch import BatchStats, evaluate_paths, profile_key
from sorewhy.engine.loaders import read_profiles
from sorewhy.engine.profile import validate_profile

ROOT = Path(__file__).resolve().parents[2]


def _write_jsonl(path: Path, profiles: list) -> str:
    path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    return str(path)


def _reference(paths: list[str]) -> list[str]:
    """The reports one by one, without the batch machinery."""
    ev = default_evaluator()
    out = []
    for path in paths:
        try:
            out += [json.dumps(ev.evaluate_entry(e)) for e in read_profiles(path)]
        except Exception:  # an unreadable file yields nothing
            pass
    return out


def _batch(paths: list[str], **kwargs) -> tuple[list[str], BatchStats]:
    stats = BatchStats()
    reports = [json.dumps(r) for r in evaluate_paths(paths, stats=stats, **kwargs)]
    return reports, stats


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> list[str]:
    """Random profiles with repeats (other ids, lists reordered), a broken
    profile and a broken line, across three files."""
    folder = tmp_path_factory.mktemp("mixed")
    gen = _generator().ProfileGenerator(seed=77)
    base = [gen.profile(n) for n in range(150)]
    rows = []
    for n, profile in enumerate(base):
        rows.append(profile)
        if n % 3 == 0:
            twin = {k: (list(reversed(v)) if isinstance(v, list) else v) for k, v in profile.items()}
            twin["id"] = f"twin-{n}"
            rows.append(twin)
    rows.insert(10, {"id": "bad-age", "age": 400})
    first = _write_jsonl(folder / "a.jsonl", rows[:120])
    with open(first, "a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    second = _write_jsonl(folder / "b.jsonl", rows[120:])
    third = folder / "c.yaml"
    third.write_text("- {id: y1, symptoms: [cramps], timing: [night]}\n- {id: y2, symptoms: [cramps], "
                     "timing: [night]}\n", encoding="utf-8")
    return [first, second, str(third)]


def test_batch_reports_in_input_order(mixed):
    reports, stats = _batch(mixed)
    assert reports == _reference(mixed)
    ids = [json.loads(r)["id"] for r in reports]
    assert ids[:3] == ["p0", "twin-0", "p1"]
    assert ids[-2:] == ["y1", "y2"]
    assert stats.profiles == len(reports)


def test_batch_dedup_gives_identical_reports_with_the_right_ids(mixed):
    with_reuse, stats = _batch(mixed)
    without, plain = _batch(mixed, cache_size=0)
    assert with_reuse == without
    assert plain.reused == 0
    assert stats.reused >= 50 + 1  # every twin, and y2
    assert stats.evaluated + stats.reused + stats.errors == stats.profiles
    twin = next(json.loads(r) for r in with_reuse if json.loads(r)["id"] == "twin-3")
    original = next(json.loads(r) for r in with_reuse if json.loads(r)["id"] == "p3")
    assert {**twin, "id": "p3"} == {**original, "unrecognised_medications": twin["unrecognised_medications"]}


def test_batch_dedup_keeps_each_profiles_order_of_unrecognised_medications(tmp_path):
    path = _write_jsonl(tmp_path / "meds.jsonl", [
        {"id": "a", "medications": ["herbal tea", "omeprazole", "zz-unlisted"]},
        {"id": "b", "medications": ["zz-unlisted", "omeprazole", "herbal tea"]},
    ])
    reports, stats = _batch([path])
    assert stats.reused == 1
    assert [json.loads(r)["unrecognised_medications"] for r in reports] == [
        ["herbal tea", "zz-unlisted"], ["zz-unlisted", "herbal tea"]]
    assert reports == _reference([path])


def test_profile_key_ignores_id_and_list_order_but_not_facts():
    one = validate_profile({"id": "a", "symptoms": ["cramps", "fatigue"], "labs": {"ferritin_ng_ml": 20}}, "x", "y")
    two = validate_profile({"id": "b", "symptoms": ["fatigue", "cramps"], "labs": {"ferritin_ng_ml": 20}}, "x", "y")
    other = validate_profile({"symptoms": ["fatigue", "cramps"], "labs": {"ferritin_ng_ml": 21}}, "x", "y")
    more = validate_profile({"symptoms": ["fatigue", "cramps"], "labs": {"ferritin_ng_ml": 20}, "age": 30}, "x", "y")
    assert profile_key(one) == profile_key(two)
    assert len({profile_key(one), profile_key(other), profile_key(more)}) == 3


def test_batch_small_cache_still_gives_identical_reports(mixed):
    assert _batch(mixed, cache_size=1)[0] == _batch(mixed, cache_size=0)[0]


def test_lru_drops_the_least_recently_used():
    lru = batch._LRU(2)
    lru.put("a", {"id": "a"})
    lru.put("b", {"id": "b"})
    assert lru.get("a") is not None
    lru.put("c", {"id": "c"})
    assert lru.get("b") is None and lru.get("a") is not None and lru.get("c") is not None
    assert len(lru.data) == 2


@pytest.mark.parametrize("cache_size", [batch.DEFAULT_CACHE_SIZE, 0])
def test_batch_jobs_2_byte_identical_to_jobs_1(mixed, cache_size):
    one, stats_one = _batch(mixed, jobs=1, cache_size=cache_size)
    two, stats_two = _batch(mixed, jobs=2, cache_size=cache_size, chunk_size=8)
    assert two == one
    assert stats_two == stats_one
    assert multiprocessing.active_children() == []


def test_batch_jobs_2_on_random_profiles(tmp_path):
    gen = _generator().ProfileGenerator(seed=99)
    path = _write_jsonl(tmp_path / "r.jsonl", [gen.profile(n) for n in range(400)])
    assert _batch([path], jobs=2)[0] == _batch([path], jobs=1, cache_size=0)[0]


def test_batch_accounts_for_a_bad_profile_and_an_unreadable_file(mixed, tmp_path):
    missing = str(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    for jobs in (1, 2):
        stats = BatchStats()
        reports = []
        files_seen_at: list[int] = []
        for report in evaluate_paths([mixed[0], missing, str(broken), mixed[2]], jobs=jobs, stats=stats):
            files_seen_at.append(len(stats.file_errors))
            reports.append(report)
        errors = [r for r in reports if r["error"]]
        assert len(errors) == 2 == stats.errors
        assert any("age" in r["error"] and "bad-age" in r["error"] for r in errors)
        assert any(r["id"].endswith(":121") or "line 121" in r["error"] for r in errors)
        assert all(r["findings"] == [] and r["fired"] == [] for r in errors)
        assert [e.source for e in stats.file_errors] == [missing, str(broken)]
        # the file errors are recorded between the first file's reports and the third's
        n_first = sum(1 for r in reports if not r["id"].startswith("y"))
        assert files_seen_at[n_first - 1] == 0 and files_seen_at[n_first] == 2
        assert stats.profiles == len(reports) == n_first + 2
        assert sum(stats.levels.values()) == stats.profiles - stats.errors


def _counting_reader(real, counter):
    """open_raw, counting the records this process reads."""
    def reader(path, stdin=None, **options):
        raw = real(path, stdin=stdin, **options)

        def counted(records):
            for record in records:
                counter[0] += 1
                yield record
        raw.records = counted(raw.records)
        return raw
    return reader


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_streams_with_bounded_read_ahead(tmp_path, monkeypatch, jobs):
    gen = _generator().ProfileGenerator(seed=4)
    total = 3000
    path = _write_jsonl(tmp_path / "long.jsonl", [gen.profile(n % 40) | {"id": f"r{n}"} for n in range(total)])
    read = [0]
    monkeypatch.setattr(batch, "open_raw", _counting_reader(batch.open_raw, read))
    ahead = []
    n = 0
    for _ in evaluate_paths([path], jobs=jobs, chunk_size=8):
        n += 1
        ahead.append(read[0] - n)
    assert n == total and read[0] == total
    # at most 2 chunks a worker in flight, and the chunk being read
    bound = (2 * jobs if jobs > 1 else 1) * 8 + 8
    assert max(ahead) <= bound, max(ahead)


def test_batch_close_early_stops_the_workers(mixed):
    gen = evaluate_paths(mixed, jobs=2, chunk_size=4)
    next(gen)
    assert multiprocessing.active_children()
    gen.close()
    assert multiprocessing.active_children() == []


_INTERRUPTED = textwrap.dedent("""
    import sys
    from sorewhy.engine.batch import evaluate_paths
    n = 0
    try:
        for report in evaluate_paths([sys.argv[1]], jobs=2, chunk_size=4):
            n += 1
            if n == 1:
                print("started", flush=True)
    except KeyboardInterrupt:
        print("interrupted", n, flush=True)
        sys.exit(130)
    print("finished", n, flush=True)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_batch_ctrl_c_stops_cleanly_without_worker_tracebacks(tmp_path):
    gen = _generator().ProfileGenerator(seed=8)
    path = _write_jsonl(tmp_path / "many.jsonl", [gen.profile(n) for n in range(8000)])

    def restore_sigint():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setsid()

    proc = subprocess.Popen([sys.executable, "-c", _INTERRUPTED, path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=restore_sigint)
    try:
        assert proc.stdout.readline().strip() == "started"
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, (out, err)
    assert out.startswith("interrupted")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    leftover = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert leftover == []


# --- memory bounded by design (issue 15) --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="measures a child's peak memory with wait4")
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_large_stream_is_evaluated_in_flat_memory(tmp_path, fmt):
    """A 60 MB input peaks at about the memory of a 6 MB one: 54 MB more input
    costs less than 20 MB more memory (streamed). The baseline itself depends
    on the installed libraries, so it is not bounded here; benchmarks/memory.py
    measures 1 GB the same way."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("memory_bench", root / "benchmarks" / "memory.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    peaks = {}
    for size in (6, 60):
        path = tmp_path / f"big{size}.{fmt}"
        rows = bench.generate(fmt, size, path)
        code, _, rss = bench.peak_rss("evaluate", str(path), "--format", "jsonl", "--output", os.devnull)
        assert code == 0, (size, code)
        assert rows > 900 * size // 6
        peaks[size] = rss
        path.unlink()
    assert peaks[60] - peaks[6] < 20 << 20, {k: v >> 20 for k, v in peaks.items()}


# --- the work shared out: text and rows made in the workers (issue 14) ---------------------------


def _text(paths, produce, **kwargs) -> tuple[str, BatchStats]:
    stats = BatchStats()
    blocks = list(evaluate_paths(paths, stats=stats, produce=produce, **kwargs))
    assert all(isinstance(block, batch.Block) for block in blocks)
    sep = ",\n" if produce == "json" else ""
    return sep.join(block.text for block in blocks if block.count), stats


@pytest.mark.parametrize("produce", ["jsonl", "json", "csv"])
def test_batch_text_is_the_same_with_any_jobs_chunks_and_cache(mixed, produce):
    one, stats_one = _text(mixed, produce)
    assert one
    for kwargs in ({"jobs": 2}, {"jobs": 2, "chunk_size": 3, "cache_size": 0}, {"jobs": 1, "chunk_size": 1}):
        two, stats_two = _text(mixed, produce, **kwargs)
        assert two == one, kwargs
        assert stats_two == stats_one
    assert multiprocessing.active_children() == []


def test_batch_jsonl_and_json_text_are_json_dumps_of_the_reports(mixed):
    reports = list(evaluate_paths(mixed, cache_size=0))
    lines, _ = _text(mixed, "jsonl", jobs=2)
    assert lines == "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in reports)
    array, _ = _text(mixed, "json", jobs=2)
    assert "[\n" + array + "\n]\n" == json.dumps(reports, indent=2, ensure_ascii=False) + "\n"


def test_batch_block_says_each_profiles_error_and_the_levels(mixed):
    stats = BatchStats()
    blocks = list(evaluate_paths(mixed, jobs=2, stats=stats, produce="jsonl", chunk_size=5))
    errors = [message for block in blocks for message in block.errors]
    assert len(errors) == stats.errors == 2 and any("bad-age" in e for e in errors)
    assert sum(block.count for block in blocks) == stats.profiles == sum(stats.levels.values()) + 2
    assert stats.evaluated + stats.reused + stats.errors == stats.profiles


def test_batch_with_workers_parses_and_validates_streamed_files_in_the_workers(mixed, monkeypatch):
    from sorewhy.engine import loaders

    here = []  # appended to in this process only (a worker has its own copy)
    real = loaders._validated
    monkeypatch.setattr(loaders, "_validated", lambda *a, **k: here.append(1) or real(*a, **k))
    streamed = [p for p in mixed if p.endswith((".jsonl", ".csv"))]
    assert streamed
    out = list(evaluate_paths(streamed, jobs=2, produce="jsonl"))
    assert out and here == []
    list(evaluate_paths(streamed, jobs=1, produce="jsonl"))
    assert here  # with one process it is all done here


def test_batch_file_with_only_blank_records_is_a_file_error_with_workers(tmp_path):
    blank_jsonl = tmp_path / "blank.jsonl"
    blank_jsonl.write_text("\n  \n\n", encoding="utf-8")
    blank_csv = tmp_path / "blank.csv"
    blank_csv.write_text("id,age\n,\n , \n", encoding="utf-8")
    for jobs in (1, 2):
        stats = BatchStats()
        assert list(evaluate_paths([str(blank_jsonl), str(blank_csv)], jobs=jobs, stats=stats)) == []
        assert [str(e) for e in stats.file_errors] == [
            f"{blank_jsonl}: no profiles in file (only blank lines or a header)",
            f"{blank_csv}: no profiles in file (only blank lines or a header)"]


def test_batch_error_entries_of_a_whole_document_reach_the_workers_intact(tmp_path):
    import pickle

    from sorewhy.errors import InputError, ProfileError

    err = ProfileError("f.json", "profile 2", "age", "expected a whole number")
    assert str(pickle.loads(pickle.dumps(err))) == str(err)
    assert str(pickle.loads(pickle.dumps(InputError("f.json", "no such file")))) == "f.json: no such file"
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"id": "a"}, {"id": "b", "age": 400}, {"id": "c", "sex": "?"}]), encoding="utf-8")
    assert _batch([str(path)], jobs=2, chunk_size=1)[0] == _batch([str(path)])[0]


@pytest.mark.slow
def test_survey_benchmark_byte_checks_pass(tmp_path):
    """benchmarks/survey.py runs end to end and its byte-identity checks pass
    (its timings are printed, never asserted)."""
    out = tmp_path / "survey.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "survey.py"), "--baseline", "HEAD", "-n", "120",
                           "--rounds", "1", "--rows", "200", "--sample", "40", "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["byte_checks"] and all(figures["byte_checks"].values())
    assert set(figures["rates_per_s"]) == {"jsonl_this", "jsonl_baseline", "csv_this", "jobs_2", "two_processes"}
    assert "PASS" in done.stdout


def test_batch_csv_with_repeated_rows_same_with_workers(tmp_path):
    gen = _generator()
    path = tmp_path / "survey.csv"
    gen.write_csv(str(path), gen.survey_rows(300, 40, seed=9))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("r-bad,400\n")  # an age out of range, in a row otherwise seen before
    paths = [str(path), str(ROOT / "examples" / "survey.csv"), str(path)]
    expected = _reference(paths)
    assert _batch(paths)[0] == expected
    assert _batch(paths, jobs=2, chunk_size=5)[0] == expected
    text, _ = _text(paths, "csv", jobs=2, chunk_size=7)
    assert text == _text(paths, "csv", cache_size=0)[0]


# --- what this process does with --jobs: bytes in, bytes out, few round trips (issue 14) ---------


def test_batch_block_text_is_utf8_bytes_made_in_the_worker(mixed):
    # The parent writes a block's bytes as they are: they must be the UTF-8
    # of the very text a block gave before (its `text` decodes them).
    for jobs in (1, 2):
        blocks = [b for b in evaluate_paths(mixed, jobs=jobs, produce="jsonl") if b.count]
        assert blocks and all(isinstance(b.data, bytes) for b in blocks)
        assert all(b.text == b.data.decode("utf-8") for b in blocks)
    one = "".join(report_line for report_line in _jsonl_lines(mixed))
    assert "".join(b.text for b in blocks) == one


def _jsonl_lines(paths):
    from sorewhy.engine.report_json import report_line

    return [report_line(report) + "\n" for report in evaluate_paths(paths)]


def test_batch_text_that_is_not_strict_utf8_stays_text():
    assert batch._utf8("caf\u00e9 \u4e2d") == "caf\u00e9 \u4e2d".encode()
    assert batch._utf8("bad \udc80") == "bad \udc80"  # a lone surrogate: the stream decides, as before
    assert batch.Block(data="bad \udc80").text == "bad \udc80"


def test_batch_pool_chunks_start_small_and_grow_to_the_pool_chunk_size():
    def sizes(backend, chunk_size=None):
        run = batch._Batch(backend, BatchStats(), chunk_size)
        out = []
        for _ in range(10):
            out.append(run.limit())
            run.submitted += 1
        return out

    pool = batch._Pool(2, "jsonl", False, 0)  # no worker is started until a chunk is
    assert sizes(pool) == [4, 8, 16, 32, 64, 128, 256, 256, 256, 256]
    assert batch.POOL_CHUNK_SIZE == 256
    assert sizes(pool, 8) == [4, 8, 8, 8, 8, 8, 8, 8, 8, 8]
    assert sizes(batch._Inline("jsonl", False, 0)) == [batch.DEFAULT_CHUNK_SIZE] * 10
    assert pool.executor is None


def test_batch_jobs_2_with_grown_chunks_byte_identical_to_jobs_1(tmp_path):
    # Enough profiles for chunks of the full pool size, some repeated, some broken.
    gen = _generator().ProfileGenerator(seed=11)
    profiles = [gen.profile(n % 700) | {"id": f"g{n}"} for n in range(1500)]
    path = tmp_path / "grown.jsonl"
    lines = [json.dumps(p, ensure_ascii=False) for p in profiles]
    lines[300] = "{oops"
    lines[900] = json.dumps({"id": "caf\u00e9 \u4e2d", "age": 400})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for produce in ("jsonl", "json", "csv"):
        one, stats_one = _text([str(path)], produce)
        two, stats_two = _text([str(path)], produce, jobs=2)
        assert two == one, produce
        assert (stats_two.profiles, stats_two.errors, stats_two.levels) == (1500, 2, stats_one.levels)


def test_keeping_freed_memory_is_safe_to_ask_for_anywhere_and_twice(mixed):
    # It only tunes the allocator (glibc) and is done again in every worker;
    # the reports stay those of one process.
    batch._keep_freed_memory()
    batch._keep_freed_memory()
    assert batch.KEEP_FREED_BYTES == 16 << 20
    assert _text(mixed, "jsonl", jobs=2)[0] == _text(mixed, "jsonl")[0]
