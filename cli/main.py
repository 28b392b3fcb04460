"""The `sorewhy` command line. Thin: parse, call the engine's API, format.

Subcommands live in their own modules and are imported only when invoked, so
``sorewhy --help`` does not pay for importing the inference engine.

Exit codes: 0 success; 1 some profile could not be evaluated (the others
were); 2 usage error (bad option, missing or unreadable file, unknown rule
id); 3 internal error in sorewhy itself; 130 interrupted (Ctrl-C). When the
reader of the output goes away (``sorewhy evaluate ... | head``) sorewhy stops
quietly with 141, as other Unix tools do.

Errors are one line on stderr, never a traceback. Set ``SOREWHY_DEBUG=1`` to
see the traceback of an internal error.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from sorewhy import __version__

EXIT_OK, EXIT_PROFILE_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141

_COMMANDS = {
    "interview": ("sorewhy.cli.interview", "interview", "Ask questions and explain what may cause the soreness."),
    "evaluate": ("sorewhy.cli.evaluate", "evaluate", "Evaluate every profile in facts files."),
    "trace": ("sorewhy.cli.trace", "trace", "Show the firing sequence of the rules for review."),
    "rules": ("sorewhy.cli.rules", "rules", "List the rule base, or show one rule."),
    "schema": ("sorewhy.cli.schema", "schema", "Print the JSON Schema of a facts file."),
    "summarize": ("sorewhy.cli.summarize", "summarize", "Summarize report files: referrals, findings, errors."),
}


def error_line(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    text = " ".join(str(message).split())  # never more than one line
    click.echo(f"sorewhy: {text}", err=True)


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use, and which turns
    every error into one line on stderr and a documented exit code."""

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

    def invoke(self, ctx: click.Context):  # noqa: ANN201 - click's signature
        from sorewhy.engine.errors import KnowledgeError, SorewhyError

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            error_line("interrupted")
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except KnowledgeError as exc:
            if os.environ.get("SOREWHY_DEBUG"):
                raise
            error_line(f"internal error: the knowledge base is inconsistent: {exc}")
            ctx.exit(EXIT_INTERNAL)
        except SorewhyError as exc:
            error_line(str(exc))
            ctx.exit(EXIT_USAGE)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
            if os.environ.get("SOREWHY_DEBUG"):
                raise
            error_line(f"internal error: {type(exc).__name__}: {exc} "
                       "(this is a bug in sorewhy; SOREWHY_DEBUG=1 shows the traceback)")
            ctx.exit(EXIT_INTERNAL)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the interpreter's
    final flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests)
        pass


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="sorewhy")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """sorewhy: why are my muscles sore?

    A rule-based expert system: from facts about a person (diet, medicines,
    sun, exercise, symptoms, blood results) it infers which nutrient
    deficiencies or other causes may explain sore muscles, says whether to
    look after yourself, see a doctor or seek care now, and traces every
    conclusion to the rules and source passages behind it.

    Not medical advice.

    Exit codes: 0 ok; 1 some profile had an error (the others were
    evaluated); 2 usage error, missing or unreadable file; 3 internal error.

    \b
    Example:
      sorewhy evaluate examples/vegan-runner.yaml
    """
    # Colour only on a terminal (click strips it from anything else), and
    # never when the user asks for none (https://no-color.org).
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def main() -> None:
    """Console entry point: run the CLI, turning stray errors into one line."""
    try:
        cli.main(prog_name="sorewhy", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive, outside a command
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
