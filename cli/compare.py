"""`sorewhy compare BEFORE AFTER`: which profiles' reports differ between two
report files, and which rules' firing differs for each (#25)."""

from __future__ import annotations

import click

from sorewhy.cli.output import LineError
from sorewhy.engine.compare import Comparison


@click.command("compare")
@click.argument("before", metavar="BEFORE")
@click.argument("after", metavar="AFTER")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@click.pass_context
def compare(ctx: click.Context, before: str, after: str, fmt: str) -> None:
    """Compare two report files of the same profiles, matched by id: list
    every profile whose disposition, referral level, leading findings
    (the first three), evaluation (an error on one side only) or fired rules
    differ, with the rules that stopped (-) or started (+) firing for it; then
    the counts by kind of change and, for each rule, in how many profiles its
    firing changed.

    BEFORE and AFTER are files `sorewhy evaluate` wrote: .json, .jsonl, or the
    compact .csv / .parquet rows. Compact rows carry no fired rule ids, only
    the referral's reasons: with a compact file on either side the rules
    compared are those, and the output says so.

    Exit 0 when no profile differs, 1 when any does, 2 for a usage error
    (a file that is missing or not reports).

    \b
    Examples:
      sorewhy evaluate cases.json --format json --output after.json
      sorewhy compare before.json after.json
      benchmarks/compare_revisions.sh main      # BEFORE from another revision
    """
    from sorewhy.engine.compact import CompactFileError
    from sorewhy.engine.compare import compare_files
    from sorewhy.engine.summary import report_format

    for path in (before, after):
        try:
            report_format(path)
        except CompactFileError as exc:
            raise LineError(str(exc)) from None
    try:
        result = compare_files(before, after)
    except CompactFileError as exc:
        raise LineError(str(exc)) from None
    if fmt == "json":
        from sorewhy.cli.formatting import dumps

        click.echo(dumps(result.as_dict()))
    else:
        click.echo(comparison_text(result))
    ctx.exit(1 if result.differs else 0)


def comparison_text(result: Comparison) -> str:
    """The comparison for people: one line per profile that differs, then the counts."""
    lines: list[str] = []
    before, after = result.rule_base_before, result.rule_base_after
    if before and after and before != after:
        lines.append(f"rule base: {_stamps(before)} -> {_stamps(after)}")
    lines += [change.line() for change in result.changes]
    if result.changes:
        lines.append("")
    lines.append(result.count_line())
    counts = result.rule_counts()
    if counts:
        lines.append("rules whose firing changed: " + ", ".join(
            f"{rid} ({_times(c)})" for rid, c in counts.items()))
    if result.rules_compared != "fired":
        lines.append("note: a compact file (CSV or Parquet) carries no fired rule ids; the rules compared are the "
                     "referral's reasons only (use --format json or jsonl reports to compare every rule)")
    return "\n".join(lines)


def _stamps(stamps: list[dict]) -> str:
    return ", ".join(f"{s.get('version')} {str(s.get('sha256', ''))[:12]}" for s in stamps)


def _times(counts: dict[str, int]) -> str:
    parts = []
    if counts["stopped"]:
        parts.append(f"stopped in {counts['stopped']}")
    if counts["started"]:
        parts.append(f"started in {counts['started']}")
    return ", ".join(parts)
