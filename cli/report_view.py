"""What a report to hand to a doctor shows, decided once for every document format.

:func:`report_view` turns one report (contract §2) into a :class:`ReportView`:
plain data in the order a person reads it — the presenting complaint and the
red flags, the headline (the disposition's: how soon, whom to see) and the
referral sentence with its reasons in words, the safety net, what the person
reported, the leading findings with what speaks for and against each (for an
urgent report only the one behind it, the rest folded), what to ask the doctor
(a result already given said with its band), advice (none when urgent), the few
answers that would change the result most, the notice, the date and the rule
base's version — and an appendix of numbered notes (each rule behind a
statement, its id and its sources). Words a person reads come from
:mod:`sorewhy.cli.plainwords`; no key or rule id reaches them but the appendix. The HTML and Markdown templates only lay
this out; neither decides what to show. Which findings lead, which are folded,
which advice is shown or withheld and which red flags are not ruled out is
decided by :func:`sorewhy.engine.digest.digest`, as for the table and the
interview.

Report keys other parts of sorewhy may add are read when present:
``labs_read`` (each blood result with its band), ``medications_read`` (each
medicine as read), ``medication_suggestions``, ``rule_base``,
``referral.disposition``, ``referral.timeframe``, ``referral.see`` and
``safety_net``; without them the view falls back on what the report itself
carries (the level's headline, no safety-net block).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sorewhy import NOTICE, __version__
from sorewhy.cli.formatting import CONFIRM_PREFIX, referral_sentence, rule_base_line
from sorewhy.cli.plainwords import (
    LEVEL_HEADLINES,
    certainty_words,
    finding_words,
    given_results,
    headline,
    join_words,
    lab_band_sentence,
    reason_words,
    safety_net_lines,
    unknown_phrases,
    unknown_summary,
    when_and_who,
    word,
)
from sorewhy.engine.certainty import in_words
from sorewhy.engine.digest import RED_FLAGS, Digest, digest
from sorewhy.knowledge import load
from sorewhy.knowledge.documents import title_of

__all__ = ["LEVEL_HEADLINES", "ReportView", "presenting_complaint", "red_flags_line", "report_view", "today"]


def today() -> datetime.date:
    """The report's date: today, when it is rendered (tests replace this)."""
    return datetime.date.today()


# --- the view ------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceView:
    """One source of a note: a passage of a document (``mark`` names the
    document in the appendix's list of documents), or an outside reference."""

    title: str
    section: str = ""
    quote: str = ""
    url: str = ""
    mark: str = ""
    kind: str = ""
    """What kind of source it is, as a reader counts one (knowledge/source_kinds.yaml)."""


@dataclass(frozen=True)
class DocumentView:
    """A source document the appendix cites, by its mark."""

    mark: str
    title: str


@dataclass(frozen=True)
class Note:
    """One numbered appendix entry: the rule behind a statement and its sources."""

    number: int
    rule: str
    sources: tuple[SourceView, ...]


@dataclass(frozen=True)
class Statement:
    """A plain-words statement with the number of its note."""

    text: str
    note: int


@dataclass(frozen=True)
class Fact:
    """One line of what the person reported: a label and its value in words."""

    label: str
    value: str


@dataclass(frozen=True)
class BloodResult:
    label: str
    value: str
    unit: str
    band: str
    flagged: bool


@dataclass(frozen=True)
class FindingView:
    id: str
    label: str
    kind: str
    certainty: float
    certainty_words: str
    speaks_for: tuple[Statement, ...]
    speaks_against: tuple[Statement, ...]
    behind_referral: bool = False

    @property
    def certainty_text(self) -> str:
        """``weak certainty, 0.28``: in words, with the number once."""
        return certainty_words(self.certainty)


@dataclass(frozen=True)
class ReportView:
    id: str
    error: str | None = None
    level: str = "self_care"
    headline: str = ""
    """How soon, in a few words: the disposition's headline (the level's without one)."""
    when_who: str = ""
    """``When: today. Who: a GP.``, from the report's timeframe and whom to see."""
    referral_sentence: str = ""
    reasons: tuple[Statement, ...] = ()

    presenting: str = ""
    """The presenting complaint in one line: age, sex, what, where, when, how long."""
    red_flags: str = ""
    """``none reported``, ``not asked`` or the red flags present, in words."""
    safety_net: tuple[str, ...] = ()
    """The warning signs that should bring the person back now, each ``when: do``."""
    reported: tuple[Fact, ...] = ()
    blood_results: tuple[BloodResult, ...] = ()
    labs_summary: str = ""
    """Every measured nutrient normal: what that says, and the other causes still worth discussing."""
    rests_on: str = ""
    """What the leading findings rest on, by kind of source (the report's ``rests_on``)."""
    leading: tuple[FindingView, ...] = ()
    also_considered: tuple[str, ...] = ()
    ask_doctor: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()
    withheld: tuple[Statement, ...] = ()
    """Why advice was withheld (each conflict rule's words once, with its note)."""
    not_ruled_out: tuple[str, ...] = ()
    """Red flags, in words, that were not asked or are not known."""
    unknown: tuple[str, ...] = ()
    """The few answers that would change the result most, in words."""
    unknown_more: int = 0
    """How many more answers could change it (all of them are in the JSON report)."""
    notes: tuple[Note, ...] = field(default=())
    note_groups: tuple[tuple[str, tuple[Note, ...]], ...] = ()
    """The notes by what they stand behind: the referral, each finding, advice left out."""
    documents: tuple[DocumentView, ...] = ()
    notice: str = NOTICE
    date: str = ""
    version: str = __version__
    rule_base: str = ""
    """Which rule base produced the report, in one line (version and hash)."""
    about: tuple[tuple[str, str], ...] = ()
    """The transparency block (cli/transparency.py): (element, text) each."""
    about_page: str = ""
    """Where the whole account is (docs/transparency.md)."""

    @property
    def urgent(self) -> bool:
        return self.level == "urgent"

    @property
    def also_considered_text(self) -> str:
        return "; ".join(self.also_considered)

    @property
    def sentence_leads(self) -> bool:
        """Whether the referral sentence starts with the headline (then it is said once)."""
        return bool(self.referral_sentence) and self.referral_sentence.startswith(self.headline)

    @property
    def behind(self) -> tuple[FindingView, ...]:
        """The findings an urgent referral rests on (shown in an urgent report)."""
        return tuple(f for f in self.leading if f.behind_referral)

    @property
    def later(self) -> tuple[FindingView, ...]:
        """The leading findings an urgent report folds: for after the person has been seen."""
        return tuple(f for f in self.leading if not f.behind_referral)

    @property
    def later_text(self) -> str:
        """The findings an urgent report folds, in one line (the leading, then the rest)."""
        return "; ".join([f"{f.label} ({f.certainty_text})" for f in self.later] + list(self.also_considered))


# --- what the person reported -----------------------------------------------------------------


_KEY_LABELS = {
    "age": "Age", "sex": "Sex", "diet": "Diet", "low_intake": "Rarely or never eats",
    "alcohol": "Alcohol", "conditions": "Diagnosed conditions", "sun_exposure": "Sun exposure",
    "darker_skin": "Darker skin", "high_latitude": "Lives far from the equator",
    "exercise_load": "Usual training", "exercise_hours": "Usual session",
    "hot_environment": "Trains in heat", "heavy_sweating": "Sweats heavily",
    "exercise_water_l_per_hour": "Plain water during exercise", "electrolyte_drinks": "Replaces electrolytes",
    "fluid_losses": "Fluid losses", "daily_fluid_intake": "Daily fluids", "severity": "Severity",
    "improves_with_rest": "Improves with rest", "recent_injury": "Began with a specific injury",
    "one_sided": "One limb only",
}
_VALUE_WORDS = {"whole_body": "whole body", "after_exercise": "after exercise",
                "during_exercise": "during exercise", "at_rest": "at rest"}
_ORDER = (
    "age", "sex", "symptoms", "medications", "conditions", "diet", "low_intake", "alcohol",
    "exercise_load", "exercise_hours", "hot_environment", "heavy_sweating", "exercise_water_l_per_hour",
    "electrolyte_drinks", "fluid_losses", "daily_fluid_intake", "sun_exposure", "darker_skin", "high_latitude",
)
_SYMPTOM_PARTS = ("symptoms", "locations", "timing", "duration_days", "severity", "improves_with_rest",
                  "recent_injury", "one_sided")


def words(value: Any) -> str:
    """A fact value in words: ``after exercise``, ``yes``, ``cramps, tingling``."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(words(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return _VALUE_WORDS.get(text, text.replace("_", " "))


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _symptom_line(given: Mapping[str, Any]) -> str | None:
    parts = []
    if given.get("symptoms") is not None:
        parts.append(words(given["symptoms"]) or "none")
    if given.get("locations"):
        parts.append(f"where: {words(given['locations'])}")
    if given.get("timing"):
        parts.append(f"when: {words(given['timing'])}")
    if given.get("duration_days") is not None:
        parts.append(f"for {_days(given['duration_days'])}")
    if given.get("severity") is not None:
        parts.append(words(given["severity"]))
    if given.get("improves_with_rest") is not None:
        parts.append("improves with rest" if given["improves_with_rest"] else "does not improve with rest")
    if given.get("recent_injury"):
        parts.append("began with a specific injury")
    if given.get("one_sided") is not None:
        parts.append("one limb only" if given["one_sided"] else "both sides")
    return "; ".join(parts) if parts else None


def _medication_line(report: Mapping[str, Any], given: Mapping[str, Any]) -> str | None:
    """Each medicine as it was read (``medications_read``), then the names not
    recognised, with a near miss's suggestion."""
    unrecognised = list(report.get("unrecognised_medications") or [])
    suggestions = {s.get("given"): s.get("did_you_mean") for s in report.get("medication_suggestions") or []}
    parts: list[str] = []
    for item in report.get("medications_read") or []:
        what = item.get("generic") or ""
        cls = item.get("class_label") or item.get("class") or ""
        reading = ", ".join(p for p in (what, cls) if p)
        parts.append(f"{item.get('given')} ({reading})" if reading else str(item.get("given")))
    for name in unrecognised:
        hint = suggestions.get(name)
        parts.append(f"{name} (not recognised{f'; did you mean {hint}?' if hint else ''})")
    if not parts:
        return "none" if given.get("medications") == [] else None
    return "; ".join(parts)


def reported_facts(report: Mapping[str, Any]) -> list[Fact]:
    """What the person reported, one line per topic, symptoms first after age and sex."""
    given = report.get("reported") or {}
    lines: list[Fact] = []
    for key in _ORDER:
        if key == "symptoms":
            line = _symptom_line(given)
            if line:
                lines.append(Fact("Symptoms", line))
            continue
        if key == "medications":
            line = _medication_line(report, given)
            if line:
                lines.append(Fact("Medicines", line))
            continue
        if key not in given:
            continue
        value = given[key]
        if key == "exercise_hours":
            text = f"{value:g} hours"
        elif key == "exercise_water_l_per_hour":
            text = f"{value:g} litres an hour"
        else:
            text = words(value) or "none"
        lines.append(Fact(_KEY_LABELS.get(key, key), text))
    shown = set(_ORDER) | set(_SYMPTOM_PARTS) | {"labs"}
    for key in sorted(set(given) - shown):  # keys a later vocabulary adds
        lines.append(Fact(_KEY_LABELS.get(key, key.replace("_", " ")), words(given[key])))
    return lines


def blood_results(report: Mapping[str, Any]) -> list[BloodResult]:
    """Every blood result given (``labs_read``), with its value, unit and band."""
    return [BloodResult(str(r.get("label") or r.get("analyte")), words(r.get("value")), str(r.get("unit") or ""),
                        str(r.get("band_label") or r.get("band") or "").replace("_", " "),
                        r.get("band") not in ("normal", None))
            for r in report.get("labs_read") or []]


def unknown_words(keys: Sequence[str]) -> list[str]:
    """The keys still unknown, in words, most consequential first; the blood
    tests among them as one item."""

    return unknown_phrases(keys)


_RED_FLAG_WORDS = dict(RED_FLAGS)
_WHEN = {"night": "at night", "anytime": "at any time"}


def presenting_complaint(report: Mapping[str, Any]) -> str:
    """``34-year-old female: fatigue, aches and bone pain in the legs, at night, for 60 days``."""
    given = report.get("reported") or {}
    who = []
    if given.get("age") is not None:
        who.append(f"{given['age']}-year-old")
    if given.get("sex") in ("female", "male"):
        who.append(str(given["sex"]))
    person = " ".join(who) if who else "Person"
    person = person[0].upper() + person[1:]
    symptoms = [s for s in given.get("symptoms") or [] if s not in _RED_FLAG_WORDS]
    what = join_words([word(s) for s in symptoms]) if symptoms else "muscle symptoms"
    if given.get("locations"):
        what += " in the " + join_words([word(loc) for loc in given["locations"]])
    parts = [what]
    if given.get("timing"):
        parts.append(join_words([_WHEN.get(t, word(t)) for t in given["timing"]]))
    if given.get("duration_days") is not None:
        parts.append(f"for {_days(given['duration_days'])}")
    if given.get("one_sided"):
        parts.append("one side only")
    return f"{person}: {', '.join(parts)}."


def red_flags_line(report: Mapping[str, Any], short: Digest) -> str:
    """Which red flags the person has, ``none reported``, or ``not asked``."""
    present = [_RED_FLAG_WORDS[s] for s in (report.get("reported") or {}).get("symptoms") or []
               if s in _RED_FLAG_WORDS]
    if present:
        return join_words(present)
    if short.not_ruled_out:
        return "not asked" if len(short.not_ruled_out) == len(RED_FLAGS) else \
            "none reported; not asked: " + join_words(short.not_ruled_out)
    return "none reported"


# --- building the view --------------------------------------------------------------------------


class _Notes:
    """Numbers the rules behind statements in order of first appearance, and
    marks the documents they cite A, B, C… in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.notes: list[Note] = []
        self.documents: dict[str, DocumentView] = {}

    def statement(self, item: Mapping[str, Any]) -> Statement:
        rule = str(item.get("rule"))
        number = self.numbers.get(rule)
        if number is None:
            number = self.numbers[rule] = len(self.notes) + 1
            self.notes.append(Note(number, rule, tuple(self._source(s) for s in item.get("sources") or [])))
        return Statement(str(item.get("says", "")), number)

    def _source(self, source: Mapping[str, Any]) -> SourceView:
        from sorewhy.cli.formatting import kind_words
        from sorewhy.knowledge.source_kinds import kind_of

        kind = kind_words(str(source.get("kind") or kind_of(source)))
        if "doc" not in source:
            return SourceView(str(source.get("ref", "")), url=str(source.get("url", "")), kind=kind)
        name = str(source["doc"])
        document = self.documents.get(name)
        if document is None:
            document = self.documents[name] = DocumentView(_mark(len(self.documents)), title_of(name))
        return SourceView(document.title, str(source.get("section", "")), str(source.get("quote", "")),
                          mark=document.mark, kind=kind)


def _mark(index: int) -> str:
    """A, B, … Z, AA, AB, …"""
    mark = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        mark = chr(ord("A") + rest) + mark
    return mark


def _finding_view(finding: Mapping[str, Any], notes: _Notes, behind: bool) -> FindingView:
    certainty = float(finding.get("certainty", 0))
    return FindingView(
        id=str(finding.get("id")), label=str(finding.get("label")), kind=str(finding.get("kind")),
        certainty=certainty, certainty_words=in_words(certainty),
        speaks_for=tuple(notes.statement(e) for e in finding.get("evidence") or []),
        speaks_against=tuple(notes.statement(e) for e in finding.get("against") or []),
        behind_referral=behind,
    )


def _advice(report: Mapping[str, Any], short: Digest) -> tuple[list[str], list[str]]:
    """What to ask the doctor (each leading deficiency's confirming test, or,
    for a result the report already has, that result's band in words) and the
    digest's advice for the leading findings, each said once, the supplements
    advice last; when no finding leads, the digest's general advice. An urgent
    report has neither: it says what to do now."""

    if short.urgent:
        return [], []
    kb = load()
    given = given_results(report)
    ask: list[str] = []
    for finding in short.leading:
        info = kb.findings.get(str(finding.get("id")))
        if info is None or info.kind != "deficiency":
            continue
        results = given.get(str(finding.get("id")))
        said = " ".join(lab_band_sentence(r) for r in results) if results else f"{info.confirm}."
        text = f"{finding.get('label')}: {said}"
        if text not in ask:
            ask.append(text)
    advice: list[str] = []
    for _, items in short.advice:
        advice.extend(item for item in items if not item.startswith(CONFIRM_PREFIX) and item not in advice)
    if not short.leading:
        advice.extend(short.general)
    if short.supplements:
        advice.append(short.supplements)
    return ask, advice


def _withheld(short: Digest, notes: _Notes) -> list[Statement]:
    """Why advice was withheld, each rule's words once."""
    out: list[Statement] = []
    seen: set[str] = set()
    for item in short.withheld:
        for because in item.get("because") or []:
            if because.get("rule") not in seen:
                seen.add(str(because.get("rule")))
                out.append(notes.statement(because))
    return out


def report_view(report: Mapping[str, Any], date: datetime.date | None = None) -> ReportView:
    """The view of one report (an evaluated profile, or one that could not be)."""
    rid = str(report.get("id"))
    when = (date or today()).isoformat()
    stamp = report.get("rule_base") or {}
    version = stamp.get("version") or __version__
    stamp_line = rule_base_line(stamp) if stamp.get("sha256") else f"Rule base: sorewhy {version}"
    notice = str(report.get("notice") or NOTICE)
    from sorewhy.cli.transparency import PAGE, transparency_block

    about: dict[str, Any] = {"about": transparency_block(report), "about_page": PAGE}
    if report.get("error"):
        # A broken profile keeps the urgent referral of a red flag named in
        # its valid parts (engine/salvage.py): shown beside the error.
        kept = report.get("referral")
        net = tuple(safety_net_lines(report))  # the general safety net: a broken profile is still told
        if not isinstance(kept, Mapping) or not kept.get("reasons"):
            return ReportView(id=rid, error=str(report["error"]), notice=notice, date=when, version=version,
                              rule_base=stamp_line, safety_net=net, **about)
        notes = _Notes()
        level = str(kept.get("level", "urgent"))
        kept_reasons = tuple(notes.statement({**r, "says": reason_words(r)}) for r in kept.get("reasons") or [])
        return ReportView(id=rid, error=str(report["error"]), level=level,
                          headline=headline(kept), when_who=when_and_who(kept),
                          referral_sentence=str(kept.get("advice", "")),
                          reasons=kept_reasons,
                          note_groups=(("Referral", tuple(notes.notes)),) if notes.notes else (),
                          notes=tuple(notes.notes), documents=tuple(notes.documents.values()),
                          notice=notice, date=when, version=version, rule_base=stamp_line, safety_net=net,
                          **about)
    referral = report.get("referral") or {"level": "self_care", "reasons": [], "advice": ""}
    level = str(referral.get("level", "self_care"))
    notes = _Notes()
    reasons = tuple(notes.statement({**r, "says": reason_words(r)}) for r in referral.get("reasons") or [])
    short = digest(report)
    behind = short.urgent.findings if short.urgent else []
    views = tuple(_finding_view(f, notes, f in behind) for f in short.leading)
    ask, advice = _advice(report, short)
    withheld = [] if short.urgent else _withheld(short, notes)
    unknown, more = unknown_summary(report.get("unknown") or [])
    title = headline(referral)
    sentence = referral_sentence(report)
    by_number = {nt.number: nt for nt in notes.notes}
    groups: list[tuple[str, tuple[Note, ...]]] = []
    placed: set[int] = set()
    for name, said in [("Referral", reasons), *((f.label, f.speaks_for + f.speaks_against) for f in views),
                       ("Advice left out", tuple(withheld))]:
        numbers = sorted({st.note for st in said} - placed)
        placed.update(numbers)
        if numbers:
            groups.append((name, tuple(by_number[n] for n in numbers)))
    return ReportView(
        id=rid,
        level=level,
        headline=title,
        when_who=when_and_who(referral),
        referral_sentence=sentence,
        reasons=reasons,
        presenting=presenting_complaint(report),
        red_flags=red_flags_line(report, short),
        safety_net=tuple(safety_net_lines(report)),
        reported=tuple(reported_facts(report)),
        blood_results=tuple(blood_results(report)),
        labs_summary=str(report.get("labs_summary") or ""),
        rests_on=str((report.get("rests_on") or {}).get("says") or "") if views else "",
        leading=views,
        also_considered=tuple(finding_words(f) for f in short.folded),
        ask_doctor=tuple(ask),
        advice=tuple(advice),
        withheld=tuple(withheld),
        not_ruled_out=tuple(short.not_ruled_out),
        unknown=tuple(unknown),
        unknown_more=more,
        notes=tuple(notes.notes),
        note_groups=tuple(groups),
        documents=tuple(notes.documents.values()),
        notice=notice,
        date=when,
        version=str(version),
        rule_base=stamp_line,
        **about,
    )
