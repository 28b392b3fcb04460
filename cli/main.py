"""The `sorewhy` command line. Thin: parse, call the engine's API, format.

Subcommands live in their own modules and are imported only when invoked, so
``sorewhy --help`` does not pay for importing the inference engine.

Exit codes: 0 success; 1 some profile could not be evaluated (the others
were); 2 usage error (bad option, missing or unreadable file, unknown rule
id, an output that cannot be written); 3 internal error in sorewhy itself;
129 stopped by SIGHUP, 130 interrupted (Ctrl-C), 143 stopped by SIGTERM
(128 + the signal's number, as shells report it). When the reader of the
output goes away (``sorewhy evaluate ... | head``) sorewhy stops quietly with
141, as other Unix tools do.

Errors are one line on stderr, never a traceback. Set ``SOREWHY_DEBUG=1`` to
see the traceback of an internal error.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any

import click

from sorewhy import __version__
from sorewhy.cli import collection
from sorewhy.errors import KnowledgeError, SorewhyError

EXIT_OK, EXIT_PROFILE_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
EXIT_HANGUP, EXIT_TERMINATED = 128 + 1, 128 + 15


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised in the main thread like Ctrl-C's
    KeyboardInterrupt, so that every clean-up that Ctrl-C runs (workers
    stopped, a temporary output file removed, the interview's answers saved)
    runs for them too; the exit code is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def install_signal_handlers() -> None:
    """SIGTERM and SIGHUP stop sorewhy as Ctrl-C does (see :class:`Stopped`)."""
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _raise_stopped)


def debug_wanted() -> bool:
    """Whether ``SOREWHY_DEBUG`` asks for tracebacks (1, true, yes, on; not 0 or empty)."""
    return os.environ.get("SOREWHY_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def make_output_safe() -> None:
    """Output that the terminal's encoding cannot show (typographic quotes
    under latin-1, an emoji under ASCII) is written with replacements rather
    than ending the run; an undecodable byte typed in is kept as an escape
    for the reader to refuse, not a crash."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot be reconfigured
                pass
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None and getattr(sys.stdin, "errors", "strict") == "strict":
        try:
            reconfigure(errors="surrogateescape")
        except (ValueError, OSError):  # pragma: no cover
            pass

_COMMANDS = {
    "interview": ("sorewhy.cli.interview", "interview", "Ask questions and explain what may cause the soreness."),
    "evaluate": ("sorewhy.cli.evaluate", "evaluate", "Evaluate every profile in facts files."),
    "trace": ("sorewhy.cli.trace", "trace", "Show the firing sequence of the rules for review."),
    "rules": ("sorewhy.cli.rules", "rules", "List the rule base, or show one rule."),
    "schema": ("sorewhy.cli.schema", "schema", "Print the JSON Schema of a facts file."),
    "summarize": ("sorewhy.cli.summarize", "summarize", "Summarize report files: referrals, findings, errors."),
    "compare": ("sorewhy.cli.compare", "compare", "Compare two report files: which profiles changed and why."),
    "questionnaire": ("sorewhy.cli.questionnaire", "questionnaire",
                      "Print the interview's questions as a FHIR R4 Questionnaire."),
    "serve": ("sorewhy.cli.serve", "serve", "Serve sorewhy as a CDS Hooks 2.0 service (sorewhy[server])."),
}


def error_line(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    text = " ".join(str(message).split())  # never more than one line
    try:
        click.echo(f"sorewhy: {text}", err=True)
    except (OSError, ValueError):  # stderr gone too (a closed terminal after SIGHUP): nothing left to tell
        pass


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
        command = getattr(module, spec[1])
        if not getattr(command, collection.RESUMES_ITSELF, False):
            collection.resume()
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above, so listing commands imports nothing.
        rows = [(name, spec[2]) for name, spec in _COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Stopped as exc:
            error_line(f"stopped by {signal.Signals(exc.signum).name}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            error_line("interrupted")
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except OSError as exc:
            if not _stdout_failed(exc):
                raise_internal(ctx, exc)
            _silence_stdout()
            error_line(f"cannot write to standard output: {exc.strerror or exc}")
            ctx.exit(EXIT_USAGE)
        except KnowledgeError as exc:
            if debug_wanted():
                raise
            error_line(f"internal error: the knowledge base is inconsistent: {exc}")
            ctx.exit(EXIT_INTERNAL)
        except SorewhyError as exc:
            error_line(str(exc))
            ctx.exit(EXIT_USAGE)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
            raise_internal(ctx, exc)


def raise_internal(ctx: click.Context, exc: BaseException) -> None:
    """An internal error: one line and exit 3 (the traceback with SOREWHY_DEBUG=1)."""
    if debug_wanted():
        raise exc
    error_line(f"internal error: {type(exc).__name__}: {exc} "
               "(this is a bug in sorewhy; SOREWHY_DEBUG=1 shows the traceback)")
    ctx.exit(EXIT_INTERNAL)


def _stdout_failed(exc: OSError) -> bool:
    """Whether an OSError that reached the command line is standard output
    failing (a full disk behind it, as /dev/full, or a closed descriptor):
    files sorewhy reads or writes by name have their own messages."""
    import errno

    return exc.errno in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG, errno.EROFS)


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
    """Console entry point: run the CLI, turning stray errors into one line.
    The garbage collector is held while the command starts (cli/collection.py)."""
    collection.hold()
    make_output_safe()
    install_signal_handlers()
    try:
        cli.main(prog_name="sorewhy", standalone_mode=True)
    except Stopped as exc:  # pragma: no cover - outside a command
        error_line(f"stopped by {signal.Signals(exc.signum).name}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:  # pragma: no cover - interactive, outside a command
        error_line("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    finally:
        collection.before_exit()
