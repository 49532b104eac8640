"""Pausing Python's cyclic garbage collector while many small objects are made.

Each collection pass walks every container alive; when a step makes millions of tuples (the
rows of a 200,000-row answer, the facts of a large graph), the passes cost as much as the work
or more, and vary with what else the process holds. None of these objects form cycles, so the
pause frees nothing late; the collector runs again as before when the step ends.

Examples
--------
>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc


class paused_gc:  # noqa: N801 (used like a function: ``with paused_gc():``)
    """A context in which the cyclic garbage collector does not run (it is re-enabled after,
    unless it was already off)."""

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        if self._was:
            gc.enable()
