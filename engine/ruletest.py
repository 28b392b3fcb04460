"""Test the rule base without pytest: every rule's fixtures and the scenario
cases, as `sorewhy rules test` runs them (issue #25).

Two kinds of check, each failure one :class:`Failure`:

- **fixtures** (``rules/fixtures/*.yaml``): for every rule, profiles where it
  must fire (``fires``) and profiles where it must not (``not_fires``);
- **scenario cases** (``benchmarks/vignettes/cases.yaml``, the library, and
  ``held_out.yaml``, the set written blind to the rules; shipped with the
  package): each case's facts evaluated by the path ``sorewhy evaluate``
  takes and scored as ``benchmarks/vignettes.py`` scores them. Every case of
  both files must be evaluated and none may be under-triaged (the gate of
  issue #20); a case of the library must also have one of its accepted
  findings among the report's leading three. The held-out set's accuracy is
  measured, never gated: it was written blind and is quoted as it falls.

The test suite (tests/rules/test_rule_base.py, tests/test_vignettes.py) and
``benchmarks/vignettes.py`` call the same functions. Every function takes the
evaluator to test, so that a rule base built otherwise (a rule changed in a
test) is tested the same way.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Protocol

__all__ = [
    "CASE_FILES", "DISPOSITIONS", "LEVELS", "LEVEL_OF_DISPOSITION", "MIN_CERTAINTY", "Case", "CaseFileError",
    "CaseResult", "Failure", "Outcome", "case_failures", "default_case_files", "engine_evaluate",
    "fixture_failures", "load_cases", "load_fixtures", "run", "score", "score_case", "summarize",
]

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
"""Findings below this certainty are not counted among the leading three
(MYCIN's threshold for considering a hypothesis, as issue #20 uses it)."""

CASE_FILES: dict[str, bool] = {"cases": True, "held_out": False}
"""The shipped case files (``benchmarks/vignettes/<name>.yaml``) and whether
a case's leading findings are gated (the library) or only measured (the
held-out set)."""


class Evaluating(Protocol):
    """What is tested: :class:`sorewhy.engine.Evaluator` or one like it."""

    def evaluate(self, profile: Any, profile_id: str | None = None) -> Mapping[str, Any]: ...

    def evaluate_entry(self, entry: Any) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Failure:
    """One failed check: ``kind`` is ``fixture`` or ``case``; ``subject`` the
    rule id or ``<case file>/<case id>``."""

    kind: str
    subject: str
    message: str

    def line(self) -> str:
        return f"{self.kind}: {self.subject}: {self.message}"


# --- fixtures ------------------------------------------------------------------


def load_fixtures() -> dict[str, tuple[str, dict[str, list[Any]]]]:
    """Rule id -> (fixture file name, {"fires": [...], "not_fires": [...]}),
    from every ``rules/fixtures/*.yaml`` shipped. A rule id given twice is a
    :class:`ValueError` naming both files."""
    import yaml

    out: dict[str, tuple[str, dict[str, list[Any]]]] = {}
    folder = resources.files("sorewhy.rules").joinpath("fixtures")
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        data = yaml.safe_load(item.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            raise ValueError(f"rules/fixtures/{item.name}: expected a mapping of rule id to fixtures")
        for rid, cases in data.items():
            if rid in out:
                raise ValueError(f"fixtures for {rid} appear twice: rules/fixtures/{out[rid][0]} and {item.name}")
            cases = cases or {}
            out[rid] = (item.name, {"fires": list(cases.get("fires") or []),
                                    "not_fires": list(cases.get("not_fires") or [])})
    return out


def _flow(profile: Any) -> str:
    import yaml

    return yaml.safe_dump(profile, default_flow_style=True, width=10_000, sort_keys=False).strip()


def fixture_failures(evaluator: Evaluating, rule_ids: Iterable[str],
                     fixtures: Mapping[str, tuple[str, Mapping[str, list[Any]]]] | None = None,
                     ) -> tuple[int, list[Failure]]:
    """Run the fixtures of `rule_ids` on `evaluator`: (profiles run, failures).
    A rule without a fixture either way, a fixture the facts vocabulary
    rejects, a rule that does not fire on a ``fires`` profile or fires on a
    ``not_fires`` one is a failure."""
    from sorewhy.errors import ProfileError

    fixtures = load_fixtures() if fixtures is None else fixtures
    failures: list[Failure] = []
    count = 0
    for rid in rule_ids:
        found = fixtures.get(rid)
        if found is None:
            failures.append(Failure("fixture", rid, "no fixtures in rules/fixtures/"))
            continue
        name, cases = found
        for want, word in (("fires", "where it fires"), ("not_fires", "where it must not fire")):
            if not cases.get(want):
                failures.append(Failure("fixture", rid, f"no fixture {word} (rules/fixtures/{name})"))
        for want in ("fires", "not_fires"):
            for profile in cases.get(want) or []:
                count += 1
                where = f"rules/fixtures/{name}"
                try:
                    report = evaluator.evaluate(profile, "fixture")
                except ProfileError as exc:
                    failures.append(Failure("fixture", rid, f"{_flow(profile)} ({where}) is not a valid profile: "
                                                            f"{exc}"))
                    continue
                fired = rid in (report.get("fired") or [])
                if want == "fires" and not fired:
                    failures.append(Failure("fixture", rid, f"should fire on {_flow(profile)} ({where}) "
                                                            "but did not"))
                elif want == "not_fires" and fired:
                    failures.append(Failure("fixture", rid, f"must not fire on {_flow(profile)} ({where}) "
                                                            "but fired"))
    return count, failures


# --- scenario cases ------------------------------------------------------------


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


def default_case_files() -> dict[str, Traversable]:
    """The shipped case files by name (``cases``, ``held_out``)."""
    folder = resources.files("sorewhy").joinpath("benchmarks").joinpath("vignettes")
    return {name: folder.joinpath(f"{name}.yaml") for name in CASE_FILES}


def load_cases(path: str | os.PathLike[str] | Traversable) -> list[Case]:
    """The cases of a YAML case file: a list of mappings with ``id``,
    ``facts`` and ``expect: {findings, disposition}``. Raises
    :class:`CaseFileError` naming the file, the case and the key."""
    import yaml

    name = str(path)
    try:
        if isinstance(path, str | os.PathLike):
            with open(path, encoding="utf-8") as handle:
                data = yaml.safe_load(handle)
        else:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def engine_evaluate(cases: Sequence[Case], evaluator: Evaluating | None = None) -> list[Report]:
    """The reports of `evaluator` (default: the installed sorewhy's), by the
    path `sorewhy evaluate` takes: the cases' facts (each with the case id as
    its ``id``) are written to a JSON facts file, read and validated by the
    file reader, and each valid profile evaluated; a rejected profile's report
    carries its error."""
    from sorewhy.engine.api import default_evaluator
    from sorewhy.engine.loaders import read_profiles

    profiles = [{**case.facts, "id": case.id} for case in cases]
    handle, path = tempfile.mkstemp(prefix="vignettes-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(profiles, out)
        evaluator = evaluator if evaluator is not None else default_evaluator()
        reports: list[Report] = []
        for entry, case in zip(read_profiles(path), cases, strict=True):
            try:
                report = dict(evaluator.evaluate_entry(entry))
                report.pop("source", None)  # the temporary file: not where the case came from
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


def case_failures(file_name: str, results: Sequence[CaseResult], gate_findings: bool) -> list[Failure]:
    """The failures among scored cases: not evaluated, under-triaged, and
    (when `gate_findings`) none of the accepted findings among the leading
    three."""
    failures: list[Failure] = []
    for r in results:
        subject = f"{file_name}/{r.id}"
        if r.error is not None:
            failures.append(Failure("case", subject, f"not evaluated: {r.error}"))
            continue
        if r.triage == "under":
            got = r.disposition if r.compared_on == "disposition" else f"{r.level} (level)"
            failures.append(Failure("case", subject, f"under-triaged: expected {r.expected_disposition}, got {got}"))
        if gate_findings and not r.top3:
            got = f"leading findings {', '.join(r.leading)}" if r.leading else "no leading finding"
            failures.append(Failure("case", subject, f"{got}; expected one of {', '.join(r.expected_findings)}"))
    return failures


# --- the whole run -------------------------------------------------------------


@dataclass
class Outcome:
    """What `sorewhy rules test` found."""

    rules: int = 0
    fixtures: int = 0
    cases: int = 0
    failures: list[Failure] = field(default_factory=list)
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Case file name -> :func:`summarize` of its cases (those run)."""

    @property
    def ok(self) -> bool:
        return not self.failures

    def count_line(self) -> str:
        n = len(self.failures)
        return (f"{self.fixtures} fixture profiles of {self.rules} rules, {self.cases} scenario cases: "
                f"{n} failure{'s' if n != 1 else ''}").replace(" of 1 rules", " of 1 rule")

    def as_dict(self) -> dict[str, Any]:
        return {"rules": self.rules, "fixtures": self.fixtures, "cases": self.cases,
                "failures": [{"kind": f.kind, "subject": f.subject, "message": f.message} for f in self.failures],
                "scores": self.scores}


class SelectionError(ValueError):
    """An argument of `rules test` that names no rule, topic, case or case file."""


def select(names: Sequence[str], rule_ids: Sequence[str],
           cases: Mapping[str, Sequence[Case]]) -> tuple[list[str], dict[str, set[str]] | None, bool]:
    """What `names` select: (rule ids whose fixtures run, case ids by case file
    or None for every case, whether cases run only where a selected rule fires).

    Each name is a rule id, a topic (``iron``), a case file (``cases``,
    ``held_out``), a case id or ``<case file>/<case id>``. No names: every
    rule and every case. Rules only: their fixtures, and the cases in which
    one of them fires or which expect a finding one of them concludes. Cases only: those cases and no fixtures."""
    import difflib

    if not names:
        return list(rule_ids), None, False
    topics = {rid.split(".", 1)[0] for rid in rule_ids}
    chosen_rules: list[str] = []
    chosen_cases: dict[str, set[str]] = {}
    for name in names:
        if name in rule_ids:
            chosen_rules.append(name)
        elif name in topics:
            chosen_rules += [rid for rid in rule_ids if rid.split(".", 1)[0] == name]
        elif name in cases:
            chosen_cases.setdefault(name, set()).update(c.id for c in cases[name])
        else:
            file_name, _, case_id = name.rpartition("/")
            hits = [(f, c.id) for f, listed in cases.items() for c in listed
                    if c.id == case_id and (not file_name or f == file_name)]
            if not hits:
                every = list(rule_ids) + sorted(topics) + list(cases) + [c.id for cs in cases.values() for c in cs]
                close = difflib.get_close_matches(name, every, n=3)
                hint = f" (did you mean {', '.join(close)}?)" if close else ""
                raise SelectionError(f"{name!r} is not a rule id, topic, case file or case id{hint}; "
                                     "`sorewhy rules` lists the rules")
            for f, cid in hits:
                chosen_cases.setdefault(f, set()).add(cid)
    chosen_rules = list(dict.fromkeys(chosen_rules))
    if chosen_cases:
        return chosen_rules, chosen_cases, False
    return chosen_rules, None, True


def run(names: Sequence[str] = (), evaluator: Evaluating | None = None,
        case_files: Mapping[str, Any] | None = None, fixtures: bool = True, scenarios: bool = True) -> Outcome:
    """Run what `names` select (see :func:`select`) on `evaluator` (default:
    the installed sorewhy's). `case_files` maps a case file's name to its path
    (default: the shipped ones); a name of :data:`CASE_FILES` keeps its gate,
    any other is gated on its findings as the library is."""
    from sorewhy.engine.api import default_evaluator
    from sorewhy.rules import all_rules

    evaluator = evaluator if evaluator is not None else default_evaluator()
    rule_ids = [m.id for m in all_rules()]
    files = dict(default_case_files() if case_files is None else case_files)
    cases = {name: load_cases(path) for name, path in files.items()} if scenarios else {}
    chosen_rules, chosen_cases, only_firing = select(names, rule_ids, cases)
    outcome = Outcome()
    if fixtures:
        outcome.rules = len(chosen_rules)
        outcome.fixtures, outcome.failures = fixture_failures(evaluator, chosen_rules)
    if not scenarios or (only_firing and not chosen_rules):
        return outcome
    wanted = set(chosen_rules)
    concluded = {e.finding for m in all_rules() if m.id in wanted for e in m.effects if hasattr(e, "finding")}
    for name, listed in cases.items():
        if chosen_cases is not None:
            listed = [c for c in listed if c.id in chosen_cases.get(name, ())]
        if not listed:
            continue
        reports = engine_evaluate(listed, evaluator)
        if only_firing:
            pairs = [(c, r) for c, r in zip(listed, reports, strict=True)
                     if r.get("error") or wanted & set(r.get("fired") or []) or concluded & set(c.findings)]
        else:
            pairs = list(zip(listed, reports, strict=True))
        results = [score_case(c, r) for c, r in pairs]
        outcome.cases += len(results)
        outcome.scores[name] = summarize(results)
        outcome.failures += case_failures(name, results, CASE_FILES.get(name, True))
    return outcome


# --- the validation record the reports quote ------------------------------------------

RECORDED_FIGURES = ("cases", "evaluated", "top1_accuracy", "top3_accuracy", "triage_exact", "under_triage",
                    "over_triage_rate")
"""The figures of each case file a validation record keeps."""


def validation_record(evaluator: Evaluating | None = None, date: str | None = None) -> dict[str, Any]:
    """The scenario cases' scores as the transparency block and
    docs/transparency.md quote them: the date, the rule base they were
    measured on, and for each shipped case file :data:`RECORDED_FIGURES`."""
    import datetime

    from sorewhy.engine.provenance import rule_base_stamp

    scores: dict[str, dict[str, Any]] = {}
    for name, path in default_case_files().items():
        cases = load_cases(path)
        results = [score_case(c, r) for c, r in zip(cases, engine_evaluate(cases, evaluator), strict=True)]
        summary = summarize(results)
        scores[name] = {key: summary[key] for key in RECORDED_FIGURES}
    return {"date": date or datetime.date.today().isoformat(), "rule_base": dict(rule_base_stamp()),
            "scores": scores}
