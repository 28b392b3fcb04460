"""Does `sorewhy evaluate` reach issue 14's survey-scale targets? One run, side by side.

    python benchmarks/survey.py                      # against 35c35bb, 16,000 profiles, about 2 minutes
    python benchmarks/survey.py --quick              # fewer profiles and rounds, under a minute
    python benchmarks/survey.py --baseline HEAD~5 -n 5000 --rounds 3 --json survey.json

Every figure is of the command line, each run a new interpreter
(`python -m sorewhy evaluate FILE --format F`, output to /dev/null), on the
same N distinct random profiles (benchmarks/profiles.py, seeded; no two
alike, as in a real survey export). The baseline commit is `git archive`d
into a temporary folder and run from there, as benchmarks/startup.py does.
The runs of the different cases alternate, round after round, so that they
all see the same load; each figure is its best round (these machines are
shared and noisy: quote the ratios, which come from one run).

A rate is profiles per second of one command net of its start-up: N
divided by (wall time on N profiles - wall time on one profile, measured
in the same round); start-up is benchmarks/startup.py's business.

  jsonl          this checkout, `--format jsonl`, against the baseline's
                 `--format jsonl`             target: >= 4x, and >= 5,000/s
  csv            this checkout, `--format csv`, against the baseline's
                 `--format jsonl`             target: >= 10x
  jobs 2         this checkout, `--format jsonl --jobs 2` on N profiles,
                 against two independent processes (`--jobs 1`) on N/2
                 each, started together      target: >= 0.9x
  peak RSS       `--format jsonl` on a survey-like CSV of R, 4R and 16R rows
                 (each row its own id)        target: flat (the largest
                 within 10 MB of the smallest)

and the byte-identity checks, on a sample of the profiles with some broken
and some repeated: `--format jsonl` with --jobs 1, with --jobs 2 and with
SOREWHY_MATCHER=experta (Experta's own matcher) must be byte-identical; the
CSV of `--format csv` must be that of the compact rows of the jsonl
(engine/compact.py's compact_row, written by its CsvRowWriter); and, for
information only (rule changes legitimately change reports), whether the
jsonl equals the baseline's.

It prints a table with PASS or FAIL per target and exits 1 if a byte check
fails; a speed target missed is reported, not an error.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from memory import _MEASURE  # noqa: E402
from profiles import ProfileGenerator, survey_rows, write_csv  # noqa: E402
from startup import this_tree, tree_of  # noqa: E402

DEFAULT_BASELINE = "35c35bb"


def write_jsonl(path: Path, profiles: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in profiles), encoding="utf-8")


def distinct_profiles(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` random profiles, no two with the same facts."""
    gen = ProfileGenerator(seed=seed)
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    n = 0
    while len(out) < count:
        profile = gen.profile(n)
        n += 1
        key = json.dumps({k: v for k, v in profile.items() if k != "id"}, sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(dict(profile, id=f"s{len(out) + 1}"))
    return out


class Runner:
    """Runs `python -m sorewhy` from one tree (a folder holding `sorewhy/`)."""

    def __init__(self, tree: Path, env: dict[str, str]) -> None:
        self.tree = tree
        self.env = dict(env, PYTHONPATH=str(tree))

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "sorewhy", "evaluate", *args]

    def start(self, *args: str, stdout: Any = subprocess.DEVNULL, env: dict[str, str] | None = None) -> Any:
        return subprocess.Popen(self.command(*args), cwd=self.tree, env=env or self.env, stdout=stdout,
                                stderr=subprocess.PIPE)

    def wall(self, *args: str) -> float:
        start = time.perf_counter()
        proc = self.start(*args)
        _, err = proc.communicate()
        elapsed = time.perf_counter() - start
        _check(proc.returncode, args, err)
        return elapsed

    def together(self, runs: list[tuple[str, ...]]) -> float:
        """Wall time of several commands started at once, until the last ends."""
        start = time.perf_counter()
        procs = [self.start(*args) for args in runs]
        for proc, args in zip(procs, runs, strict=True):
            _, err = proc.communicate()
            _check(proc.returncode, args, err)
        return time.perf_counter() - start

    def output(self, *args: str, env: dict[str, str] | None = None) -> bytes:
        proc = self.start(*args, stdout=subprocess.PIPE, env=env)
        out, err = proc.communicate()
        if proc.returncode not in (0, 1):  # 1: some profile had an error, as the sample has
            raise SystemExit(f"survey: {' '.join(args)} exited {proc.returncode}: {err.decode()[-400:]}")
        return out

    def peak_rss(self, *args: str) -> int:
        out = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=self.tree, env=self.env,
                             capture_output=True, text=True, check=True)
        code, rss = out.stdout.split()
        _check(int(code), args, b"")
        return int(rss)


def _unstamped(text: bytes) -> list[Any]:
    """JSON Lines reports without their ``rule_base`` stamp (the hash of the
    rule and knowledge files, which any edit of them changes)."""
    out = []
    for line in text.splitlines():
        report = json.loads(line)
        if isinstance(report, dict):
            report.pop("rule_base", None)
        out.append(report)
    return out


def _check(code: int, args: tuple[str, ...], err: bytes) -> None:
    if code != 0:
        raise SystemExit(f"survey: sorewhy {' '.join(args)} exited {code}: {err.decode(errors='replace')[-400:]}")


def best(values: list[float]) -> float:
    return min(values)


def compacted(jsonl: bytes) -> bytes:
    """The CSV that the compact rows of these reports make (engine/compact.py)."""
    from sorewhy.engine.compact import CsvRowWriter, compact_row

    buffer = io.StringIO()
    writer = CsvRowWriter(buffer)
    for line in jsonl.decode("utf-8").splitlines():
        writer.write(compact_row(json.loads(line)))
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", metavar="REV", default=DEFAULT_BASELINE,
                        help=f"the commit to compare with (default {DEFAULT_BASELINE}, before issue 14's work)")
    parser.add_argument("-n", type=int, default=None, help="distinct profiles timed (default 16000; --quick 1500)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds of every timed case (default 2; --quick 1)")
    parser.add_argument("--rows", type=int, default=None,
                        help="smallest survey CSV for peak RSS, in rows (default 2500; --quick 1000)")
    parser.add_argument("--sample", type=int, default=300, help="profiles of the byte-identity checks (default 300)")
    parser.add_argument("--quick", action="store_true", help="fewer profiles and one round: under a minute")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    # Survey scale: with 4,000 profiles a run lasts about a second, of which
    # the start-up and, with --jobs, the last chunk's worker alone are a
    # large and noisy share; 16,000 keeps both small, as they are in a survey.
    n = args.n or (1500 if args.quick else 16000)
    rounds = args.rounds or (1 if args.quick else 2)
    rows = args.rows or (1000 if args.quick else 2500)

    from sorewhy.engine.compact import COLUMNS  # noqa: F401 - this checkout must import, before any timing

    with tempfile.TemporaryDirectory(prefix="sorewhy-survey-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "SOREWHY_MATCHER")}
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        this = Runner(this_tree(tmp / "current"), env)
        base = Runner(tree_of(args.baseline, tmp / "baseline"), env)

        profiles = distinct_profiles(n, seed=14)
        big, half1, half2, one = tmp / "n.jsonl", tmp / "h1.jsonl", tmp / "h2.jsonl", tmp / "one.jsonl"
        write_jsonl(big, profiles)
        write_jsonl(half1, profiles[: n // 2])
        write_jsonl(half2, profiles[n // 2:])
        write_jsonl(one, profiles[:1])
        for runner in (this, base):
            runner.wall(str(one), "--format", "jsonl")  # warm-up: the bytecode cache

        times: dict[str, list[float]] = {}

        def timed(name: str, seconds: float) -> None:
            times.setdefault(name, []).append(seconds)

        for _ in range(rounds):
            timed("start-up this", this.wall(str(one), "--format", "jsonl"))
            timed("start-up baseline", base.wall(str(one), "--format", "jsonl"))
            timed("jsonl baseline", base.wall(str(big), "--format", "jsonl"))
            timed("jsonl this", this.wall(str(big), "--format", "jsonl"))
            timed("csv this", this.wall(str(big), "--format", "csv"))
            timed("jobs 2", this.wall(str(big), "--format", "jsonl", "--jobs", "2"))
            timed("two processes", this.together([(str(half1), "--format", "jsonl"),
                                                   (str(half2), "--format", "jsonl")]))

        def rate(name: str, start_up: str, count: int = n) -> float:
            return count / max(1e-9, best(times[name]) - best(times[start_up]))

        jsonl_this = rate("jsonl this", "start-up this")
        jsonl_base = rate("jsonl baseline", "start-up baseline")
        csv_this = rate("csv this", "start-up this")
        jobs2 = rate("jobs 2", "start-up this")
        independent = rate("two processes", "start-up this")

        peaks: dict[int, int] = {}
        for count in (rows, 4 * rows, 16 * rows):
            path = tmp / f"survey{count}.csv"
            write_csv(str(path), survey_rows(count, distinct=max(50, rows // 10), seed=5))
            peaks[count] = this.peak_rss("evaluate", str(path), "--format", "jsonl", "--output", os.devnull)
            path.unlink()

        sample = tmp / "sample.jsonl"
        picked = profiles[: args.sample]
        lines = [json.dumps(p, ensure_ascii=False) for p in picked]
        lines[3:3] = [json.dumps(dict(picked[0], id="repeat-1")), "{broken", json.dumps({"id": "old", "age": 300})]
        lines.append(json.dumps(dict(picked[1], id="repeat-2")))
        sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
        one_job = this.output(str(sample), "--format", "jsonl")
        two_jobs = this.output(str(sample), "--format", "jsonl", "--jobs", "2")
        experta = this.output(str(sample), "--format", "jsonl", env=dict(this.env, SOREWHY_MATCHER="experta"))
        csv_text = this.output(str(sample), "--format", "csv")
        baseline_jsonl = base.output(str(sample), "--format", "jsonl")

    checks = {
        "jsonl --jobs 1 == --jobs 2": one_job == two_jobs,
        "jsonl == SOREWHY_MATCHER=experta": one_job == experta,
        "csv == compacted jsonl": csv_text == compacted(one_job),
    }
    targets = [
        ("jsonl rate (this / baseline)", jsonl_this / jsonl_base, 4.0, f"{jsonl_this:,.0f}/s vs {jsonl_base:,.0f}/s"),
        ("jsonl rate, absolute (/s)", jsonl_this, 5000.0, f"{jsonl_this:,.0f}/s"),
        ("csv rate (this csv / baseline jsonl)", csv_this / jsonl_base, 10.0, f"{csv_this:,.0f}/s"),
        ("--jobs 2 / two processes", jobs2 / independent, 0.9, f"{jobs2:,.0f}/s vs {independent:,.0f}/s"),
    ]
    smallest, largest = peaks[min(peaks)], peaks[max(peaks)]
    rss_flat = largest - smallest <= 10 << 20
    print(f"sorewhy evaluate on {n:,} distinct random profiles; baseline {args.baseline}; best of {rounds} "
          f"round{'s' if rounds != 1 else ''}; rates net of start-up")
    print(f"  start-up (one profile): this {best(times['start-up this']) * 1e3:.0f} ms, "
          f"baseline {best(times['start-up baseline']) * 1e3:.0f} ms")
    print(f"  {'target':<40} {'measured':>9} {'needs':>7}  result  ({'detail'})")
    for label, value, needed, detail in targets:
        print(f"  {label:<40} {value:>9.2f} {'>= ' + format(needed, 'g'):>7}  {'PASS' if value >= needed else 'FAIL'}"
              f"    ({detail})")
    shown = ", ".join(f"{count:,} rows {rss >> 20} MB" for count, rss in peaks.items())
    print(f"  {'peak RSS flat in rows (within 10 MB)':<40} {(largest - smallest) / (1 << 20):>8.1f}M {'<= 10M':>7}  "
          f"{'PASS' if rss_flat else 'FAIL'}    ({shown})")
    for label, ok in checks.items():
        print(f"  {'bytes: ' + label:<40} {'':>9} {'':>7}  {'PASS' if ok else 'FAIL'}")
    same_as_baseline = one_job == baseline_jsonl
    same_but_stamp = same_as_baseline or _unstamped(one_job) == _unstamped(baseline_jsonl)
    verdict = "same" if same_as_baseline else "same but the rule_base stamp" if same_but_stamp else "differs"
    print(f"  {'info: jsonl == baseline jsonl':<40} {'':>9} {'':>7}  {verdict}"
          "    (any change to the rule files changes the stamp; a rule change changes reports legitimately)")
    if args.json:
        args.json.write_text(json.dumps({
            "profiles": n, "rounds": rounds, "baseline": args.baseline, "times_s": times,
            "rates_per_s": {"jsonl_this": jsonl_this, "jsonl_baseline": jsonl_base, "csv_this": csv_this,
                            "jobs_2": jobs2, "two_processes": independent},
            "targets": {label: {"value": value, "needs": needed, "pass": value >= needed}
                        for label, value, needed, _ in targets},
            "peak_rss_bytes": {str(k): v for k, v in peaks.items()}, "peak_rss_flat": rss_flat,
            "byte_checks": checks, "same_as_baseline": same_as_baseline,
        }, indent=2) + "\n", encoding="utf-8")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
