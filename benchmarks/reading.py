"""What reading one profile costs: a JSON Lines line or a CSV row turned into a
validated Profile (`read_profiles`, the file's raw reading included), and the
batch's dedup key of it (`profile_key`), this checkout against a baseline.

    python benchmarks/reading.py                     # against 580b6b7
    python benchmarks/reading.py --baseline HEAD~3 -n 4000 --rounds 5

Both trees read the same N distinct random profiles (benchmarks/profiles.py,
seeded), in-process, in a new interpreter per tree and round; the rounds of
the two trees alternate so that they see the same load, and each figure is
its best round. Quote the ratios (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CASES = ("jsonl", "csv", "profile_key")


def _child(jsonl: str, csv_path: str, count: int) -> None:
    from sorewhy.engine.batch import profile_key
    from sorewhy.engine.loaders import read_profiles

    out = {}
    for case, path in (("jsonl", jsonl), ("csv", csv_path)):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            entries = list(read_profiles(path))
            best = min(best, time.perf_counter() - start)
        assert len(entries) == count and all(e.profile is not None for e in entries)
        out[case] = best / count * 1e6
    profiles = [e.profile for e in entries]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for profile in profiles:
            profile_key(profile)
        best = min(best, time.perf_counter() - start)
    out["profile_key"] = best / count * 1e6
    print(json.dumps(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="580b6b7")
    parser.add_argument("-n", type=int, default=3000, help="profiles (default 3000)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child, args.n)
        return 0

    from profiles import random_profiles, write_csv
    from startup import this_tree, tree_of

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        profiles = random_profiles(args.n, seed=9)
        jsonl, csv_path = tmp / "n.jsonl", tmp / "n.csv"
        jsonl.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
        write_csv(str(csv_path), iter(profiles))
        trees = {"baseline": tree_of(args.baseline, tmp / "old"), "this": this_tree(tmp / "new")}
        best: dict[str, dict[str, float]] = {name: {} for name in trees}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                cmd = [sys.executable, str(Path(__file__).resolve()), "-n", str(args.n),
                       "--child", str(jsonl), str(csv_path)]
                done = subprocess.run(cmd, env=dict(env, PYTHONPATH=str(tree)), cwd=tmp,
                                      check=True, capture_output=True, text=True)
                for case, value in json.loads(done.stdout).items():
                    best[name][case] = min(best[name].get(case, float("inf")), value)
    print(f"{'per profile':14s} {'baseline':>10s} {'this':>10s} {'ratio':>7s}")
    for case in CASES:
        old, new = best["baseline"][case], best["this"][case]
        print(f"{case:14s} {old:8.1f}us {new:8.1f}us {old / new:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
