"""sorewhy: why are my muscles sore? A rule-based expert system.

The import namespace is ``sorewhy.engine`` (evaluation API), ``sorewhy.rules``
(the rule base), ``sorewhy.knowledge`` (validated knowledge data) and
``sorewhy.cli`` (the command line). Importing this package is cheap: it does
not import the inference engine.
"""

__version__ = "0.1.0"

NOTICE = (
    "This is not medical advice. sorewhy explains what five general-audience "
    "articles say about sore muscles; it cannot diagnose you. See a doctor or "
    "another qualified professional about any health concern."
)
