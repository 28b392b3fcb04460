"""Write the interview's realistic cases as a cases YAML for the interview simulator.

    python benchmarks/interview_cases.py                  # to stdout
    python benchmarks/interview_cases.py -o cases.yaml

The cases are those the in-process agreement test measures
(tests/e2e/interview_patient.py `realistic_cases()`: the examples/ profiles
and the end-to-end cases of tests/e2e/test_profiles.py), each as `id` and
`facts`, in the order the test runs them. Run it from a checkout with the
test extra installed (`pip install -e '.[test]'`: it needs pytest and pyyaml).
The figures and why they differ from the in-process test's: README.md here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def cases() -> list[dict[str, Any]]:
    """[{id, facts}] of the realistic cases."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    try:
        from interview_patient import realistic_cases
    finally:
        sys.path.pop(0)
    # copied through JSON: variants share lists with their base case, which YAML would write as anchors
    return [{"id": cid, "facts": json.loads(json.dumps(facts))} for cid, facts in realistic_cases().items()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    args = ap.parse_args(argv)
    text = yaml.safe_dump({"cases": cases()}, sort_keys=False, allow_unicode=True)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
