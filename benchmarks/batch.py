"""How fast is batch evaluation, and is every speed-up free of side effects?

    python benchmarks/batch.py                 # everything (several minutes)
    python benchmarks/batch.py --quick         # skip the 1,000,000-row run
    python benchmarks/batch.py -n 500 --repeat 3

Issue 14's survey-scale targets (the command line against a baseline commit,
csv, --jobs 2 against independent processes, peak memory, byte checks) are
measured by benchmarks/survey.py.

Measured in one run, on the same machine, so that the ratios mean something:

  (a)  a new KnowledgeEngine per profile with Experta's own matcher (the
       naive pattern), on a sample of the profiles (it is slow)
  (a2) one engine with Experta's own matcher, reset per profile
  (b)  `evaluate_paths(jobs=1)`, what `sorewhy evaluate` does, on N distinct
       random profiles read from a JSON Lines file
  (c)  the same with --jobs 2 (or --jobs J)
  (c0) J separate processes evaluating a share each, all at once (timed
       from a common start once each has built its engine): what the machine
       allows J workers to gain at that moment (on a shared machine it can
       be far below J)
  (d)  a survey-like CSV: ROWS rows drawn from DISTINCT profiles
  (e)  `sorewhy evaluate big.csv --format jsonl` on 1,000,000 survey-like
       rows, in a child process: wall time and the child's peak RSS
  (f)  start-up: `sorewhy --help` against `python -c "import click"`, what
       `--help` imports, and what `sorewhy rules` costs

Profiles are random but valid, drawn (seeded) from the facts vocabulary by
benchmarks/profiles.py. Every rate is profiles per second of wall time,
building the engine(s) and reading and validating the file included, writing
the reports out not (that is the command line's formatting, measured end to
end in (e)). With
--repeat R the cases run in R rounds, each round running every case once, and
each rate is its best round (use it on a busy machine). Alongside the figures
the script checks that the speed-ups change nothing: the naive pattern's
reports, --jobs 1, --jobs J and the survey with and without reuse of
identical profiles must be byte-identical.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from profiles import ProfileGenerator, survey_rows, write_csv  # noqa: E402


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpus": os.cpu_count(),
        "usable_cpus": usable,
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


class Elapsed(float):
    """Returned by a case that times itself (seconds); `cpu`: the CPU seconds
    it measured, if it did."""

    cpu: float | None = None


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the
    --jobs workers are reaped when a batch ends)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return float("nan")
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def timed(count: int, run: Callable[[], Any]) -> tuple[float, float, Any]:
    """Profiles per second of one run, CPU seconds per profile, and its result."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    if isinstance(result, Elapsed):
        elapsed = float(result)
        cpu = result.cpu if result.cpu is not None else cpu
    return count / elapsed, cpu / count, result


def rounds(cases: dict[str, tuple[int, Callable[[], Any]]], repeat: int) -> dict[str, tuple[float, float, Any]]:
    """Run every case once per round, `repeat` rounds, so that each round
    measures all of them under the same load; keep each case's best round
    (highest rate; with its CPU time per profile)."""
    best: dict[str, tuple[float, float, Any]] = {}
    for n in range(repeat):
        for name, (count, run) in cases.items():
            measured = timed(count, run)
            if name not in best or measured[0] > best[name][0]:
                best[name] = measured
        if repeat > 1:
            print(f"  round {n + 1} of {repeat}: " + ", ".join(f"{k} {v[0]:,.0f}/s" for k, v in best.items()),
                  flush=True)
    return best


def write_jsonl(path: Path, profiles: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for profile in profiles:
            handle.write(json.dumps(profile) + "\n")


def dumps_all(reports: Iterable[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in reports]


# --- the in-process measurements --------------------------------------------------


_TEMPLATE: Any = None


def _template() -> Any:
    """An Evaluator to copy (its unknown-keys analysis is shared), built once,
    outside every timing."""
    global _TEMPLATE
    if _TEMPLATE is None:
        from sorewhy.engine.api import Evaluator

        _TEMPLATE = Evaluator()
    return _TEMPLATE


def naive(path: str, limit: int) -> list[dict[str, Any]]:
    """A new engine per profile, built with Experta's own matcher, otherwise
    evaluated as `evaluate` does."""
    from sorewhy.engine.core import SorewhyEngine
    from sorewhy.engine.loaders import read_profiles

    out = []
    for n, entry in enumerate(read_profiles(path)):
        if n >= limit:
            break
        ev = copy.copy(_template())
        ev.engine = SorewhyEngine()  # a new KnowledgeEngine: Experta builds its network
        out.append(ev.evaluate_entry(entry))
    return out


def experta_reused(path: str, limit: int) -> list[dict[str, Any]]:
    """One engine with Experta's own matcher (built once, in the timing),
    reset per profile."""
    from sorewhy.engine.core import SorewhyEngine
    from sorewhy.engine.loaders import read_profiles

    ev = copy.copy(_template())
    ev.engine = SorewhyEngine()
    out = []
    for n, entry in enumerate(read_profiles(path)):
        if n >= limit:
            break
        out.append(ev.evaluate_entry(entry))
    return out


def batch(paths: list[str], jobs: int, **kwargs: Any) -> list[dict[str, Any]]:
    """`evaluate_paths` as `sorewhy evaluate` runs it in a new process: the
    engine (or each worker's) is built in the timing."""
    from sorewhy.engine import api
    from sorewhy.engine.batch import evaluate_paths

    api._local.__dict__.pop("evaluator", None)
    return list(evaluate_paths(paths, jobs=jobs, **kwargs))


def independent(parts: list[str]) -> Elapsed:
    """The machine's own ceiling for J workers: J separate processes, each
    evaluating its share with --jobs 1, all at once. Each starts, imports and
    builds its engine first; the time runs from a common go to the last end."""
    code = ("import sys, time\nfrom sorewhy.engine.api import default_evaluator\n"
            "from sorewhy.engine.batch import evaluate_paths\n"
            "default_evaluator()\nprint('ready', flush=True)\nsys.stdin.readline()\n"
            "cpu = time.process_time()\n"
            "sum(1 for _ in evaluate_paths([sys.argv[1]]))\n"
            "print(time.process_time() - cpu, flush=True)\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, part], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for part in parts]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            raise SystemExit("an independent evaluation process failed to start")
    start = time.perf_counter()
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    cpu = 0.0
    for proc in procs:
        line = proc.stdout.readline()
        if proc.wait() != 0:
            raise SystemExit("an independent evaluation process failed")
        cpu += float(line)
    elapsed = Elapsed(time.perf_counter() - start)
    elapsed.cpu = cpu
    return elapsed


# --- the child-process measurements --------------------------------------------------


def sorewhy_command() -> list[str]:
    script = Path(sys.executable).with_name("sorewhy")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sorewhy"]


def child_peak(cmd: list[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, int, str]:
    """Run `cmd` in a fresh helper process that reports the wall time and the
    peak RSS (KiB) of its only child, so that no earlier child of this
    process (e.g. --jobs workers) is counted."""
    helper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "dt = time.perf_counter() - t\n"
        "kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "kib = kib // 1024 if sys.platform == 'darwin' else kib\n"
        "print(json.dumps([dt, kib, p.returncode, p.stderr.decode(errors='replace')[-2000:]]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", helper, json.dumps(cmd)], capture_output=True, text=True,
                          check=True)
    dt, kib, code, err = json.loads(proc.stdout)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err}")
    return dt, kib, err


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imported_modules(cmd_args: list[str]) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "sorewhy", *cmd_args],
                          capture_output=True, text=True, check=True)
    names = set()
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", line)
        if match:
            names.add(match.group(1))
    return names


# --- the report ----------------------------------------------------------------------------


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []
        self.checks: list[tuple[str, bool]] = []
        self.data: dict[str, Any] = {}

    def rate(self, key: str, label: str, value: float, note: str = "") -> None:
        self.data[key] = value
        self.rows.append((label, f"{value:,.1f} profiles/s", note))
        print(f"  {label:<52} {value:>12,.1f} profiles/s  {note}", flush=True)

    def line(self, key: str, label: str, value: Any, shown: str, note: str = "") -> None:
        self.data[key] = value
        self.rows.append((label, shown, note))
        print(f"  {label:<52} {shown:>24}  {note}", flush=True)

    def check(self, label: str, ok: bool) -> None:
        self.checks.append((label, ok))
        print(f"  [{'ok' if ok else 'FAILED'}] {label}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("-n", type=int, default=2000, help="distinct profiles for (b) and (c) (default 2000)")
    parser.add_argument("--naive", type=int, default=60,
                        help="profiles for the slow naive pattern (a) and (a2) (default 60)")
    parser.add_argument("--jobs", type=int, default=2, help="workers for (c) (default 2)")
    parser.add_argument("--rows", type=int, default=6000, help="rows of the survey-like batch (d)")
    parser.add_argument("--distinct", type=int, default=300, help="distinct profiles among its rows")
    parser.add_argument("--csv-rows", type=int, default=1_000_000, help="rows streamed through the CLI in (e)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; each rate is its best round (default 1)")
    parser.add_argument("--quick", action="store_true", help="skip (e), the 1,000,000-row run")
    parser.add_argument("--skip-startup", action="store_true", help="skip (f)")
    parser.add_argument("--skip-checks", action="store_true",
                        help="skip the extra runs that only check reports are identical")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    from sorewhy import __version__
    from sorewhy.rules import all_rules

    table = Table()
    info = machine()
    info["rules"] = len(all_rules())
    info["sorewhy"] = __version__
    print(f"machine: {info['cpu_model']}; {info['usable_cpus']} usable of {info['cpus']} CPUs; "
          f"Python {info['python']}; load average {info['load_average']}")
    print(f"rule base: {info['rules']} rules; seed {args.seed}; best of {args.repeat}\n")

    with tempfile.TemporaryDirectory(prefix="sorewhy-bench-") as tmp:
        folder = Path(tmp)
        gen = ProfileGenerator(args.seed)
        distinct = folder / "distinct.jsonl"
        write_jsonl(distinct, (gen.profile(n) for n in range(args.n)))
        parts = [folder / f"part{j}.jsonl" for j in range(args.jobs)]
        for j, part in enumerate(parts):
            write_jsonl(part, (gen.profile(n) for n in range(j, args.n, args.jobs)))
        survey = folder / "survey.csv"
        write_csv(str(survey), survey_rows(args.rows, args.distinct, args.seed))

        from sorewhy.engine.core import SorewhyEngine

        start = time.perf_counter()
        SorewhyEngine()
        build = time.perf_counter() - start
        table.line("engine_build_s", "building one engine (Experta's network)", build, f"{build * 1000:,.0f} ms")

        print("\nthroughput:")
        few = min(args.naive, args.n)
        _template()
        results = rounds({
            "a": (few, lambda: naive(str(distinct), few)),
            "a2": (few, lambda: experta_reused(str(distinct), few)),
            "b": (args.n, lambda: batch([str(distinct)], 1)),
            "c": (args.n, lambda: batch([str(distinct)], args.jobs)),
            "c0": (args.n, lambda: independent([str(p) for p in parts])),
            "d": (args.rows, lambda: batch([str(survey)], 1)),
        }, args.repeat)
        (rate_a, _, naive_out), (rate_a2, _, reused_out) = results["a"], results["a2"]
        (rate_b, cpu_b, one), (rate_c, cpu_c, many) = results["b"], results["c"]
        rate_d, _, surveyed = results["d"]
        rate_c0, cpu_c0 = results["c0"][0], results["c0"][1]
        table.rate("a_naive", f"(a) new engine per profile ({few} profiles)", rate_a)
        table.rate("a2_experta_reset", f"(a2) one engine, Experta's matcher ({few})", rate_a2)
        table.rate("b_jobs1", f"(b) evaluate --jobs 1 ({args.n} distinct)", rate_b,
                   f"{cpu_b * 1000:.2f} ms CPU a profile")
        table.rate("c_jobsN", f"(c) evaluate --jobs {args.jobs}", rate_c,
                   f"{cpu_c * 1000:.2f} ms CPU a profile, all processes")
        table.rate("c0_independent", f"(c0) ceiling: {args.jobs} independent processes at once", rate_c0,
                   f"{cpu_c0 * 1000:.2f} ms CPU a profile; engines built before the clock")
        table.data["c0_cpu_ms"] = cpu_c0 * 1000
        table.rate("d_survey", f"(d) survey-like, {args.rows} rows of {args.distinct} profiles", rate_d)
        table.data["b_cpu_ms"], table.data["c_cpu_ms"] = cpu_b * 1000, cpu_c * 1000

        print("\nratios (same run):")
        ratios = {
            "b_over_a": (rate_b / rate_a, 15.0, "(b)/(a) evaluate --jobs 1 over the naive pattern"),
            "a2_over_a": (rate_a2 / rate_a, None, "(a2)/(a) reusing one engine over the naive pattern"),
            "b_over_a2": (rate_b / rate_a2, None, "(b)/(a2) evaluate over reusing Experta's matcher"),
            "c_over_b": (rate_c / rate_b, 1.5, f"(c)/(b) --jobs {args.jobs} over --jobs 1"),
            "c0_over_b": (rate_c0 / rate_b, None, f"(c0)/(b) what {args.jobs} processes can gain here now"),
            "c_over_c0": (rate_c / rate_c0, None, f"(c)/(c0) --jobs {args.jobs} against that ceiling"),
            "d_over_b": (rate_d / rate_b, 8.0, "(d)/(b) survey-like over distinct profiles"),
        }
        for key, (value, target, label) in ratios.items():
            note = f"target >= {target}" if target else ""
            table.line(key, label, value, f"{value:.2f}x", note)
        if cpu_c == cpu_c and cpu_c0 > 0:  # not NaN (no resource module)
            table.line("c_cpu_over_c0_cpu", f"    CPU a profile, --jobs {args.jobs} over (c0)", cpu_c / cpu_c0,
                       f"{cpu_c / cpu_c0:.2f}x", "what coordinating the workers costs in CPU")

        print("\nsame reports with every speed-up (compared as JSON text):")
        one_text = dumps_all(one)
        table.check(f"naive (a) and evaluate (b): the first {few} reports byte-identical",
                    dumps_all(naive_out) == one_text[:few])
        table.check("(a2) Experta's matcher reused: byte-identical", dumps_all(reused_out) == one_text[:few])
        table.check(f"--jobs {args.jobs} byte-identical to --jobs 1", dumps_all(many) == one_text)
        if not args.skip_checks:
            surveyed_text = dumps_all(surveyed)
            plain = dumps_all(batch([str(survey)], 1, cache_size=0))
            table.check("survey with reuse of identical profiles byte-identical to without", surveyed_text == plain)
            plain_jobs = dumps_all(batch([str(survey)], args.jobs))
            table.check(f"survey with --jobs {args.jobs} byte-identical", plain_jobs == plain)
        start = time.perf_counter()
        dumps_all(one)
        per_report = (time.perf_counter() - start) / len(one)
        table.line("json_us_per_report", "for scale: json.dumps of one report", per_report * 1e6,
                   f"{per_report * 1e6:,.0f} us", "(not in the rates above; in (e))")

        if not args.quick:
            print(f"\nstreaming {args.csv_rows:,} CSV rows through `sorewhy evaluate --format jsonl` "
                  f"({args.distinct} distinct profiles):")
            big = folder / "big.csv"
            start = time.perf_counter()
            write_csv(str(big), survey_rows(args.csv_rows, args.distinct, args.seed + 7))
            size = big.stat().st_size
            print(f"  (wrote {size / 1e6:,.0f} MB in {time.perf_counter() - start:,.0f} s)", flush=True)
            seconds, kib, err = child_peak([*sorewhy_command(), "evaluate", str(big), "--format", "jsonl"])
            table.line("e_seconds", "(e) wall time", seconds, f"{seconds:,.0f} s",
                       f"{args.csv_rows / seconds:,.0f} rows/s, JSON Lines written")
            table.line("e_peak_rss_mb", "(e) peak RSS of the sorewhy process", kib / 1024,
                       f"{kib / 1024:,.0f} MB", "target < 300 MB")
            summary = [line for line in err.splitlines() if "profiles" in line]
            if summary:
                print(f"  {summary[-1].strip()}")
            big.unlink()

    if not args.skip_startup:
        print("\nstart-up (median of 7):")
        cmd = sorewhy_command()
        click_s = wall([sys.executable, "-c", "import click"], 7)
        help_s = wall([*cmd, "--help"], 7)
        rules_s = wall([*cmd, "rules"], 5)
        table.line("f_import_click_s", "python -c 'import click'", click_s, f"{click_s * 1000:,.0f} ms")
        table.line("f_help_s", "sorewhy --help", help_s, f"{help_s * 1000:,.0f} ms",
                   f"target <= {1.5 * (click_s + 0.05) * 1000:,.0f} ms (1.5 x (click + 50 ms))")
        table.line("f_rules_s", "sorewhy rules", rules_s, f"{rules_s * 1000:,.0f} ms")
        help_imports = imported_modules(["--help"])
        heavy = sorted(m for m in help_imports if m.startswith(("sorewhy.engine", "experta", "sorewhy.rules")))
        table.check("sorewhy --help imports neither the engine, the rules nor Experta"
                    + (f" (imports {', '.join(heavy[:5])})" if heavy else ""), not heavy)
        rules_imports = imported_modules(["rules"])
        table.line("f_rules_imports", "sorewhy rules imports", sorted(
            m for m in rules_imports if m in ("experta", "sorewhy.engine.core", "pydantic", "yaml")),
            ", ".join(sorted(m for m in rules_imports
                             if m in ("experta", "sorewhy.engine.core", "pydantic", "yaml"))) or "-")

    info["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"\nload average at the end: {info['load_average_end']}")
    failed = [label for label, ok in table.checks if not ok]
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "figures": table.data,
                                               "checks": dict(table.checks), "args": vars(args)}, indent=2))
    if failed:
        print("\nreports differ: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
