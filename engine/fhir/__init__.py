"""FHIR R4 input: a Bundle, FHIR NDJSON or a folder of resources read into
facts profiles (contract §1 "FHIR R4 input"), and sorewhy's own
``Questionnaire``.

The resources are validated with the R4B models of ``fhir.resources`` (the
optional extra ``sorewhy[fhir]``); the codes read (LOINC, RxNorm, dm+d, SNOMED
CT, ICD-10) are knowledge data, ``knowledge/fhir_codes.yaml``. Importing this
package is cheap: ``fhir.resources`` is imported when a FHIR file is read.
"""

from __future__ import annotations

from typing import Any

from sorewhy.errors import InputError

INSTALL_HINT = "reading FHIR needs the optional extra: pip install 'sorewhy[fhir]'"
"""The one line said when a FHIR file is given without the extra installed."""


def available() -> bool:
    """Whether ``fhir.resources`` (with its R4B models) can be imported."""
    try:
        import fhir.resources.R4B  # noqa: F401
    except ImportError:
        return False
    return True


def require(source: str, what: str = "a FHIR resource") -> None:
    """Raise :class:`InputError` naming `source` when the extra is missing."""
    if not available():
        raise InputError(source, f"{what}; {INSTALL_HINT}")


def is_fhir(doc: Any) -> bool:
    """Whether a parsed JSON document is a FHIR resource (a Bundle or any
    other): a mapping with a ``resourceType``. A facts profile never has that
    key (it would be an unknown key)."""
    return isinstance(doc, dict) and "resourceType" in doc


__all__ = ["INSTALL_HINT", "available", "is_fhir", "require"]
