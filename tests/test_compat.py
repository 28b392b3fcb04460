"""Experta must import on this Python (3.10+) from a plain install, without
leaving `collections.Mapping` behind or touching the user's logging."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)


def test_engine_imports_in_a_fresh_interpreter():
    proc = _fresh("""
        import collections, logging
        from sorewhy.engine import evaluate
        report = evaluate({"symptoms": ["cramps"], "timing": ["night"]})
        assert report["fired"], report
        assert not hasattr(collections, "Mapping"), "the compatibility alias leaked"
        assert logging.getLogger().handlers == [], "importing sorewhy configured logging"
        print("ok")
    """)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_experta_needs_the_shim_on_this_python():
    """Guards the reason the shim exists: without it the import fails."""
    proc = _fresh("import experta")
    assert proc.returncode != 0
    assert "Mapping" in proc.stderr


def test_user_logging_config_is_kept():
    proc = _fresh("""
        import logging
        logging.basicConfig(level=logging.WARNING, format="USER %(message)s")
        before = list(logging.getLogger().handlers)
        import sorewhy.compat
        assert logging.getLogger().handlers == before
        print("ok")
    """)
    assert proc.returncode == 0, proc.stderr
