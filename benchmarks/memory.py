"""Peak memory of `sorewhy evaluate` on large JSON Lines and CSV inputs.

Generates, for each size, a JSON Lines file and a CSV file of that size
(profiles a few kilobytes long, each with its own id), runs
`sorewhy evaluate FILE --format jsonl --output /dev/null` in a child process,
and prints the child's peak resident memory (from wait4). Streaming keeps it
flat: the figure should not grow with the size of the input.

    python benchmarks/memory.py               # 50 MB and 1024 MB (1 GB), both formats
    python benchmarks/memory.py --sizes 10 100
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

MEDICATIONS = [f"unheard-of remedy number {i:03d} " + "x" * 60 for i in range(64)]


def generate(fmt: str, megabytes: int, path: Path) -> int:
    """Write about `megabytes` MiB of profiles; return how many."""
    size = megabytes << 20
    written = rows = 0
    with open(path, "w", encoding="utf-8") as handle:
        if fmt == "csv":
            handle.write("id,age,symptoms,medications\n")
        while written < size:
            if fmt == "jsonl":
                line = json.dumps({"id": f"p{rows}", "age": 20 + rows % 60, "symptoms": ["cramps"],
                                   "medications": MEDICATIONS}) + "\n"
            else:
                line = f"p{rows},{20 + rows % 60},cramps,{';'.join(MEDICATIONS)}\n"
            handle.write(line)
            written += len(line)
            rows += 1
    return rows


# The child is forked from a small interpreter, not from the caller: a
# process's peak RSS counts the pages it had before exec, so a child forked
# from a large process (a test runner) would report that process's size.
_MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.execv(sys.executable, [sys.executable, "-m", "sorewhy", *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024)
"""


def peak_rss(*args: str) -> tuple[int, float, int]:
    """(exit code, seconds, peak RSS in bytes) of `python -m sorewhy ARGS`."""
    import subprocess

    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, check=True)
    code, rss = out.stdout.split()
    return int(code), time.monotonic() - start, int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 1024], help="input sizes in MiB")
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv"], choices=["jsonl", "csv"])
    options = parser.parse_args()
    print(f"{'format':6} {'input':>9} {'rows':>9} {'seconds':>8} {'peak RSS':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in options.formats:
            for size in options.sizes:
                path = Path(tmp) / f"big.{fmt}"
                rows = generate(fmt, size, path)
                code, seconds, rss = peak_rss("evaluate", str(path), "--format", "jsonl", "--output", os.devnull)
                path.unlink()
                status = "" if code == 0 else f"  (exit {code})"
                print(f"{fmt:6} {size:>6} MB {rows:>9} {seconds:>8.1f} {rss / (1 << 20):>6.0f} MB{status}", flush=True)


if __name__ == "__main__":
    main()
