"""The development loop's guard: the tests must test the source tree they sit
in. `stale_copy()` says how an imported `sorewhy` differs from the tree (an
installed copy that was not reinstalled after an edit), or None when it is
the tree itself (an editable install) or a byte-identical copy (a fresh
install, as in CI). tests/conftest.py stops the run when it differs."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = ("", "engine", "rules", "rules/fixtures", "knowledge", "cli")
"""The folders of the source tree that make up the `sorewhy` package."""
SUFFIXES = (".py", ".yaml")


def _files(base: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for folder in PACKAGE_DIRS:
        directory = base / folder if folder else base
        if directory.is_dir():
            for path in directory.iterdir():
                if path.is_file() and path.suffix in SUFFIXES:
                    out[str(path.relative_to(base))] = path
    return out


def stale_copy(installed: Path, root: Path = ROOT) -> str | None:
    """How the package at `installed` differs from the source tree at `root`."""
    installed, root = installed.resolve(), root.resolve()
    if installed == root:
        return None
    ours, theirs = _files(root), _files(installed)
    changed = sorted(n for n in ours.keys() & theirs.keys() if ours[n].read_bytes() != theirs[n].read_bytes())
    missing = sorted(ours.keys() - theirs.keys())
    extra = sorted(theirs.keys() - ours.keys())
    if not (changed or missing or extra):
        return None
    parts = []
    for label, names in (("changed", changed), ("not installed", missing), ("only installed", extra)):
        if names:
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            parts.append(f"{label}: {shown}")
    return (f"the tests import sorewhy from {installed}, an installed copy that differs from the source tree "
            f"{root} ({'; '.join(parts)}), so they would test old code. Reinstall editable: "
            f".venv/bin/pip install -e '.[test]'")
