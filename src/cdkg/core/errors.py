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


def describe_os_error(err: OSError) -> str:
    """An operating-system error in plain words, naming the file.

    Examples
    --------
    >>> describe_os_error(OSError(36, "File name too long", "a" * 300))[:40]
    'a file or folder name is over 255 bytes '
    >>> describe_os_error(FileNotFoundError(2, "No such file or directory", "x.csv"))
    "No such file or directory: 'x.csv'"
    """
    import errno

    name = f": {err.filename!r}" if err.filename else ""
    if err.errno == errno.ENAMETOOLONG:
        shown = str(err.filename or "")
        return ("a file or folder name is over 255 bytes (the limit of most file systems): "
                f"{shown[:60]}{'...' if len(shown) > 60 else ''}")
    return f"{err.strerror or err}{name}"


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
