"""Issue #23's speed targets, this checkout beside a baseline checkout, in one run.

    python benchmarks/side_by_side.py --baseline /tmp/base --baseline-python /tmp/base/.venv/bin/python
    python benchmarks/side_by_side.py ... -n 4000 --rounds 3 --runs 10 --json out.json

The baseline is another checkout of sorewhy with its own interpreter (for
example a ``git worktree add --detach /tmp/base REV`` with a venv of its own,
``pip install -e '.[test]'``): each tree runs its own code in its own
interpreter, with its bytecode cached as an installed package has it. The
cases of the two trees alternate, round after round, so that both see the
same load; each figure is its best round (jsonl, interview) or the median of
all runs (one profile), in wall time and in CPU time (of the child process;
the steadier figure on a shared machine, where wall time mostly measures the
other work). The figures:

  jsonl          ``python -m sorewhy evaluate FILE --format jsonl`` (output to
                 /dev/null) on -n distinct random profiles (benchmarks/profiles.py,
                 seeded), net of start-up: N / (wall on N - wall on one profile)
                 target: this >= 1.5x the baseline's rate
  interview      the interview in-process, as ``sorewhy interview`` builds it
                 (cli/session.py's LazyEvaluator, one engine for all cases), on
                 the realistic cases of tests/e2e/interview_patient.py answered
                 by its simulated patient: wall time of every interview to its
                 result / the questions asked
                 target: this <= 1/3 of the baseline's time a question
  one profile    ``python -m sorewhy evaluate examples/vegan-runner.yaml
                 --format json`` in a new interpreter, median wall time of
                 --runs runs          target: under 200 ms, no start-up cache

It prints a table with PASS or MISS per target; the exit status is 0 unless
a command fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

_INTERVIEW = r"""
import json, sys, time
sys.path[:0] = ["tests", "tests/e2e"]
from interview_patient import Patient, realistic_cases
from sorewhy.engine.questions import load_questions
from sorewhy.cli.session import Interview, LazyEvaluator
evaluator = LazyEvaluator().get()
book = load_questions()
cases = realistic_cases()
questions = 0
start, cpu = time.perf_counter(), time.process_time()
for cid, facts in cases.items():
    patient = Patient(facts)
    session = Interview(book, read=patient.read, echo=patient.echo)
    session.engine._evaluator = evaluator
    patient.session = session
    session.ask_all()
    session.evaluate()
    questions += len(patient.asked)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "questions": questions, "cases": len(cases)}))
"""


class Tree:
    def __init__(self, name: str, root: Path, python: str, cache: Path) -> None:
        self.name, self.root, self.python = name, root, python
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH", "SOREWHY_MATCHER")}
        self.env["PYTHONPYCACHEPREFIX"] = str(cache)

    def wall(self, *args: str) -> tuple[float, float]:
        """(wall seconds, CPU seconds of the child) of ``sorewhy evaluate ARGS``."""
        start = time.perf_counter()
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen([self.python, "-m", "sorewhy", "evaluate", *args], cwd=self.root, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode not in (0, 1):
                err.seek(0)
                raise SystemExit(f"{self.name}: sorewhy {' '.join(args)} exited {proc.returncode}: "
                                 f"{err.read().decode(errors='replace')[-500:]}")
        return seconds, usage.ru_utime + usage.ru_stime

    def interview(self) -> dict[str, Any]:
        done = subprocess.run([self.python, "-c", _INTERVIEW], cwd=self.root, env=self.env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{self.name}: interview benchmark failed: {done.stderr[-800:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the baseline checkout")
    parser.add_argument("--baseline-python", required=True, help="the baseline's interpreter")
    parser.add_argument("--python", default=sys.executable, help="this checkout's interpreter (default: this one)")
    parser.add_argument("--this", type=Path, default=ROOT, help="the checkout compared (default: this one)")
    parser.add_argument("-n", type=int, default=4000, help="distinct profiles of the jsonl case (default 4000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the jsonl and interview cases (default 3)")
    parser.add_argument("--runs", type=int, default=10, help="runs of the one-profile case per tree (default 10)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    from profiles import ProfileGenerator

    gen = ProfileGenerator(seed=23)
    profiles = [{"id": f"p{i}", **gen.profile(i)} for i in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        big, one = tmp / "n.jsonl", tmp / "one.jsonl"
        big.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
        one.write_text(json.dumps(profiles[0]) + "\n", encoding="utf-8")
        this = Tree("this", args.this.resolve(), args.python, tmp / "pyc-this")
        base = Tree("baseline", args.baseline.resolve(), args.baseline_python, tmp / "pyc-base")
        example = "examples/vegan-runner.yaml"
        for tree in (this, base):  # warm the bytecode caches
            tree.wall(str(one), "--format", "jsonl")
            tree.wall(example, "--format", "json")
        figures: dict[str, list[float]] = {}
        interviews: dict[str, dict[str, Any]] = {}

        def add(name: str, value: float) -> None:
            figures.setdefault(name, []).append(value)

        for _ in range(args.rounds):
            for tree in (base, this):
                one_wall, one_cpu = tree.wall(str(one), "--format", "jsonl")
                n_wall, n_cpu = tree.wall(str(big), "--format", "jsonl")
                add(f"jsonl wall {tree.name}", args.n / max(n_wall - one_wall, 1e-9))
                add(f"jsonl cpu {tree.name}", args.n / max(n_cpu - one_cpu, 1e-9))
                run = tree.interview()
                add(f"interview wall {tree.name}", run["seconds"] / run["questions"])
                add(f"interview cpu {tree.name}", run["cpu"] / run["questions"])
                interviews[tree.name] = run
        for _ in range(args.runs):
            for tree in (base, this):
                wall, cpu = tree.wall(example, "--format", "json")
                add(f"one wall {tree.name}", wall)
                add(f"one cpu {tree.name}", cpu)

    trees = ("baseline", "this")
    result: dict[str, Any] = {"n": args.n, "rounds": args.rounds, "runs": args.runs,
                              "interview_questions": {t: interviews[t]["questions"] for t in trees},
                              "interview_cases": interviews["this"]["cases"]}
    for clock in ("wall", "cpu"):
        result[clock] = {
            "jsonl_rate": {t: max(figures[f"jsonl {clock} {t}"]) for t in trees},
            "interview_seconds_per_question": {t: min(figures[f"interview {clock} {t}"]) for t in trees},
            "one_profile_median_seconds": {t: statistics.median(figures[f"one {clock} {t}"]) for t in trees},
        }
    print(f"{args.n} profiles (jsonl), {result['interview_cases']} interviews, best of {args.rounds} rounds; "
          f"one profile: median of {args.runs} runs")
    print(f"{'':34} {'baseline':>10} {'this':>10} {'ratio':>7}  target")
    for clock in ("cpu", "wall"):
        r = result[clock]
        jsonl = r["jsonl_rate"]["this"] / r["jsonl_rate"]["baseline"]
        per_q = r["interview_seconds_per_question"]["this"] / r["interview_seconds_per_question"]["baseline"]
        one_ms = r["one_profile_median_seconds"]["this"] * 1000
        r["ratios"] = {"jsonl": jsonl, "interview": per_q}
        rows = [
            (f"jsonl rate, profiles/s ({clock})", f"{r['jsonl_rate']['baseline']:,.0f}",
             f"{r['jsonl_rate']['this']:,.0f}", f"{jsonl:.2f}x", ">= 1.5x", jsonl >= 1.5),
            (f"interview, ms a question ({clock})", f"{r['interview_seconds_per_question']['baseline'] * 1000:.1f}",
             f"{r['interview_seconds_per_question']['this'] * 1000:.1f}", f"{per_q:.2f}x", "<= 0.33x", per_q <= 1 / 3),
            (f"evaluate one profile, ms ({clock})", f"{r['one_profile_median_seconds']['baseline'] * 1000:.0f}",
             f"{one_ms:.0f}", "", "< 200 ms", one_ms < 200),
        ]
        for name, b, t, ratio, target, ok in rows:
            print(f"{name:34} {b:>10} {t:>10} {ratio:>7}  {target:9} {'PASS' if ok else 'MISS'}")
    print(f"interview questions asked: baseline {result['interview_questions']['baseline']}, "
          f"this {result['interview_questions']['this']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
