"""`sorewhy evaluate`: batch evaluation of facts files."""

from __future__ import annotations

import json
import sys

import click


@click.command("evaluate")
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True)
def evaluate(files: tuple[str, ...], fmt: str) -> None:
    """Evaluate every profile in FILES.

    \b
    Example:
      sorewhy evaluate examples/vegan-runner.yaml --format json
    """
    from sorewhy.engine.api import default_evaluator
    from sorewhy.engine.errors import InputError
    from sorewhy.engine.loaders import read_profiles

    ev = default_evaluator()
    reports = []
    status = 0
    for path in files:
        try:
            for entry in read_profiles(path):
                report = ev.evaluate_entry(entry)
                if report["error"]:
                    click.echo(report["error"], err=True)
                    status = max(status, 1)
                reports.append(report)
        except InputError as exc:
            click.echo(str(exc), err=True)
            status = 2
    if fmt == "json":
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))
    else:
        for r in reports:
            click.echo(json.dumps(r, ensure_ascii=False))
    sys.exit(status)
