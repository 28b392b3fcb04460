"""The `sorewhy` command line. Thin: parse, call the engine's API, format.

Subcommands live in their own modules and are imported only when invoked, so
``sorewhy --help`` does not pay for importing the inference engine.

Exit codes: 0 success; 1 some profile could not be evaluated (the others
were); 2 usage error (bad option, missing or unreadable file); 3 internal
error in sorewhy itself.
"""

from __future__ import annotations

import importlib
import sys

import click

from sorewhy import __version__

EXIT_OK, EXIT_PROFILE_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_COMMANDS = {
    "interview": ("sorewhy.cli.interview", "interview", "Ask questions and explain what may cause the soreness."),
    "evaluate": ("sorewhy.cli.evaluate", "evaluate", "Evaluate every profile in facts files."),
    "trace": ("sorewhy.cli.trace", "trace", "Show the firing sequence of the rules for review."),
    "rules": ("sorewhy.cli.rules", "rules", "List the rule base, or show one rule."),
    "schema": ("sorewhy.cli.schema", "schema", "Print the JSON Schema of a facts file."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        spec = _COMMANDS.get(name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above, so listing commands imports nothing.
        rows = [(name, spec[2]) for name, spec in _COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sorewhy")
def cli() -> None:
    """sorewhy: why are my muscles sore?

    A rule-based expert system: from facts about a person (diet, medicines,
    sun, exercise, symptoms, blood results) it infers which nutrient
    deficiencies or other causes may explain sore muscles, says whether to
    look after yourself, see a doctor or seek care now, and traces every
    conclusion to the rules and source passages behind it.

    Not medical advice.

    \b
    Example:
      sorewhy evaluate examples/vegan-runner.yaml
    """


def main() -> None:
    """Console entry point: run the CLI, turning stray errors into one line."""
    try:
        cli.main(prog_name="sorewhy", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("Interrupted.", err=True)
        sys.exit(130)
