"""Which rule base produced a report: the package version and a SHA-256 of the
rule modules and knowledge files as shipped.

The hash covers ``sorewhy/__init__.py`` (the version, the notice every report
carries, the list of source documents), every ``.py`` file of ``sorewhy.rules``
and every ``.py`` and ``.yaml`` file of ``sorewhy.knowledge`` (not the rule
fixtures, which only test the rules), each as its package-relative name, a NUL byte, its length and its
bytes, in name order. Two installs with the same hash reason alike; any edit to
a rule, a reference range, a drug name or an advice text changes it. It is
computed once per process (a few milliseconds) and never imports the engine.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from sorewhy import __version__

__all__ = ["HASHED", "digest", "rule_base_files", "rule_base_stamp"]

HASHED: dict[str, tuple[str, ...]] = {
    "sorewhy": ("__init__.py",),
    "sorewhy.rules": (".py",),
    "sorewhy.knowledge": (".py", ".yaml"),
}
"""Package -> the file suffixes of it that make up the rule base."""


def rule_base_files() -> list[tuple[str, Traversable]]:
    """(``rules/magnesium.py``-style name, file) of every hashed file, in name order."""
    files: list[tuple[str, Traversable]] = []
    for package, suffixes in HASHED.items():
        folder = package.partition(".")[2]
        for item in _package_dir(package).iterdir():
            if item.is_file() and item.name.endswith(suffixes):
                files.append((f"{folder}/{item.name}" if folder else item.name, item))
    files.sort(key=lambda pair: pair[0])
    return files


def _package_dir(package: str) -> Traversable:
    """The folder of `package` without importing it (importing the rules would
    import the inference engine)."""
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) == 1 and Path(locations[0]).is_dir():
        return Path(locations[0])
    return resources.files(package)


@functools.cache
def rule_base_stamp() -> dict[str, str]:
    """``{"version": <package version>, "sha256": <hex>}``, the same object in
    every report and in ``sorewhy rules --format json``. Read-only: shared by
    every report of the process."""
    return {"version": __version__, "sha256": digest((name, item.read_bytes()) for name, item in rule_base_files())}


def digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The SHA-256 of (name, content) pairs, given in name order."""
    sha = hashlib.sha256()
    for name, data in files:
        sha.update(name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0")
        sha.update(data)
    return sha.hexdigest()
