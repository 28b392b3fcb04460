"""What the compact formats cost and save, against JSON Lines, in one run.

    python benchmarks/compact.py                  # 3,000 distinct profiles; 20,000 and 100,000 survey rows
    python benchmarks/compact.py -n 1000 --rows 5000 20000

For each of `--format jsonl`, `csv` and `parquet` (when pyarrow is
installed), `sorewhy evaluate` runs in a child process on:

- N distinct random profiles (a JSON Lines facts file): profiles per second
  of wall time, bytes written per profile;
- survey-like CSV exports of each size in --rows (rows drawn from 300
  distinct profiles): the child's peak RSS, which must not grow with the
  number of rows (streaming; Parquet buffers one row group).

It also checks that the CSV and Parquet rows equal the JSON Lines reports
compacted (the same rows, nothing lost), and times `sorewhy summarize` of the
CSV. Exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from profiles import random_profiles, survey_rows, write_csv  # noqa: E402


def run_child(args: list[str]) -> float:
    """Run `sorewhy ARGS` in a child; its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sorewhy", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"compact: sorewhy {' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-300:]}")
    return elapsed


def peak_rss(args: list[str]) -> int:
    """The peak RSS of one `sorewhy ARGS` child, measured by a probe process that runs only it."""
    probe = ("import resource,subprocess,sys;"
             "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "sorewhy", *args],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=3000, help="distinct profiles for the rates (default 3000)")
    parser.add_argument("--rows", type=int, nargs="+", default=[20_000, 100_000],
                        help="sizes of the survey CSVs for peak memory (default 20000 100000)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    try:
        import pyarrow  # noqa: F401
        formats = ["jsonl", "csv", "parquet"]
    except ImportError:
        formats = ["jsonl", "csv"]
        print("compact: pyarrow is not installed; parquet is left out")
    from sorewhy.engine.compact import compact_row, read_compact_csv

    result: dict = {"distinct": args.n, "formats": {}, "memory": {}}
    ok = True
    with tempfile.TemporaryDirectory(prefix="sorewhy-compact-") as tmp_name:
        tmp = Path(tmp_name)
        facts = tmp / "distinct.jsonl"
        with open(facts, "w", encoding="utf-8") as handle:
            for profile in random_profiles(args.n, seed=14):
                handle.write(json.dumps(profile) + "\n")
        run_child(["evaluate", str(facts), "--format", "jsonl", "--output", str(tmp / "warm.jsonl")])
        outputs = {}
        for fmt in formats:
            out = tmp / f"out.{fmt}"
            elapsed = run_child(["evaluate", str(facts), "--format", fmt, "--output", str(out)])
            outputs[fmt] = out
            size = out.stat().st_size
            result["formats"][fmt] = {"profiles_per_s": args.n / elapsed, "seconds": elapsed,
                                      "bytes_per_profile": size / args.n}
        with open(outputs["jsonl"], encoding="utf-8") as handle:
            expected = [compact_row(json.loads(line)) for line in handle]
        with open(outputs["csv"], encoding="utf-8", newline="") as handle:
            got = list(read_compact_csv(handle, "out.csv"))
        checks = {"csv rows equal the jsonl reports compacted": got == expected}
        if "parquet" in outputs:
            from sorewhy.engine.compact import read_compact_parquet

            checks["parquet rows equal the csv rows"] = list(read_compact_parquet(str(outputs["parquet"]))) == got
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sorewhy", "summarize", str(outputs["csv"]), "--format", "json"],
                       check=True, stdout=subprocess.DEVNULL)
        result["summarize_csv_seconds"] = time.perf_counter() - start
        for rows in args.rows:
            survey = tmp / f"survey-{rows}.csv"
            write_csv(str(survey), survey_rows(rows, 300, seed=14))
            result["memory"][rows] = {}
            for fmt in formats:
                out = tmp / f"survey-{rows}.{fmt}"
                result["memory"][rows][fmt] = peak_rss(["evaluate", str(survey), "--format", fmt, "--output",
                                                        str(out)]) / 2**20
                out.unlink()
        result["checks"] = checks

    base = result["formats"]["jsonl"]
    print(f"sorewhy evaluate, {args.n:,} distinct profiles, one process (start-up included):")
    print(f"  {'format':<8} {'profiles/s':>11} {'vs jsonl':>9} {'bytes/profile':>14} {'vs jsonl':>9}")
    for fmt, fig in result["formats"].items():
        print(f"  {fmt:<8} {fig['profiles_per_s']:11,.0f} {fig['profiles_per_s'] / base['profiles_per_s']:8.2f}x "
              f"{fig['bytes_per_profile']:14,.0f} {base['bytes_per_profile'] / fig['bytes_per_profile']:8.1f}x")
    print(f"sorewhy summarize of that CSV: {result['summarize_csv_seconds']:.2f} s")
    print("peak RSS (MB) of sorewhy evaluate on survey CSVs (300 distinct profiles):")
    print("  " + f"{'rows':>9} " + " ".join(f"{fmt:>8}" for fmt in formats))
    for rows, figs in result["memory"].items():
        print("  " + f"{rows:9,} " + " ".join(f"{figs[fmt]:8.1f}" for fmt in formats))
    for name, passed in result["checks"].items():
        print(f"check: {name}: {'ok' if passed else 'FAILED'}")
        ok = ok and passed
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
