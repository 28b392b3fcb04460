"""`sorewhy trace`: the firing sequence of the rules, for review.

For each profile: every step (rule firing) with the facts the rule matched
(of the Person fact only the keys the rule tests), what it asserted and its
sources, then the final report. ``--rule ID`` keeps only that rule: where it
fired, or why it did not (which of the keys it tests were unknown or failed
their test, which intermediate facts it lacked). ``--explain ID`` and
``--why-not ID`` print, instead of the steps, the explanations the interview
gives at its result (`how ID`, `why-not ID`), built by `sorewhy.cli.explain`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, TextIO

import click

from sorewhy import NOTICE
from sorewhy.cli.formatting import (
    ReportWriter,
    Style,
    dumps,
    md,
    md_code,
    md_source,
    plain,
    report_text,
    source_text,
    value_text,
)
from sorewhy.cli.main import EXIT_OK, EXIT_PROFILE_ERRORS
from sorewhy.cli.output import colour_wanted, open_output
from sorewhy.cli.rules import find_rule


@click.command("trace")
@click.argument("file", metavar="FILE")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json", "dot", "html"]),
              default="text", show_default=True,
              help="text or markdown for review; json for programs; dot (Graphviz) or html to see the "
                   "reasoning as a graph.")
@click.option("--rule", "rule_id", metavar="ID",
              help="Show only where rule ID fired, or why it did not fire.")
@click.option("--explain", "explain_id", metavar="ID",
              help="Instead of the steps, how finding ID (or `referral`) was reached, rule by rule.")
@click.option("--why-not", "why_not_id", metavar="ID",
              help="Instead of the steps, why finding ID is not in the result or not higher, or why rule ID "
                   "did not fire.")
@click.option("-o", "--output", metavar="FILE", help="Write the trace to FILE (replaced only when complete).")
@click.pass_context
def trace(ctx: click.Context, file: str, fmt: str, rule_id: str | None, explain_id: str | None,
          why_not_id: str | None, output: str | None) -> None:
    """Show, for each profile in FILE, the rules in the order they fired.

    Each step gives the rule id, the facts it matched (for the person, only
    the keys the rule tests), what it asserted and its sources (document,
    section, quote); then the final report. FILE is any facts file that
    `sorewhy evaluate` reads, or - for standard input.

    \b
    Examples:
      sorewhy trace examples/vegan-runner.yaml
      sorewhy trace examples/vegan-runner.yaml --format markdown
      sorewhy trace examples/vegan-runner.yaml --format html --output trace.html
      sorewhy trace examples/vegan-runner.yaml --rule magnesium.night-cramps
      sorewhy trace examples/vegan-runner.yaml --rule magnesium.lab-low
      sorewhy trace examples/vegan-runner.yaml --explain vitamin_b12
      sorewhy trace examples/swollen-calf.yaml --explain referral --format json
      sorewhy trace examples/vegan-runner.yaml --why-not iron
    """
    meta = find_rule(rule_id) if rule_id else None  # an unknown id fails before any work
    explaining = explain_id is not None or why_not_id is not None
    if explaining:
        check_explain_options(fmt, rule_id, explain_id, why_not_id)
    from sorewhy.engine.api import Evaluator
    from sorewhy.engine.loaders import read_profiles
    from sorewhy.engine.provenance import rule_base_stamp

    evaluator = Evaluator()
    errors = 0
    with open_output(output, [file]) as stream:
        writer = _WRITERS[fmt](stream, Style(colour_wanted(stream)))
        writer.begin()
        for entry in read_profiles(file):
            if entry.error is not None or entry.profile is None:
                errors += 1
                click.echo("sorewhy: " + " ".join(str(entry.error).split()), err=True)
                item = {"id": entry.id, "error": str(entry.error), "notice": NOTICE, "rule_base": rule_base_stamp()}
                if entry.salvaged is not None:
                    # The red flags of its valid parts still refer it (engine/salvage.py).
                    from sorewhy.engine.salvage import red_flag_referral

                    referral, fired = red_flag_referral(entry.salvaged)
                    if referral is not None:
                        item["referral"], item["fired"] = referral, fired
                writer.write(item)
                continue
            where = entry.source if entry.profile.id is not None else f"{entry.source}, {entry.where}"
            if explaining:
                writer.write(profile_explanations(entry.profile, entry.id, where, evaluator, explain_id,
                                                  why_not_id))
                continue
            evaluation = evaluator.run(entry.profile, entry.id, trace=True)
            writer.write(profile_trace(evaluation, where, meta))
        writer.end()
    ctx.exit(EXIT_PROFILE_ERRORS if errors else EXIT_OK)


# --- building a trace -----------------------------------------------------------------


@functools.cache
def _tested_person_keys(rule_id: str) -> tuple[str, ...]:
    from sorewhy.engine.introspect import rule_base

    return rule_base()[rule_id].person_keys(negated=False)


def _asserters() -> dict[str, tuple[str, ...]]:
    """Intermediate fact -> the rules that assert it."""
    from sorewhy.engine.introspect import rule_base

    return rule_base().asserted


def fact_view(fact: Any, rule_id: str) -> dict[str, Any] | None:
    """One matched fact as {"fact": type, "values": {...}}; a Person shows
    only the keys the rule tests. None for Experta's bookkeeping facts."""
    from sorewhy.rules.base import Inferred, Lab, Person

    if isinstance(fact, Person):
        keys = _tested_person_keys(rule_id)
        return {"fact": "Person", "values": {k: plain(fact[k]) for k in keys if k in fact}}
    if isinstance(fact, (Lab, Inferred)):
        return {"fact": type(fact).__name__, "values": plain(fact.as_dict())}
    return None


def _in_declared_order(facts: Any) -> list[Any]:
    """A rule's matched facts in the order they were declared: the engine
    holds them in a set, whose order follows the hash seed."""
    def order(fact: Any) -> tuple[int, int]:
        index = getattr(fact, "__factid__", None)
        return (0, index) if isinstance(index, int) else (1, 0)

    return sorted(facts, key=order)


def profile_trace(evaluation: Any, where: str, meta: Any | None) -> dict[str, Any]:
    """The trace of one evaluated profile as plain data."""
    from sorewhy.rules import rule_index

    index = rule_index()
    report = evaluation.report
    steps = []
    for step in evaluation.state.steps or []:
        if meta is not None and step.rule != meta.id:
            continue
        facts = [v for v in (fact_view(f, step.rule) for f in _in_declared_order(step.facts)) if v is not None]
        steps.append({
            "step": step.step,
            "rule": step.rule,
            "facts": facts,
            "asserted": list(step.asserted),
            "sources": [s.as_dict() for s in index[step.rule].sources],
        })
    out: dict[str, Any] = {"id": report["id"], "where": where, "steps": steps}
    if meta is None:
        out["report"] = report
        return out
    from sorewhy.cli.ruletext import diagnose

    fired = meta.id in report["fired"]
    out["rule"] = {
        "id": meta.id,
        "fired": fired,
        "why_not": None if fired else diagnose(meta, evaluation.facts, evaluation.state.inferred,
                                               _asserters(), report["fired"]).as_dict(),
    }
    return out


# --- explanations (--explain, --why-not) -----------------------------------------------

EXPLAIN_FORMATS = ("text", "markdown", "json")


def check_explain_options(fmt: str, rule_id: str | None, explain_id: str | None, why_not_id: str | None) -> None:
    """Fail before any work on a combination or an id the explanations cannot take."""
    from sorewhy.knowledge import load as load_knowledge
    from sorewhy.rules import rule_index

    if rule_id is not None:
        raise click.UsageError("--rule shows the steps; --explain and --why-not replace them: give one or the other")
    if fmt not in EXPLAIN_FORMATS:
        raise click.UsageError(f"--explain and --why-not print as {', '.join(EXPLAIN_FORMATS)}, not {fmt}")
    findings = list(load_knowledge().findings)
    if explain_id is not None and explain_id not in (*findings, "referral"):
        raise click.BadParameter(f"no finding {explain_id!r}; one of: {', '.join(findings)}, or referral",
                                 param_hint="--explain")
    if why_not_id is not None and why_not_id not in findings and why_not_id not in rule_index():
        find_rule(why_not_id)  # names the closest rule ids
        raise AssertionError("find_rule returns only known ids")  # pragma: no cover


def reported_profile(profile: Any) -> dict[str, Any]:
    """A validated profile as the facts mapping it was read from (blood
    results as given, with their units): what the explanations evaluate."""
    from sorewhy.engine.api import reported_facts

    facts = reported_facts(profile)
    labs = {}
    for name in type(profile.labs).model_fields if profile.labs is not None else ():
        value = getattr(profile.labs, name)
        if value is not None:
            labs[name] = {"value": value.value, "unit": value.unit} if hasattr(value, "unit") else value
    if labs:
        facts["labs"] = labs
    return facts


def profile_explanations(profile: Any, profile_id: str, where: str, evaluator: Any, explain_id: str | None,
                         why_not_id: str | None) -> dict[str, Any]:
    """{"id", "where", "explain": HowReached, "why_not": WhyNot, "notice"} as plain data
    (a key only for the explanation asked for)."""
    from sorewhy.cli.explain import explain_how, explain_why_not

    facts = reported_profile(profile)
    report = evaluator.run(profile, profile_id).report
    out: dict[str, Any] = {"id": profile_id, "where": where}
    if explain_id is not None:
        out["explain"] = explain_how(explain_id, report, facts, evaluator, profile_id).as_dict()
    if why_not_id is not None:
        out["why_not"] = explain_why_not(why_not_id, report, facts, evaluator, profile_id).as_dict()
    out["notice"] = NOTICE
    return out


def explanation_lines(item: Mapping[str, Any]) -> list[str]:
    """The explanations of one profile as the interview prints them."""
    from sorewhy.cli.explain import HowReached, Step, WhyNot

    lines: list[str] = []
    if "explain" in item:
        how = dict(item["explain"])
        how["steps"] = [Step(**step) for step in how["steps"]]
        lines.extend(HowReached(**how).lines())
    if "why_not" in item:
        why = WhyNot(**item["why_not"])
        lines.extend(why.lines(limit=len(why.rules)))
    return lines


# --- text ------------------------------------------------------------------------------


_NO_FACTS = "(no facts: it fires on the absence of others)"


def fact_texts(facts: list[Mapping[str, Any]]) -> list[str]:
    """``Person(diet=vegan, symptoms=[cramps])`` for each matched fact."""
    parts = []
    for fact in facts:
        values = ", ".join(f"{k}={value_text(v)}" for k, v in fact["values"].items())
        parts.append(f"{fact['fact']}({values})")
    return parts


def facts_text(facts: list[Mapping[str, Any]]) -> str:
    return "; ".join(fact_texts(facts)) or _NO_FACTS


def _why_not_lines(why: Mapping[str, Any]) -> list[str]:
    from sorewhy.cli.ruletext import Diagnosis

    return Diagnosis(**why).lines()


class _TraceWriter(ReportWriter):
    """Writes traces one at a time (as ReportWriter writes reports)."""


def rule_verdict(item: Mapping[str, Any]) -> tuple[str, list[str]] | None:
    """For ``--rule``: where the rule fired (``fired at step 3, 5.``) or that it
    did not, with why (one line each); None without ``--rule``."""
    rule = item.get("rule")
    if rule is None:
        return None
    if rule["fired"]:
        return f"fired at step {', '.join(str(st['step']) for st in item['steps'])}.", []
    return "did not fire:", _why_not_lines(rule["why_not"])


class TextTrace(_TraceWriter):
    def _write(self, item: Mapping[str, Any]) -> None:
        s = self.style
        w = self.stream.write
        if self.count:
            w("\n")
        if item.get("error"):
            w(f"{s.bold(str(item['id']))}: {s.error('could not be evaluated')}: {item['error']}\n")
            if item.get("referral"):
                level = item["referral"]["level"]
                w(f"  {s.level(level, level)}: red-flag rules fired on its valid parts: {', '.join(item['fired'])}\n")
            return
        w(s.bold(f"Trace of {item['id']} ({item['where']})") + "\n")
        if "explain" in item or "why_not" in item:
            w("".join(f"{line}\n" for line in explanation_lines(item)))
            return
        verdict = rule_verdict(item)
        if verdict is not None:
            w(f"{item['rule']['id']} {verdict[0]}\n" + "".join(f"  {line}\n" for line in verdict[1]))
        for step in item["steps"]:
            w(f"\nstep {step['step']}  {s.bold(step['rule'])}\n")
            w(f"  {'matched:':10}{facts_text(step['facts'])}\n")
            w(f"  {'asserted:':10}{'; '.join(step['asserted']) or '(nothing new: the rule had already fired)'}\n")
            for n, source in enumerate(step["sources"]):
                w(f"  {'sources:' if n == 0 else '':10}{source_text(source)}\n")
        if "report" in item:
            w("\n" + s.bold("Report") + "\n")
            w(report_text(item["report"], s))

    def end(self) -> None:
        self.stream.write("\n" + self.style.dim(NOTICE) + "\n")


class MarkdownTrace(_TraceWriter):
    def begin(self) -> None:
        self.stream.write(f"# sorewhy trace\n\n> **{md(NOTICE)}**\n\n")

    def _write(self, item: Mapping[str, Any]) -> None:
        w = self.stream.write
        w(f"## Trace of {md(str(item['id']))}\n\n")
        if item.get("error"):
            w(f"**Could not be evaluated:** {md(item['error'])}\n\n")
            if item.get("referral"):
                w(f"**{md(item['referral']['level'])}**: red-flag rules fired on its valid parts: "
                  f"{', '.join(md_code(r) for r in item['fired'])}\n\n")
            return
        w(f"Profile: {md(item['where'])}.\n\n")
        if "explain" in item or "why_not" in item:
            w("```text\n" + "".join(f"{line}\n" for line in explanation_lines(item)).lstrip("\n") + "```\n\n")
            return
        verdict = rule_verdict(item)
        if verdict is not None:
            w(f"{md_code(item['rule']['id'])} {verdict[0]}\n\n")
            if verdict[1]:
                w("".join(f"- {md_code(line)}\n" for line in verdict[1]) + "\n")
        for step in item["steps"]:
            w(f"### Step {step['step']}: {md_code(step['rule'])}\n\n")
            w(f"- Matched: {'; '.join(md_code(t) for t in fact_texts(step['facts'])) or md(_NO_FACTS)}\n")
            asserted = "; ".join(md_code(a) for a in step["asserted"]) or "nothing new: the rule had already fired"
            w(f"- Asserted: {asserted}\n")
            w("- Sources:\n")
            w("".join(f"  - {md_source(source)}\n" for source in step["sources"]) + "\n")
        if "report" in item:
            from sorewhy.cli.document import markdown_section

            w(markdown_section(item["report"], level=3).replace("### ", "### Report: ", 1) + "\n")

    def end(self) -> None:
        self.stream.write(f"## Not medical advice\n\n{md(NOTICE)}\n")


class JsonTrace(_TraceWriter):
    """A JSON array of traces, streamed."""

    def _write(self, item: Mapping[str, Any]) -> None:
        body = "\n".join("  " + line for line in dumps(item).splitlines())
        self.stream.write(("[\n" if self.count == 0 else ",\n") + body)

    def end(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")


def _graph_writer(kind: str) -> Any:
    """The graph formats live in `sorewhy.cli.trace_graph`, imported only when used."""

    def make(stream: TextIO, style: Style) -> Any:
        from sorewhy.cli import trace_graph

        return trace_graph.DotTrace(stream, style) if kind == "dot" else trace_graph.HtmlTrace(stream, style)

    return make


_WRITERS: dict[str, Any] = {"text": TextTrace, "markdown": MarkdownTrace, "json": JsonTrace,
                            "dot": _graph_writer("dot"), "html": _graph_writer("html")}

