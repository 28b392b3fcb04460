"""How long does `sorewhy evaluate` of one profile take from a cold process?

    python benchmarks/startup.py                      # this checkout, 10 runs
    python benchmarks/startup.py --baseline HEAD~3    # and an older commit, interleaved
    python benchmarks/startup.py --runs 20 --json startup.json

Each run is a new interpreter: `python -m sorewhy evaluate PROFILE --format
json`, wall time from spawn to exit and the child's CPU time (user +
system, steadier than wall time on a busy machine), output discarded. With --baseline the
runs of the trees alternate, so all see the same load; the figures are
medians (with min and max). Bytecode is cached in a temporary folder
(PYTHONPYCACHEPREFIX) after one warm-up run per tree, as an installed package
has it, and nothing is written into the checkout.

This checkout keeps nothing between runs (the start-up cache was removed in
#26: it saved about 20 ms of CPU a run, 1.08x). A baseline that still has
one gets a warm cache folder of its own (filled by its warm-up run), so an
older commit is timed as it normally ran.

Beside it, in this process: the time to parse the knowledge files with
PyYAML's pure-Python safe loader and with its C loader (median of --runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE_ENV = "SOREWHY_CACHE_DIR"
FRESH = "<an empty folder each run>"
KNOWLEDGE_FILES = ("findings.yaml", "drugs.yaml", "labs.yaml", "claims.yaml", "advice.yaml")


def tree_of(rev: str, into: Path) -> Path:
    """A `sorewhy` package folder holding commit REV's files (for PYTHONPATH)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    package = into / "sorewhy"
    package.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(package, filter="data")
    return into


def this_tree(into: Path) -> Path:
    into.mkdir(parents=True)
    (into / "sorewhy").symlink_to(ROOT, target_is_directory=True)
    return into


def run_once(path_dir: Path, profile: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run, in seconds."""
    cmd = [sys.executable, "-m", "sorewhy", "evaluate", str(profile), "--format", "json"]
    run_env = dict(env, PYTHONPATH=str(path_dir))
    if run_env.get(CACHE_ENV) == FRESH:
        run_env[CACHE_ENV] = tempfile.mkdtemp(prefix="first-run-", dir=Path(env["PYTHONPYCACHEPREFIX"]).parent)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=path_dir)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"startup: {' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def parse_times(runs: int) -> dict[str, float]:
    import yaml

    texts = [(ROOT / "knowledge" / name).read_text(encoding="utf-8") for name in KNOWLEDGE_FILES]
    out: dict[str, float] = {}
    loaders = {"pure_python": yaml.SafeLoader}
    if hasattr(yaml, "CSafeLoader"):
        loaders["c"] = yaml.CSafeLoader
    for name, loader in loaders.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for text in texts:
                yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders only
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    return out


def summary(times: list[float]) -> dict[str, float]:
    return {"median_ms": 1e3 * statistics.median(times), "min_ms": 1e3 * min(times), "max_ms": 1e3 * max(times)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs per tree (default 10)")
    parser.add_argument("--baseline", metavar="REV", help="also time this commit, interleaved with this checkout")
    parser.add_argument("--profile", type=Path, default=ROOT / "examples" / "vegan-runner.yaml")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="sorewhy-startup-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        current = this_tree(tmp / "current")
        variants: dict[str, tuple[Path, dict[str, str]]] = {
            "this checkout": (current, env),
        }
        if args.baseline:
            variants[f"baseline {args.baseline}"] = (tree_of(args.baseline, tmp / "baseline"),
                                                     dict(env, **{CACHE_ENV: str(tmp / "cache-baseline")}))
        profile = args.profile.resolve()
        for path_dir, run_env in variants.values():
            run_once(path_dir, profile, run_env)  # warm-up: writes the bytecode cache (and fills a warm cache)
        times: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, (path_dir, run_env) in variants.items():
                wall, used = run_once(path_dir, profile, run_env)
                times[name].append(wall)
                cpu[name].append(used)
        result = {
            "machine": {"python": platform.python_version(), "processor": platform.processor() or platform.machine(),
                        "cpus": os.cpu_count()},
            "runs": args.runs,
            "profile": str(args.profile),
            "evaluate_one_profile": {name.strip(): summary(t) for name, t in times.items()},
            "evaluate_one_profile_cpu": {name.strip(): summary(t) for name, t in cpu.items()},
            "knowledge_parse_ms": {k: 1e3 * v for k, v in parse_times(args.runs).items()},
        }
    print(f"sorewhy evaluate {args.profile} --format json, {args.runs} runs each (median, min-max):")
    for name in times:
        fig = result["evaluate_one_profile"][name.strip()]
        used = result["evaluate_one_profile_cpu"][name.strip()]
        print(f"  {name:<28} wall {fig['median_ms']:5.0f} ms ({fig['min_ms']:.0f}-{fig['max_ms']:.0f}), "
              f"CPU {used['median_ms']:5.0f} ms ({used['min_ms']:.0f}-{used['max_ms']:.0f})")
    if args.baseline:
        base = f"baseline {args.baseline}"
        for name in times:
            if name != base:
                wall = statistics.median(times[base]) / statistics.median(times[name])
                used = statistics.median(cpu[base]) / statistics.median(cpu[name])
                print(f"  ratio baseline / {name.strip()}: wall {wall:.2f}, CPU {used:.2f}")
    print("parsing the five knowledge files in this process (median):")
    for name, ms in result["knowledge_parse_ms"].items():
        print(f"  {name.replace('_', '-') + ' loader':<24} {ms:6.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
