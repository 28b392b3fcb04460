"""Score sorewhy on the clinical vignettes, the way symptom-checker audits do.

    python benchmarks/vignettes.py                          # table, the project's library
    python benchmarks/vignettes.py --json                   # the same as JSON
    python benchmarks/vignettes.py --cases my_cases.yaml    # another case file
    python benchmarks/vignettes.py --require-no-under-triage   # exit 1 if any case is under-triaged
    python benchmarks/vignettes.py --record                 # write cli/validation.json, which reports quote

The library (benchmarks/vignettes/cases.yaml, issue #20) holds people whose
expected answer was written from a named NHS, NICE CKS, MedlinePlus or NIH
page before the engine was run. Each case's facts go through the installed
sorewhy by the path `sorewhy evaluate` takes (the file reader's validation,
then the evaluator, one report per profile), and the report is scored:

  top-1 accuracy   the report's leading finding is one the case accepts
  top-3 accuracy   one of the report's first three findings is
  triage exact     the report's disposition is the case's
  under-triage     the report is less urgent than the case (listed by id)
  over-triage      the report is more urgent than the case (a rate)

Findings below --min-certainty (0.2, MYCIN's threshold for considering a
hypothesis, as issue #20 uses it) are not counted among the leading three.
Rates are over the cases that were evaluated. Urgency is compared on the
report's `referral.disposition` (emergency_now > urgent_today > doctor_soon >
doctor_routine > self_care); a report without one is compared on its
`referral.level` instead, the case's disposition mapped to its level
(emergency_now, urgent_today -> urgent; doctor_soon, doctor_routine ->
see_doctor), and the output says how many cases were compared that way.

A case whose facts the installed sorewhy rejects (say, a key this version
does not know yet) is counted and listed as an error, never a crash. Exit
status: 0, unless --require-no-under-triage is given and a case is
under-triaged, or --require-all-evaluated is given and a case was rejected
(1); a case file that cannot be read is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

# The scoring lives in the package (engine/ruletest.py) so that `sorewhy rules
# test` and the test suite score the cases as this script does (#25).
from sorewhy.engine.ruletest import (  # noqa: F401 - re-exported for the tests and other scripts
    DISPOSITIONS,
    LEVEL_OF_DISPOSITION,
    LEVELS,
    MIN_CERTAINTY,
    Case,
    CaseFileError,
    CaseResult,
    Evaluate,
    Report,
    engine_evaluate,
    load_cases,
    score,
    score_case,
    summarize,
)

DEFAULT_CASES = Path(__file__).resolve().parent / "vignettes" / "cases.yaml"
VALIDATION_RECORD = Path(__file__).resolve().parents[1] / "cli" / "validation.json"
"""The validation record the transparency block of every doctor's report quotes (#25)."""


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render_table(results: Sequence[CaseResult], summary: Mapping[str, Any]) -> str:
    """The summary and the per-case table, as text."""
    from tabulate import tabulate

    n = summary["evaluated"]
    rows = [
        ("cases", summary["cases"]),
        ("evaluated", n),
        ("errors (facts rejected)", summary["errors"]),
        ("top-1 accuracy", f"{_percent(summary['top1_accuracy'])} ({summary['top1_correct']}/{n})"),
        ("top-3 accuracy", f"{_percent(summary['top3_accuracy'])} ({summary['top3_correct']}/{n})"),
        ("triage exact", f"{_percent(summary['triage_exact'])} ({summary['triage_exact_count']}/{n})"),
        ("under-triage", summary["under_triage"]),
        ("over-triage rate", f"{_percent(summary['over_triage_rate'])} ({summary['over_triage_count']}/{n})"),
    ]
    parts = [tabulate(rows, headers=("metric", "value"), tablefmt="github")]
    if summary["compared_on_level"]:
        parts.append(f"Triage of {summary['compared_on_level']} case(s) compared on referral.level: their reports "
                     "carry no referral.disposition (emergency_now, urgent_today -> urgent; doctor_soon, "
                     "doctor_routine -> see_doctor).")
    if summary["under_triage_ids"]:
        parts.append("Under-triaged: " + ", ".join(summary["under_triage_ids"]))
    per_case = []
    for r in results:
        if r.error is not None:
            per_case.append((r.id, " ".join(r.expected_findings), "", r.expected_disposition, "", "error: " + r.error))
            continue
        got = r.disposition if r.compared_on == "disposition" else f"{r.level} (level)"
        verdict = ("top1 " if r.top1 else "top3 " if r.top3 else "miss ") + (r.triage or "")
        per_case.append((r.id, " ".join(r.expected_findings), " ".join(r.leading) or "-",
                         r.expected_disposition, got, verdict))
    parts.append(tabulate(per_case, headers=("case", "expected findings", "leading findings", "expected",
                                             "got", "verdict"), tablefmt="github"))
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None, evaluate: Evaluate = engine_evaluate) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=str(DEFAULT_CASES), help="case file (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the summary and every case as JSON")
    parser.add_argument("--min-certainty", type=float, default=MIN_CERTAINTY,
                        help="findings below this certainty are not counted as leading (default: %(default)s)")
    parser.add_argument("--require-no-under-triage", action="store_true",
                        help="exit 1 when any case is under-triaged")
    parser.add_argument("--require-all-evaluated", action="store_true",
                        help="exit 1 when the installed sorewhy rejects any case's facts (a gate on under-triage "
                             "alone passes when cases are rejected)")
    parser.add_argument("--record", metavar="FILE", nargs="?", const=str(VALIDATION_RECORD),
                        help="score the shipped library and held-out set and write the validation record every "
                             "doctor's report quotes (default: %(const)s); run it after changing the rule base")
    args = parser.parse_args(argv)
    if args.record:
        from sorewhy.engine.ruletest import validation_record

        record = validation_record()
        Path(args.record).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"vignettes: wrote {args.record} ({record['date']}, rule base {record['rule_base']['sha256'][:12]})")
        return 0
    try:
        cases = load_cases(args.cases)
    except CaseFileError as exc:
        print(f"vignettes: {exc}", file=sys.stderr)
        return 2
    results, summary = score(cases, evaluate, args.min_certainty)
    if args.json:
        print(json.dumps({"summary": summary, "cases": [asdict(r) for r in results]}, indent=2))
    else:
        print(render_table(results, summary))
    if args.require_no_under_triage and summary["under_triage"]:
        return 1
    if args.require_all_evaluated and summary["errors"]:
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader stopped early (| head): nothing more to say
        sys.stderr.close()
        sys.exit(0)
