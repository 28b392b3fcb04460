"""Saving the interview's answers as a facts file, and reading one back.

One job: check a `--save` path before any question, and write the answers as
a facts file that `sorewhy evaluate` reads, atomically (through
:func:`sorewhy.cli.output.atomic_output`: a half-written file never replaces a
good one); and read such a file back for `--resume` (:func:`read_saved`).

A YAML file also keeps, in one comment line (:data:`STATE_MARK`), what the
facts cannot say: the order the questions were asked in, which were answered
"don't know", and answers that are not facts or were held back (whether there
are blood results at hand; symptoms said while a red flag was unanswered).
`--resume` then continues exactly where the interview stopped; from a JSON
file, which has no comments, it takes the facts as `evaluate` reads them and
asks again what they leave unknown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from sorewhy.cli.output import OutputError, check_output_path, write_file
from sorewhy.engine.profile import validate_profile

SAVE_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
PROFILE_ID = "interview"
STATE_MARK = "# Interview state (for `sorewhy interview --resume`): "
"""The comment line of a saved YAML file that holds the interview's state as JSON."""


class ResumeError(Exception):
    """A file `--resume` cannot continue from; the message is one line naming it."""


def save_format(path: str) -> str:
    """The format `--save` writes, from the file name; UsageError otherwise."""
    fmt = SAVE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise click.UsageError(f"--save {path}: unknown file type {Path(path).suffix or '(none)'!r}; "
                               "expected .json, .yaml or .yml")
    # A directory, a device, a FIFO or an unwritable place fails here, before
    # the first question, not after the whole interview.

    # Nor may it be the file the answers are read from (standard input).
    check_output_path(path, ["-"], option="--save", regular_only=True)
    return fmt


def save_text(path: str, profile: dict[str, Any], not_known: list[str] | None = None,
              held_back: list[str] | None = None, state: dict[str, Any] | None = None) -> str:
    """The file's text. A YAML file says which red-flag symptoms were never
    answered, and which symptoms were said but left out of it (see
    ``Interview.saved_profile``). JSON has no comments: there the red flags
    not asked stay unknown because ``symptoms`` is left out, which
    ``sorewhy evaluate`` reads as "not known", never as "none"."""
    import yaml

    if save_format(path) == "json":
        return json.dumps(profile, indent=2, ensure_ascii=False) + "\n"
    head = "# Answers from `sorewhy interview`; a key not given is unknown.\n"
    if not_known:
        head += ("# Not asked / not known (NOT ruled out): " + ", ".join(not_known) + ".\n")
    if held_back:
        head += ("# Said but not saved as `symptoms` (a saved list counts as complete, which would rule out "
                 "the red flags above): " + ", ".join(held_back) + ".\n")
    if state:
        head += STATE_MARK + json.dumps(state, ensure_ascii=False, separators=(", ", ": ")) + "\n"
    return head + (yaml.safe_dump(profile, sort_keys=False, allow_unicode=True) if profile else "{}\n")


def save_profile(path: str, profile: dict[str, Any], not_known: list[str] | None = None,
                 held_back: list[str] | None = None, state: dict[str, Any] | None = None) -> None:
    """Validate the answers as a facts file and write them atomically.
    Raises ProfileError (answers that are not a valid profile) or OSError."""

    validate_profile(profile, path, PROFILE_ID)
    text = save_text(path, profile, not_known, held_back, state)
    try:
        write_file(path, text, option="--save", inputs=["-"])  # atomic; an existing file keeps its permissions
    except OutputError as exc:
        raise OSError(exc.format_message()) from None


def read_saved(path: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The facts of a saved interview (one profile, as written, values read
    leniently as a facts file's are) and the state line of a YAML file (None
    without one). Raises :class:`ResumeError` naming the file and what is wrong."""
    from sorewhy.engine.loaders import read_profiles
    from sorewhy.engine.profile import read_leniently
    from sorewhy.errors import InputError

    if Path(path).suffix.lower() not in SAVE_FORMATS:
        raise ResumeError(f"--resume {path}: expected a file saved by `sorewhy interview --save` "
                          "(.json, .yaml or .yml)")
    try:
        entries = list(read_profiles(path))
    except InputError as exc:
        raise ResumeError(f"--resume {' '.join(str(exc).split())}") from None
    if len(entries) != 1:
        raise ResumeError(f"--resume {path}: holds {len(entries)} profiles; an interview is saved as one")
    if entries[0].error is not None:
        raise ResumeError(f"--resume {' '.join(str(entries[0].error).split())}")
    text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text) if SAVE_FORMATS[Path(path).suffix.lower()] == "json" else _yaml(text)
    if isinstance(data, dict) and isinstance(data.get("profiles"), list):
        data = data["profiles"]
    if isinstance(data, list):
        data = data[0]
    facts, _ = read_leniently(dict(data))
    state = None
    for line in text.splitlines():
        if line.startswith(STATE_MARK):
            try:
                state = json.loads(line[len(STATE_MARK):])
            except ValueError:
                state = None
            if not (isinstance(state, dict) and isinstance(state.get("asked"), list)):
                raise ResumeError(f"--resume {path}: its interview state line cannot be read; "
                                  "delete that line to resume from the facts alone")
    return facts, state


def _yaml(text: str) -> Any:
    import yaml

    return yaml.safe_load(text) or {}
