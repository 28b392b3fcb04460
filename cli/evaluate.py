"""`sorewhy evaluate`: batch evaluation of facts files."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from sorewhy.cli import collection, compact
from sorewhy.cli.formatting import FORMATS, WRITERS, Style
from sorewhy.cli.main import EXIT_OK, EXIT_PROFILE_ERRORS, EXIT_USAGE
from sorewhy.cli.output import check_outputs, colour_wanted, open_output
from sorewhy.cli.progress import Progress, estimate_profiles

if TYPE_CHECKING:
    from sorewhy.engine.batch import BatchStats

MAX_ERROR_LINES = 20
"""Profile errors echoed on stderr; the rest are only in the reports."""

MAX_JOBS = 1024
"""The largest --jobs accepted at all (a usage error above); the workers
started are further capped by :func:`cpu_limit`."""


def cpu_limit() -> int:
    """The CPUs this process may run on: the cap on worker processes (more
    workers than CPUs only compete for them)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@click.command("evaluate")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS + compact.FORMATS), default="table",
              show_default=True,
              help="table for people; markdown and html: a report to hand to a doctor; "
                   "json (one array) and jsonl (one report a line) for programs; csv and parquet "
                   "(needs --output and sorewhy[parquet]) one compact row per profile for analysis.")
@click.option("-o", "--output", metavar="FILE",
              help="Write the reports to FILE instead of standard output. FILE is replaced only "
                   "once every report is written, so a failure never leaves half a file.")
@click.option("--summary", "summary_file", metavar="FILE",
              help="Also write a batch summary to FILE (as `sorewhy summarize` gives it): "
                   "FILE.json as JSON, FILE.svg as a chart, any other name as a table.")
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=MAX_JOBS), default=1, show_default=True, metavar="N",
              help="Evaluate with N worker processes; reports stay in input order. At most the number "
                   "of CPUs sorewhy may use: a larger N is lowered to it.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="DATE",
              help="FHIR input: work out ages from birth dates at DATE (YYYY-MM-DD) rather than today, "
                   "so that a run can be repeated.")
@click.pass_context
def evaluate(ctx: click.Context, files: tuple[str, ...], fmt: str, output: str | None, jobs: int,
             summary_file: str | None, as_of: datetime.datetime | None) -> None:
    """Evaluate every profile in every FILE.

    FILE is a facts file: .json, .yaml/.yml or .toml (one profile, a list,
    or a mapping with a `profiles` list), .jsonl (one profile a line), .csv
    or .tsv (one profile a row; columns separated by commas, semicolons or
    tabs, told from the header row and said on stderr when not commas; list
    values in a cell separated by `;`, or by `,` where semicolons separate
    the columns), or - for standard input (JSON or YAML). Reports come out
    in input order. FHIR R4 input (needs sorewhy[fhir]): a .json Bundle or
    resource, .ndjson (one resource or Bundle a line) or a folder of them,
    one profile per Patient; what of the record is not read is named on
    stderr and in each report's `not_read`.

    A profile that breaks the facts vocabulary gets a report with its error
    and the others are still evaluated; a file that cannot be read is named
    on stderr and the other files are still evaluated. A summary line goes to
    stderr at the end.

    Exit codes: 0 every profile evaluated; 1 some profile had an error; 2 a
    file could not be read, or a usage error; 3 internal error.

    \b
    Examples:
      sorewhy evaluate examples/vegan-runner.yaml
      sorewhy evaluate examples/*.yaml --format json --output reports.json
      sorewhy evaluate examples/survey.csv --format jsonl --jobs 2
      cat examples/cases.json | sorewhy evaluate - --format markdown
    """
    from sorewhy.engine.batch import BatchStats, evaluate_paths

    if jobs == 1:
        from sorewhy.engine.api import default_evaluator

        default_evaluator()  # built now, while start-up holds the garbage collector
    collection.resume()
    stderr = sys.stderr
    progress = Progress(stderr, None)
    if progress.enabled:
        progress.total = estimate_profiles(files)
    stats = BatchStats()
    shown = _Shown()
    check_outputs([("--output", output), ("--summary", summary_file)], files)
    batch_summary = compact.summary_for(summary_file, files)
    cap = cpu_limit()
    if jobs > cap:
        click.echo(f"sorewhy: --jobs {jobs} lowered to {cap}, the number of CPUs available", err=True)
        jobs = cap
    try:
        with open_output(output, files) as stream:
            writer = (WRITERS | compact.WRITERS)[fmt](stream, Style(colour_wanted(stream)))
            writer.begin()
            produce = writer.produce
            summarize = batch_summary is not None and produce != "report"
            for item in evaluate_paths(list(files), jobs=jobs, stats=stats, produce=produce, summary=summarize,
                                      as_of=as_of.date() if as_of is not None else None):
                shown.file_notes(stats.file_notes, progress)
                shown.file_errors(stats.file_errors, progress)
                shown.warnings(stats.warnings, progress)
                if produce == "report":
                    if item.get("error"):
                        shown.profile_error(item["error"], progress)
                    writer.write(item)
                    if batch_summary is not None:
                        batch_summary.add(item)
                else:
                    for message in item.errors:
                        shown.profile_error(message, progress)
                    writer.write_block(item)
                    if batch_summary is not None:
                        batch_summary.add_rows(item.rows)
                progress.update(stats.profiles, stats.errors)
            shown.file_notes(stats.file_notes, progress)
            shown.file_errors(stats.file_errors, progress)
            shown.warnings(stats.warnings, progress)
            writer.end()
    finally:
        progress.close()
    if batch_summary is not None:
        batch_summary.write()
    click.echo(summary(stats, len(files)), err=True)
    if stats.file_errors:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_PROFILE_ERRORS if stats.errors else EXIT_OK)


class _Shown:
    """What has been said on stderr so far."""

    def __init__(self) -> None:
        self.files = 0
        self.notes = 0
        self.profiles = 0
        self.not_read = 0

    def warnings(self, lines: Sequence[str], progress: Progress) -> None:
        """What of a FHIR input was not read: one line each, the first
        :data:`MAX_ERROR_LINES` of them."""
        while self.not_read < len(lines):
            if self.not_read < MAX_ERROR_LINES:
                progress.message(_one_line(f"not read: {lines[self.not_read]}"))
            elif self.not_read == MAX_ERROR_LINES:
                progress.message("sorewhy: more of the FHIR input was not read; each report's 'not_read' lists it")
            self.not_read += 1

    def file_notes(self, notes: Sequence[str], progress: Progress) -> None:
        while self.notes < len(notes):
            progress.message(_one_line(notes[self.notes]))
            self.notes += 1

    def file_errors(self, errors: Sequence[Exception], progress: Progress) -> None:
        while self.files < len(errors):
            progress.message(_one_line(errors[self.files]))
            self.files += 1

    def profile_error(self, message: str, progress: Progress) -> None:
        self.profiles += 1
        if self.profiles <= MAX_ERROR_LINES:
            progress.message(_one_line(message))
        elif self.profiles == MAX_ERROR_LINES + 1:
            progress.message("sorewhy: more profiles have errors; each report's 'error' says why")


def _one_line(message: object) -> str:
    return "sorewhy: " + " ".join(str(message).split())


def summary(stats: BatchStats, n_files: int) -> str:
    """``sorewhy: 12 profiles: 11 evaluated, 1 error; referral: 2 urgent,
    3 see_doctor, 6 self_care``, and the files that could not be read."""
    from sorewhy.rules.base import REFERRAL_LEVELS

    profiles, errors, levels, file_errors = stats.profiles, stats.errors, stats.levels, len(stats.file_errors)
    text = (f"sorewhy: {profiles} profile{'s' if profiles != 1 else ''}: {profiles - errors} evaluated, "
            f"{errors} error{'s' if errors != 1 else ''}")
    if stats.errors_urgent:
        text += f" ({stats.errors_urgent} of them urgent: a red flag read from the valid parts)"
    text += "; referral: " + ", ".join(f"{levels.get(level, 0)} {level}" for level in reversed(REFERRAL_LEVELS))
    if file_errors:
        text += f"; {file_errors} of {n_files} file{'s' if n_files != 1 else ''} could not be read"
    return text


# The garbage collector is held until the engine is built (cli/collection.py).
setattr(evaluate, collection.RESUMES_ITSELF, True)
