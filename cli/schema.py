"""`sorewhy schema`: the JSON Schema of a facts file; `--report` that of a report."""

from __future__ import annotations

import click

from sorewhy.cli.formatting import dumps
from sorewhy.cli.output import open_output


@click.command("schema")
@click.option("-o", "--output", metavar="FILE", help="Write the schema to FILE (replaced only when complete).")
@click.option("--report", "of_report", is_flag=True,
              help="The JSON Schema of a report (what `evaluate --format json` prints a list of).")
def schema(output: str | None, of_report: bool) -> None:
    """Print the JSON Schema of a facts file (or, with --report, of a report).

    It is generated from the same model that validates every profile, so it
    lists exactly the keys, types, ranges and values `sorewhy evaluate`
    accepts. A facts file holds one profile, a list of profiles, or a
    mapping with a `profiles` list; every key is optional (not given means
    unknown, never no).

    \b
    Examples:
      sorewhy schema
      sorewhy schema --output facts.schema.json
      sorewhy schema --report
    """
    if of_report:
        from sorewhy.engine.report_schema import report_schema as make
    else:
        from sorewhy.engine.profile import json_schema as make

    with open_output(output) as stream:
        stream.write(dumps(make()) + "\n")
