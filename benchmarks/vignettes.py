"""Score sorewhy on the clinical vignettes, the way symptom-checker audits do.

    python benchmarks/vignettes.py                          # table, the project's library
    python benchmarks/vignettes.py --json                   # the same as JSON
    python benchmarks/vignettes.py --cases my_cases.yaml    # another case file
    python benchmarks/vignettes.py --require-no-under-triage   # exit 1 if any case is under-triaged

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
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CASES = Path(__file__).resolve().parent / "vignettes" / "cases.yaml"

DISPOSITIONS = ("self_care", "doctor_routine", "doctor_soon", "urgent_today", "emergency_now")
"""Least to most urgent (contract section 2, referral.disposition)."""
LEVELS = ("self_care", "see_doctor", "urgent")
"""Least to most urgent (contract section 2, referral.level)."""
LEVEL_OF_DISPOSITION = {
    "self_care": "self_care",
    "doctor_routine": "see_doctor",
    "doctor_soon": "see_doctor",
    "urgent_today": "urgent",
    "emergency_now": "urgent",
}
MIN_CERTAINTY = 0.2


class CaseFileError(Exception):
    """A case file that cannot be read or breaks the case format; the message
    names the file, the case and the key."""


@dataclass(frozen=True)
class Case:
    id: str
    facts: dict[str, Any]
    findings: tuple[str, ...]
    """Acceptable leading findings."""
    disposition: str
    source: dict[str, str] = field(default_factory=dict)
    story: str = ""
    why: str = ""


Report = Mapping[str, Any]
Evaluate = Callable[[Sequence[Case]], list[Report]]
"""Turns cases into one report each, in order (a report with ``error`` set
when the case's facts were rejected)."""


def load_cases(path: str | os.PathLike[str]) -> list[Case]:
    """The cases of a YAML case file: a list of mappings with ``id``,
    ``facts`` and ``expect: {findings, disposition}``. Raises
    :class:`CaseFileError` naming the file, the case and the key."""
    import yaml

    name = str(path)
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        raise CaseFileError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise CaseFileError(f"{name}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, list) or not data:
        raise CaseFileError(f"{name}: expected a non-empty list of cases")
    cases: list[Case] = []
    seen: set[str] = set()
    for position, item in enumerate(data, 1):
        where = f"{name}: case {position}"
        if not isinstance(item, dict):
            raise CaseFileError(f"{where}: expected a mapping")
        case_id = item.get("id")
        if not isinstance(case_id, str) or not case_id:
            raise CaseFileError(f"{where}: key 'id': expected a non-empty string")
        where = f"{name}: case '{case_id}'"
        if case_id in seen:
            raise CaseFileError(f"{where}: key 'id': expected unique ids, this one repeats")
        seen.add(case_id)
        facts = item.get("facts")
        if not isinstance(facts, dict):
            raise CaseFileError(f"{where}: key 'facts': expected a mapping (a sorewhy profile)")
        expect = item.get("expect")
        if not isinstance(expect, dict):
            raise CaseFileError(f"{where}: key 'expect': expected a mapping with findings and disposition")
        findings = expect.get("findings")
        if not isinstance(findings, list) or not findings or not all(isinstance(f, str) for f in findings):
            raise CaseFileError(f"{where}: key 'expect.findings': expected a non-empty list of finding ids")
        disposition = expect.get("disposition")
        if disposition not in DISPOSITIONS:
            raise CaseFileError(f"{where}: key 'expect.disposition': expected one of {', '.join(DISPOSITIONS)}, "
                                f"got {disposition!r}")
        source = item.get("source") or {}
        cases.append(Case(id=case_id, facts=dict(facts), findings=tuple(findings), disposition=disposition,
                          source=dict(source) if isinstance(source, dict) else {},
                          story=str(item.get("story") or ""), why=str(expect.get("why") or "")))
    return cases


def engine_evaluate(cases: Sequence[Case]) -> list[Report]:
    """The installed sorewhy's reports, by the path `sorewhy evaluate` takes:
    the cases' facts (each with the case id as its ``id``) are written to a
    JSON facts file, read and validated by the file reader, and each valid
    profile evaluated; a rejected profile's report carries its error."""
    from sorewhy.engine.api import default_evaluator
    from sorewhy.engine.loaders import read_profiles

    profiles = [{**case.facts, "id": case.id} for case in cases]
    handle, path = tempfile.mkstemp(prefix="vignettes-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(profiles, out)
        evaluator = default_evaluator()
        reports: list[Report] = []
        for entry, case in zip(read_profiles(path), cases, strict=True):
            try:
                report = dict(evaluator.evaluate_entry(entry))
                if report.get("error"):  # name the case, not the temporary file
                    report["error"] = str(report["error"]).replace(f"{path}: ", "")
                reports.append(report)
            except Exception as exc:  # an engine failure is this case's error, not the run's end
                reports.append({"id": case.id, "findings": [], "referral": None,
                                "error": f"evaluation failed: {type(exc).__name__}: {exc}"})
        return reports
    finally:
        os.unlink(path)


@dataclass
class CaseResult:
    id: str
    expected_findings: list[str]
    expected_disposition: str
    leading: list[str] = field(default_factory=list)
    """The report's first three findings at or above the certainty threshold."""
    disposition: str | None = None
    level: str | None = None
    compared_on: str | None = None
    """``disposition``, or ``level`` when the report has no disposition."""
    top1: bool = False
    top3: bool = False
    triage_exact: bool = False
    triage: str | None = None
    """``exact``, ``under`` or ``over``."""
    error: str | None = None


def score_case(case: Case, report: Report, min_certainty: float = MIN_CERTAINTY) -> CaseResult:
    """One case scored on its report."""
    result = CaseResult(case.id, list(case.findings), case.disposition)
    error = report.get("error")
    referral = report.get("referral")
    if error or not isinstance(referral, Mapping):
        result.error = str(error or "the report has no referral")
        return result
    findings = [f for f in report.get("findings") or [] if float(f.get("certainty", 0.0)) >= min_certainty]
    result.leading = [str(f["id"]) for f in findings[:3]]
    result.top1 = bool(result.leading) and result.leading[0] in case.findings
    result.top3 = any(f in case.findings for f in result.leading)
    result.level = referral.get("level")
    result.disposition = referral.get("disposition")
    if result.disposition in DISPOSITIONS:
        result.compared_on = "disposition"
        got, want = DISPOSITIONS.index(result.disposition), DISPOSITIONS.index(case.disposition)
    elif result.level in LEVELS:
        result.compared_on = "level"
        got, want = LEVELS.index(result.level), LEVELS.index(LEVEL_OF_DISPOSITION[case.disposition])
    else:
        result.error = f"the report's referral has neither a known disposition nor a known level: {dict(referral)}"
        return result
    result.triage = "exact" if got == want else ("under" if got < want else "over")
    result.triage_exact = got == want
    return result


def summarize(results: Sequence[CaseResult]) -> dict[str, Any]:
    """The audit's figures: rates over the evaluated cases."""
    done = [r for r in results if r.error is None]
    n = len(done)

    def rate(count: int) -> float | None:
        return round(count / n, 4) if n else None

    under = [r.id for r in done if r.triage == "under"]
    over = [r.id for r in done if r.triage == "over"]
    return {
        "cases": len(results),
        "evaluated": n,
        "errors": len(results) - n,
        "error_ids": [r.id for r in results if r.error is not None],
        "top1_correct": sum(r.top1 for r in done),
        "top1_accuracy": rate(sum(r.top1 for r in done)),
        "top3_correct": sum(r.top3 for r in done),
        "top3_accuracy": rate(sum(r.top3 for r in done)),
        "triage_exact_count": sum(r.triage_exact for r in done),
        "triage_exact": rate(sum(r.triage_exact for r in done)),
        "under_triage": len(under),
        "under_triage_ids": under,
        "over_triage_count": len(over),
        "over_triage_rate": rate(len(over)),
        "over_triage_ids": over,
        "compared_on_level": sum(r.compared_on == "level" for r in done),
    }


def score(cases: Sequence[Case], evaluate: Evaluate = engine_evaluate,
          min_certainty: float = MIN_CERTAINTY) -> tuple[list[CaseResult], dict[str, Any]]:
    """Every case scored with the reports `evaluate` gives, and the summary."""
    reports = evaluate(cases)
    if len(reports) != len(cases):
        raise ValueError(f"the evaluator gave {len(reports)} reports for {len(cases)} cases")
    results = [score_case(case, report, min_certainty) for case, report in zip(cases, reports, strict=True)]
    return results, summarize(results)


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
    args = parser.parse_args(argv)
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
