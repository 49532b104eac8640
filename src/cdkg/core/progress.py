"""Progress on a terminal: a bar over counted items (imports) or over the named phases of a long
step (build, analysis). Both are drawn by rich on standard error and are silent when standard
error is not a terminal (pipes, CI, notebooks), so output stays clean where it is read by a
program.

Examples
--------
>>> with progress("rows", 3) as advance:   # not a terminal here: nothing is drawn
...     for _ in range(3):
...         advance()
>>> with phases("build", 2) as start:
...     start("parse"); start("write")
"""

from __future__ import annotations

import sys
from contextlib import contextmanager


def _on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(description: str, total: int | None = None):
    """A bar over ``total`` items; yields ``advance(n=1)``."""
    if not _on_terminal():
        yield lambda n=1: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


@contextmanager
def phases(title: str, total: int):
    """A bar over the ``total`` phases of a step; yields ``start(name)``, which counts the phase
    before as done and names the one that starts (with the time elapsed so far)."""
    if not _on_terminal():
        yield lambda name: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task(title, total=total)
        begun = False

        def start(name: str) -> None:
            nonlocal begun
            if begun:
                bar.advance(task)
            begun = True
            bar.update(task, description=f"{title}: {name}")

        yield start
