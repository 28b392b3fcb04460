"""Snapshot what sorewhy says, to show a change of its inside changes nothing
it says.

``python benchmarks/snapshot.py write DIR`` writes into DIR, for every file of
``examples/`` and for the cases of every ``benchmarks/vignettes/*.yaml`` (their
``facts``, one profile per case, as one facts file per case file):

- ``evaluate --format json``, ``--format jsonl`` and ``--format csv`` (the
  report and its compact row),
- ``trace --format json`` and ``trace`` (text),

and ``rules --format json`` and ``rules show ID`` for every rule. The commands
run in this process through click's test runner (one interpreter for the
whole snapshot), on the sorewhy installed in the running interpreter: run it
with another checkout's interpreter to snapshot that checkout (the inputs are
this checkout's).

``python benchmarks/snapshot.py diff BEFORE AFTER`` compares two snapshots:
JSON (and JSON Lines) files are compared as data with their key order kept,
so that only the separators and spacing of the encoding are ignored; in every
file the rule base's hash (``"sha256"``, and any 64-digit hex in text) is
masked. It prints each file that differs (or is missing on one side) with
the first lines of a unified diff, and exits 1 if any does, 0 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEX = re.compile(r"\b[0-9a-f]{64}\b")


def _run(runner: Any, cli: Any, args: list[str]) -> str:
    result = runner.invoke(cli, args, catch_exceptions=False)
    try:
        stderr = result.stderr
    except ValueError:  # click < 8.2 without mix_stderr=False
        stderr = ""
    return f"{result.stdout}\n[stderr]\n{stderr}\n[exit {result.exit_code}]\n"


def write(out: Path) -> int:
    from click.testing import CliRunner

    from sorewhy.cli.main import cli

    out.mkdir(parents=True, exist_ok=True)
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart by itself
        runner = CliRunner()
    inputs: list[tuple[str, Path]] = [(p.name, p) for p in sorted((ROOT / "examples").iterdir()) if p.is_file()]
    with tempfile.TemporaryDirectory() as tmp:
        import yaml

        for cases in sorted((ROOT / "benchmarks" / "vignettes").glob("*.yaml")):
            data = yaml.safe_load(cases.read_text(encoding="utf-8"))
            profiles = [{"id": case["id"], **case["facts"]} for case in data]
            path = Path(tmp) / f"vignettes-{cases.stem}.yaml"
            path.write_text(yaml.safe_dump({"profiles": profiles}, sort_keys=False, allow_unicode=True),
                            encoding="utf-8")
            inputs.append((path.name, path))
        for name, path in inputs:
            for label, args in (("report.json", ["evaluate", str(path), "--format", "json"]),
                                ("report.jsonl", ["evaluate", str(path), "--format", "jsonl"]),
                                ("rows.csv", ["evaluate", str(path), "--format", "csv"]),
                                ("trace.json", ["trace", str(path), "--format", "json"]),
                                ("trace.txt", ["trace", str(path)])):
                text = _run(runner, cli, args).replace(str(path), name).replace(tmp, "TMP")
                (out / f"{name}.{label}").write_text(text, encoding="utf-8")
    rules_json = _run(runner, cli, ["rules", "--format", "json"])
    (out / "rules.json").write_text(rules_json, encoding="utf-8")
    ids = [r["id"] for r in json.loads(rules_json.split("\n[stderr]\n", 1)[0])["rules"]]
    for rule_id in ids:
        (out / f"rules-show-{rule_id}.txt").write_text(_run(runner, cli, ["rules", "show", rule_id]), encoding="utf-8")
    print(f"{len(inputs)} inputs, {len(ids)} rules: {len(list(out.iterdir()))} files in {out}")
    return 0


def _mask(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: ("<hash>" if k == "sha256" else _mask(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_mask(v) for v in obj]
    if isinstance(obj, str):
        return HEX.sub("<hash>", obj)
    return obj


def normalise(text: str) -> list[str]:
    """A snapshot file as lines to compare: standard output's JSON (one
    document, or one value a line) re-encoded one way with its key order
    kept, any other line as it is; the hash masked everywhere."""
    body, sep, rest = text.partition("\n[stderr]\n")
    try:
        data = json.loads(body)
    except ValueError:
        lines = []
        for line in body.splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                lines.append(HEX.sub("<hash>", line))
            else:
                lines.append(json.dumps(_mask(value), ensure_ascii=False))
    else:
        lines = json.dumps(_mask(data), ensure_ascii=False, indent=1).splitlines()
    return [*lines, "[stderr]", *(HEX.sub("<hash>", line) for line in rest.splitlines())]


def diff(before: Path, after: Path, context: int = 20) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differing = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"only in {'after' if not a.exists() else 'before'}: {name}")
            differing += 1
            continue
        la, lb = normalise(a.read_text(encoding="utf-8")), normalise(b.read_text(encoding="utf-8"))
        if la != lb:
            differing += 1
            print(f"differs: {name}")
            for line in list(difflib.unified_diff(la, lb, str(a), str(b), lineterm=""))[:context]:
                print("    " + line)
    print(f"{len(names)} files compared, {differing} differ")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="write a snapshot of this sorewhy into DIR")
    w.add_argument("dir", type=Path)
    d = sub.add_parser("diff", help="compare two snapshots")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--context", type=int, default=20, help="diff lines shown per file (default 20)")
    args = parser.parse_args(argv)
    if args.command == "write":
        return write(args.dir)
    return diff(args.before, args.after, args.context)


if __name__ == "__main__":
    sys.exit(main())
