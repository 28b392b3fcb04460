"""`sorewhy summarize`: a batch summary of report files, as a table, JSON
and a chart image."""

from __future__ import annotations

import click

from sorewhy.cli.main import EXIT_OK, EXIT_USAGE
from sorewhy.cli.output import atomic_output, check_outputs, open_output

FORMATS = ("table", "json")


@click.command("summarize")
@click.argument("reports", nargs=-1, required=True, metavar="REPORTS...")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table for people, json for programs.")
@click.option("-o", "--output", metavar="FILE", help="Write the summary to FILE (replaced only when complete).")
@click.option("--chart", metavar="FILE.svg", help="Also draw the summary as a chart, a self-contained SVG image.")
@click.option("--against", "against", metavar="OLD_SUMMARY.json",
              help="Also show what moved since an older summary (`summarize --format json` of another wave of a "
                   "survey, or of the same profiles under another version of the rule base).")
@click.pass_context
def summarize(ctx: click.Context, reports: tuple[str, ...], fmt: str, output: str | None,
              chart: str | None, against: str | None) -> None:
    """Summarize the reports in REPORTS: how many profiles, how many could
    not be evaluated, the referral levels, how often each finding leads
    a report and appears in one, and how often each rule fired.

    Firing rates need the full reports (.json, .jsonl): compact rows (.csv,
    .parquet) carry no fired rule ids; the rates are over the evaluated
    profiles whose reports carry them. With --against OLD_SUMMARY.json the
    summary also says what moved: the referral levels, the leading findings
    and the rules' firing rates, each share before and after.

    REPORTS are files that `sorewhy evaluate` wrote: .json (--format json),
    .jsonl (--format jsonl), .csv (--format csv) or .parquet (--format
    parquet, needs sorewhy[parquet]); - reads JSON or JSON Lines reports from
    standard input. Files are read one report at a time, so any size fits.

    A file that cannot be read as reports is named on stderr and the others
    are still summarized (exit 2).

    \b
    Examples:
      sorewhy evaluate survey.csv --format csv --output reports.csv
      sorewhy summarize reports.csv
      sorewhy summarize reports.csv --format json --chart summary.svg
      sorewhy evaluate examples/*.yaml --format jsonl | sorewhy summarize -
      sorewhy summarize wave2.jsonl --against wave1-summary.json
    """
    from sorewhy.engine.compact import CompactFileError
    from sorewhy.engine.summary import Summary, SummaryFileError, drift, read_rows, read_summary, report_format

    if chart is not None:
        if not chart.lower().endswith(".svg"):
            raise click.UsageError(f"--chart {chart}: expected a file name ending in .svg")
    check_outputs([("--output", output), ("--chart", chart)], reports)
    old_summary = None
    if against is not None:
        try:
            old_summary = read_summary(against)
        except SummaryFileError as exc:
            from sorewhy.cli.output import LineError

            raise LineError(str(exc)) from None
    for path in reports:
        if path != "-":
            try:
                report_format(path)
            except CompactFileError as exc:
                raise click.UsageError(str(exc)) from None
    summary = Summary()
    failed = 0
    for path in reports:
        summary.sources.append("<stdin>" if path == "-" else path)
        try:
            for row in read_rows(path, with_fired=True):
                summary.add(row)
        except CompactFileError as exc:
            failed += 1
            click.echo("sorewhy: " + " ".join(str(exc).split()), err=True)
    data = summary.as_dict()
    if old_summary is not None:
        data["drift"] = {"against": against, **drift(old_summary, data)}
    with open_output(output, reports) as stream:
        stream.write(_json(data) if fmt == "json" else summary_table(data, _labels()))
    if chart is not None:
        with atomic_output(chart, reports, "--chart") as stream:
            stream.write(render(data, chart))
    if failed:
        click.echo(f"sorewhy: {failed} of {len(reports)} file{'s' if len(reports) != 1 else ''} "
                   "could not be read as reports", err=True)
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_OK)


def render(data: dict, path: str) -> str:
    """A summary as the file name asks for it: ``.json`` JSON, ``.svg`` the
    chart, anything else the table."""
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    if suffix == "json":
        return _json(data)
    if suffix == "svg":
        from sorewhy.cli.chart import summary_svg

        return summary_svg(data, _labels())
    return summary_table(data, _labels())


def _labels() -> dict[str, str]:
    from sorewhy.knowledge import load

    return {fid: info.label for fid, info in load().findings.items()}


def _json(data: dict) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _percent(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.1f}%"


def _urgent_errors(data: dict) -> str:
    n = data.get("errors_urgent") or 0
    return f", {n:,} of them urgent (a red flag read from the valid parts)" if n else ""


def summary_table(data: dict, labels: dict[str, str]) -> str:
    """The summary as text tables, the notice at the end."""
    from tabulate import tabulate

    from sorewhy.cli.formatting import LEVEL_WORDS

    lines = [f"{data['profiles']:,} profiles: {data['evaluated']:,} evaluated, {data['errors']:,} "
             f"error{'s' if data['errors'] != 1 else ''}{_urgent_errors(data)} (from {len(data['sources'])} "
             f"file{'s' if len(data['sources']) != 1 else ''})", ""]
    rows = [(f"{LEVEL_WORDS.get(level, level)} ({level})", f"{item['count']:,}", _percent(item["share"]))
            for level, item in data["referral"].items()]
    lines += tabulate(rows, headers=["referral", "profiles", "share"], colalign=("left", "right", "right"),
                      disable_numparse=True).splitlines()
    lines.append("")
    finding_rows = [(f"{labels.get(f['id'], f['id'])} ({f['id']})", f"{f['leads']:,}", _percent(f["leads_share"]),
             f"{f['appears']:,}", _percent(f["appears_share"]),
             "" if f["mean_certainty"] is None else f"{f['mean_certainty']:.2f}")
            for f in data["findings"]]
    finding_rows.append(("no finding", f"{data['no_finding']['count']:,}", _percent(data["no_finding"]["share"]),
                         "", "", ""))
    lines += tabulate(finding_rows, headers=["finding", "leads", "share", "appears", "share", "mean certainty"],
                      colalign=("left", "right", "right", "right", "right", "right"),
                      disable_numparse=True).splitlines()
    lines.append("")
    lines.append("Shares are of the evaluated profiles. A finding leads a report when it is its first "
                 "(most certain) finding.")
    lines.append("")
    lines += rules_table(data)
    if data.get("drift") is not None:
        lines += drift_table(data["drift"], labels)
    lines.append(data["notice"])
    return "\n".join(lines) + "\n"


def rules_table(data: dict) -> list[str]:
    """How often each rule fired, or why that is not known."""
    from tabulate import tabulate

    known = data.get("rules_known") or 0
    if not known:
        return ["Rule firing rates: not known (compact CSV or Parquet rows carry no fired rule ids; summarize the "
                "JSON or JSON Lines reports).", ""]
    rows = [(r["id"], f"{r['fired']:,}", _percent(r["share"])) for r in data.get("rules") or []]
    lines = tabulate(rows, headers=["rule", "fired", "share"], colalign=("left", "right", "right"),
                     disable_numparse=True).splitlines()
    lines.append(f"Rule firing shares are of the {known:,} evaluated profiles whose reports list the rules that "
                 "fired; rules that never fired are not listed.")
    return [*lines, ""]


def _points(change: float | None) -> str:
    return "" if change is None else f"{100 * change:+.1f} pts"


def _side(count: int, share: float | None) -> str:
    return f"{count:,}" + (f" ({100 * share:.1f}%)" if share is not None else "")


def drift_table(moved: dict, labels: dict[str, str]) -> list[str]:
    """What moved since the older summary, as text tables."""
    from tabulate import tabulate

    from sorewhy.cli.formatting import LEVEL_WORDS

    head = (f"Since {moved['against']}: {moved['profiles']['before']:,} -> {moved['profiles']['after']:,} "
            "profiles")
    bases = moved.get("rule_base") or {}
    if bases.get("before") and bases.get("after") and bases["before"] != bases["after"]:
        def stamp(items: list) -> str:
            return ", ".join(f"{s.get('version')} {str(s.get('sha256', ''))[:12]}" for s in items)

        head += f"; rule base {stamp(bases['before'])} -> {stamp(bases['after'])}"
    lines = [head]
    sections = [("referral", "referral", lambda i: f"{LEVEL_WORDS.get(i, i)} ({i})"),
                ("leading", "leading finding", lambda i: f"{labels.get(i, i)} ({i})"),
                ("rules", "rule fired", lambda i: i)]
    anything = False
    for key, title, name in sections:
        if not moved.get(key):
            continue
        anything = True
        rows = [(name(m["id"]), _side(m["before"], m["share_before"]), _side(m["after"], m["share_after"]),
                 _points(m["share_change"])) for m in moved[key]]
        lines.append("")
        lines += tabulate(rows, headers=[title, "before", "after", "change"],
                          colalign=("left", "right", "right", "right"), disable_numparse=True).splitlines()
    if not anything:
        lines.append("Nothing moved: the referral levels, leading findings and firing rates are the same.")
    if not moved.get("rules_compared"):
        lines.append("Firing rates not compared: one of the two summaries was made from compact rows, which carry "
                     "no fired rule ids.")
    return [*lines, ""]


