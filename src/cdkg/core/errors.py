"""Errors that the command line reports in plain words, without a traceback."""

from __future__ import annotations

from pathlib import Path


class CdkgError(Exception):
    """An error a user can act on; the CLI prints its message and exits non-zero."""

    exit_code = 1


class Record:
    """A plain class whose fields are its ``__slots__``, equal when they are: what a dataclass
    gives, without importing ``dataclasses`` (and ``inspect``), which every command would pay for
    at start-up. Subclasses define ``__slots__`` and ``__init__``.

    Examples
    --------
    >>> class Pair(Record):
    ...     __slots__ = ("a", "b")
    ...     def __init__(self, a, b): self.a, self.b = a, b
    >>> Pair(1, 2) == Pair(1, 2), Pair(1, 2) == Pair(1, 3)
    (True, False)
    """

    __slots__ = ()

    def __eq__(self, other) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # mutable, like the dataclasses these replace


class Location(Record):
    """A place in an input file: path, and optionally line and column (from 1).

    Examples
    --------
    >>> Location("a.csv", 3) == Location("a.csv", 3, None), Location("a.csv", 3)
    (True, Location(path='a.csv', line=3, column=None))
    """

    __slots__ = ("path", "line", "column")

    def __init__(self, path: Path | str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column = path, line, column

    def __repr__(self) -> str:
        return f"Location(path={self.path!r}, line={self.line!r}, column={self.column!r})"

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
