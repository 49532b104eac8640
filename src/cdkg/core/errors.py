"""Errors that the command line reports in plain words, without a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class CdkgError(Exception):
    """An error a user can act on; the CLI prints its message and exits non-zero."""

    exit_code = 1


@dataclass
class Location:
    """A place in an input file: path, and optionally line and column (from 1)."""

    path: Path | str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class InputError(CdkgError):
    """Bad input: names the file, the line and column where known, and the problem.

    Examples
    --------
    >>> str(InputError("unexpected end of file", Location("graph/x.trig", 3, 7)))
    'graph/x.trig:3:7: unexpected end of file'
    """

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None):
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)
