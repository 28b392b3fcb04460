"""`sorewhy interview`: the command.

One job: run a session (:mod:`sorewhy.cli.session`) from the command line,
save the answers when ``--save`` was given (:mod:`sorewhy.cli.saving`), and
leave cleanly at any point: at the end of input, on `quit`, on Ctrl-C, and on
an internal error, which still saves what was answered before saying so in
one line.

The session asks red flags first, then, by a one-step lookahead over the
engine (:mod:`sorewhy.cli.lookahead`), the question whose answers could change
the referral or the leading findings most, and stops when none could.
"""

from __future__ import annotations

import sys

import click

from sorewhy.cli.saving import save_format, save_profile
from sorewhy.cli.session import Interview, Leave
from sorewhy.engine.questions import load_questions
from sorewhy.errors import KnowledgeError, ProfileError


@click.command("interview")
@click.option("--save", "save_path", metavar="FILE", default=None,
              help="Write the answers to FILE as a facts file (.json, .yaml or .yml) that "
                   "`sorewhy evaluate` accepts.")
@click.option("--resume", "resume_path", metavar="FILE", default=None,
              help="Continue the interview saved in FILE (by --save or on Ctrl-C), asking only what is "
                   "left; the answers are saved back to FILE unless --save names another.")
def interview(save_path: str | None, resume_path: str | None) -> None:
    """Ask questions, one at a time, then explain what may cause the soreness.

    Red flags come first; then only the questions whose answer could still
    change the advice or the leading explanations are asked, the most decisive
    first. At any question: Enter or `unknown` = don't know, `?` = the choices,
    `why` = what the answer could change, `back` = the previous question,
    `done` = show the result now. At the result: `more`, `how ID`,
    `why-not ID`, `back` (change the last answer), `save [FILE]`, `quit`.

    Reads answers line by line from standard input, so they may be piped in.
    Exit status: 0 when the interview ends or is left; 2 for a bad --save
    path or a --resume file that cannot be continued; 3 for an internal
    error (the answers are saved first); 130 after Ctrl-C, 143 after
    SIGTERM, 129 after SIGHUP (the answers are saved first).

    \b
    Example:
      sorewhy interview --save me.yaml
      sorewhy interview --resume me.yaml
      sorewhy evaluate me.yaml --format json
    """
    if save_path is not None:
        save_format(save_path)
    resumed = None
    if resume_path is not None:
        from sorewhy.cli.saving import ResumeError, read_saved

        try:
            resumed = read_saved(resume_path)
        except ResumeError as exc:
            click.echo(f"sorewhy: {exc}", err=True)
            sys.exit(2)
        if save_path is None:
            save_path = resume_path
    try:
        book = load_questions()
    except KnowledgeError as exc:
        click.echo(f"sorewhy: {exc}", err=True)
        sys.exit(3)
    session = Interview(book)
    if resumed is not None:
        session.resume(*resumed, source=resume_path or "")
    target = {"path": save_path}
    saved_note = ""

    def save(final: bool, announce: bool = True, path: str | None = None) -> bool:
        """Write the answers when a file was named; says so unless told not to."""
        nonlocal saved_note
        path = path or target["path"]
        if path is None:
            return True
        if not session.answers.given and not final:
            click.echo("Nothing was answered; nothing saved.", err=True)
            return True
        profile, held_back = session.saved_profile()
        try:
            save_profile(path, profile, session.not_known(), held_back, session.resume_state())
        except (OSError, ProfileError, click.UsageError) as exc:
            message = exc.format_message() if isinstance(exc, click.UsageError) else str(exc)
            click.echo(f"sorewhy: cannot save the answers to {path}: {' '.join(message.split())}", err=True)
            return False
        saved_note = f"Answers saved to {path} (evaluate them with `sorewhy evaluate {path}`)."
        if announce:
            click.echo(saved_note)
        return True

    def save_command(path: str | None) -> str | None:
        if path is None and target["path"] is None:
            return "Type `save FILE` (a .json, .yaml or .yml file) to keep the answers."
        if path is not None:
            try:
                save_format(path)
            except click.UsageError as exc:
                return exc.format_message()
            target["path"] = path
        save(final=True)
        return None

    session.save_hook = save_command
    saved = False
    try:
        while True:
            try:
                stopped = session.ask_all()
            except (EOFError, Leave) as exc:
                click.echo("")
                if not (isinstance(exc, EOFError) and session.urgent):
                    click.echo("End of input: leaving the interview." if isinstance(exc, EOFError)
                               else "Leaving the interview.")
                    saved = True
                    sys.exit(0 if save(final=False) else 2)
                stopped = "urgent"  # an urgent message is always summed up, even at the end of input
            report = session.evaluate()
            ok = save(final=True, announce=False)  # written before the result, said after it
            saved = True
            session.show_report(report, stopped)
            if saved_note:
                click.echo("")
                click.echo(saved_note)
                saved_note = ""
            if session.result_loop(report) != "back":
                break
            saved = False
            session.urgent = False
            session.go_back(None)
        if not ok:
            sys.exit(2)
    except KeyboardInterrupt as exc:
        click.echo("")
        click.echo("Interrupted: leaving the interview.")
        if not saved:
            save(final=False)
        sys.exit(getattr(exc, "exit_code", 130))  # 143 for SIGTERM, 129 for SIGHUP
    except KnowledgeError as exc:
        click.echo(f"sorewhy: {exc}", err=True)
        sys.exit(3)
    except Exception as exc:  # an internal error: keep what was answered, then say so in one line
        if not saved:
            save(final=False)
        from sorewhy.cli.main import debug_wanted

        if debug_wanted():
            raise
        click.echo(f"sorewhy: internal error in the interview ({type(exc).__name__}: {exc}); "
                   "the answers so far were kept" + (f" in {target['path']}" if target["path"] else "")
                   + ". Please report it.", err=True)
        sys.exit(3)
