"""The source documents as text, for checking cited line ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cdkg.core.errors import InputError, Location


def normalise(text: str) -> str:
    """Lower-case, join words hyphenated across lines, and collapse white space.

    Examples
    --------
    >>> normalise("Køben-\\n\\nhavns  Kommune")
    'københavns kommune'
    """
    text = re.sub(r"(\w)-\s*\n\s*", r"\1", text)
    text = text.replace("\u2019", "'").replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class Sources:
    """The lines of each source document, keyed by its three-digit number."""

    folder: Path
    lines: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def excerpt(self, document: str, start: int, end: int) -> str:
        """The text of lines ``start`` to ``end`` (from 1, inclusive)."""
        return "\n".join(self.lines[document][start - 1 : end])

    def has_range(self, document: str, start: int, end: int) -> bool:
        return document in self.lines and 1 <= start <= end <= len(self.lines[document])


def load_sources(folder: Path | str) -> Sources:
    """Read ``NNN_*.txt`` files of a folder.

    Raises
    ------
    InputError
        If the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("source folder not found", Location(folder))
    found = Sources(folder)
    for path in sorted(folder.glob("[0-9][0-9][0-9]_*.txt")):
        number = path.name[:3]
        found.lines[number] = path.read_text(encoding="utf-8").split("\n")
        found.files[number] = path.name
    return found
