"""`sorewhy schema`: the JSON Schema of a facts file."""

from __future__ import annotations

import click

from sorewhy.cli.formatting import dumps
from sorewhy.cli.output import open_output


@click.command("schema")
@click.option("-o", "--output", metavar="FILE", help="Write the schema to FILE (replaced only when complete).")
def schema(output: str | None) -> None:
    """Print the JSON Schema of a facts file.

    It is generated from the same model that validates every profile, so it
    lists exactly the keys, types, ranges and values `sorewhy evaluate`
    accepts. A facts file holds one profile, a list of profiles, or a
    mapping with a `profiles` list; every key is optional (not given means
    unknown, never no).

    \b
    Examples:
      sorewhy schema
      sorewhy schema --output facts.schema.json
    """
    from sorewhy.engine.profile import json_schema

    with open_output(output) as stream:
        stream.write(dumps(json_schema()) + "\n")
