"""When the command line lets Python's cyclic garbage collector run.

Start-up (imports, the knowledge, the rule base, the derived matcher) makes
tens of thousands of objects that live as long as the process and no cyclic
garbage worth finding, yet the collector would walk them again and again as
they are made, and once more, all of them, when the interpreter exits: about
35 ms of the 190 that `sorewhy evaluate` of one profile took (benchmarks/startup.py).
So the console entry point:

- holds the collector while a command starts (:func:`hold`);
- once the command is ready, freezes what start-up made (``gc.freeze``: later
  collections skip it, which also makes a long batch's collections cheaper)
  and lets the collector run again, less often than Python's default
  (:data:`YOUNG_THRESHOLD`), with :func:`resume`; a command resumes as soon as
  it is looked up unless it says it resumes itself once its engine is built
  (``evaluate`` does);
- freezes everything before the interpreter exits (:func:`before_exit`), so
  the exit does not walk every object once more. Output is written and closed
  by then; the interpreter still flushes standard output and runs every exit
  handler.

Only the console entry point holds the collector: a program that imports
sorewhy, and the tests' in-process runs, keep the collector as they had it.
"""

from __future__ import annotations

import gc

RESUMES_ITSELF = "resumes_collection"
"""The attribute a command sets (to True) when it calls :func:`resume` itself."""

YOUNG_THRESHOLD = 10_000
"""Once start-up is over, the youngest generation is collected when this many
container objects have been made net of those freed (Python's default is
700; the older generations keep theirs). A batch frees nearly everything it
makes by reference counting, so most collections find nothing: with 10,000,
`evaluate --format jsonl` does about 5% more profiles a second on 16,000
distinct ones, and what cyclic garbage there is waits for at most 10,000
objects' worth of allocations."""

_held = False


def hold() -> None:
    """Hold the collector for start-up, if it is running."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def resume() -> None:
    """Start-up is over: freeze what it made and let the collector run again
    (nothing if :func:`hold` did not hold it)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        young, older, oldest = gc.get_threshold()
        gc.set_threshold(max(young, YOUNG_THRESHOLD), older, oldest)
        gc.enable()


def held() -> bool:
    """Whether the collector is being held for start-up."""
    return _held


def before_exit() -> None:
    """The command is done: leave every object to the exit without one last collection."""
    resume()
    gc.freeze()
