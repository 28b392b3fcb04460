"""sorewhy: why are my muscles sore? A rule-based expert system.

The import namespace is ``sorewhy.engine`` (evaluation API), ``sorewhy.rules``
(the rule base), ``sorewhy.knowledge`` (validated knowledge data) and
``sorewhy.cli`` (the command line). Importing this package is cheap: it does
not import the inference engine.
"""

__version__ = "0.2.0"
"""The package's version (pyproject.toml reads it) and every report's ``rule_base.version``."""

SOURCE_DOCUMENTS = (
    "000_1a193f0ef969bf74.txt",
    "001_33e4f4bd1924b37e.txt",
    "002_60935b2c0666c71e.txt",
    "003_52f20dec735cc842.txt",
    "004_1a984ec21dd9c5b1.txt",
)
"""The five source documents, by file name (contract section 3 names a source
this way): the one list of them (rules cite them as D000..D004, the knowledge
base validates against it)."""

NOTICE = (
    "This is not medical advice. sorewhy explains what five general-audience "
    "articles say about sore muscles; it cannot diagnose you. See a doctor or "
    "another qualified professional about any health concern."
)
