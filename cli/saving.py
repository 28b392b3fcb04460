"""Saving the interview's answers as a facts file.

One job: check a `--save` path before any question, and write the answers as
a facts file that `sorewhy evaluate` reads, atomically (through
:func:`sorewhy.cli.output.atomic_output`: a half-written file never replaces a
good one).
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
              held_back: list[str] | None = None) -> str:
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
    return head + (yaml.safe_dump(profile, sort_keys=False, allow_unicode=True) if profile else "{}\n")


def save_profile(path: str, profile: dict[str, Any], not_known: list[str] | None = None,
                 held_back: list[str] | None = None) -> None:
    """Validate the answers as a facts file and write them atomically.
    Raises ProfileError (answers that are not a valid profile) or OSError."""

    validate_profile(profile, path, PROFILE_ID)
    text = save_text(path, profile, not_known, held_back)
    try:
        write_file(path, text, option="--save", inputs=["-"])  # atomic; an existing file keeps its permissions
    except OutputError as exc:
        raise OSError(exc.format_message()) from None
