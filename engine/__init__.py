"""sorewhy's engine: validate facts, run the rule base, report.

Public API (imported lazily, so that ``import sorewhy.engine.profile`` or the
command line's help never pay for building the inference engine)::

    from sorewhy.engine import evaluate, Evaluator, load_profiles, read_profiles
    report = evaluate({"diet": "vegan", "symptoms": ["tingling", "cramps"]})
"""

from __future__ import annotations

from typing import Any

_LAZY = {
    "evaluate": "sorewhy.engine.api",
    "evaluate_file": "sorewhy.engine.api",
    "evaluate_many": "sorewhy.engine.api",
    "Evaluator": "sorewhy.engine.api",
    "Evaluation": "sorewhy.engine.api",
    "Report": "sorewhy.engine.api",
    "default_evaluator": "sorewhy.engine.api",
    "load_profiles": "sorewhy.engine.api",
    "read_profiles": "sorewhy.engine.loaders",
    "Entry": "sorewhy.engine.loaders",
    "Profile": "sorewhy.engine.profile",
    "validate_profile": "sorewhy.engine.profile",
    "json_schema": "sorewhy.engine.profile",
    "SorewhyError": "sorewhy.errors",
    "InputError": "sorewhy.errors",
    "ProfileError": "sorewhy.errors",
    "KnowledgeError": "sorewhy.errors",
    "UnknownRuleError": "sorewhy.errors",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sorewhy.engine' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
