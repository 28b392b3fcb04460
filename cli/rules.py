"""`sorewhy rules`: list the rule base."""

from __future__ import annotations

import json

import click


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules(fmt: str) -> None:
    """List every rule: id, what it concludes, its sources.

    \b
    Example:
      sorewhy rules --format json
    """
    from sorewhy.rules import all_rules

    metas = all_rules()
    if fmt == "json":
        click.echo(json.dumps([m.as_dict() for m in metas], indent=2, ensure_ascii=False))
        return
    from tabulate import tabulate

    rows = [(m.id, "; ".join(m.concludes), len(m.sources)) for m in metas]
    click.echo(tabulate(rows, headers=["id", "concludes", "sources"]))
