"""The source documents as text, for checking cited line ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

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
    """The lines of each source document, keyed by its id (``001``, ``nordic-interviews``)."""

    folder: Path
    lines: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    missing: dict[str, Path] = field(default_factory=dict)  # registered, but the file is absent

    def excerpt(self, document: str, start: int, end: int) -> str:
        """The text of lines ``start`` to ``end`` (from 1, inclusive)."""
        return "\n".join(self.lines[document][start - 1 : end])

    def has_range(self, document: str, start: int, end: int) -> bool:
        return document in self.lines and 1 <= start <= end <= len(self.lines[document])


def load_sources(where: Path | str | Mapping[str, Path | str]) -> Sources:
    """Read the source documents: a mapping of document id to text file (the documents a
    study registers in its ``cdkg.toml``), or a folder of ``<id>_<anything>.txt`` files.
    Registered files that are missing are left out (their citations are then not checked).

    Raises
    ------
    InputError
        If the folder does not exist.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "notes.txt").write_text("one\\ntwo\\n")
    >>> load_sources({"nordic": d / "notes.txt", "gone": d / "missing.txt"}).lines["nordic"][:2]
    ['one', 'two']
    """
    if isinstance(where, Mapping):
        folder = Path(next(iter(where.values()))).parent if where else Path(".")
        found = Sources(folder)
        for doc_id, path in sorted(where.items()):
            path = Path(path)
            if path.is_file():
                found.lines[doc_id] = path.read_text(encoding="utf-8").split("\n")
                found.files[doc_id] = path.name
            else:
                found.missing[doc_id] = path
        return found
    folder = Path(where)
    if not folder.is_dir():
        raise InputError("source folder not found", Location(folder))
    found = Sources(folder)
    for path in sorted(folder.glob("*_*.txt")):
        doc_id = path.name.split("_", 1)[0]
        if doc_id in found.lines:
            continue
        found.lines[doc_id] = path.read_text(encoding="utf-8").split("\n")
        found.files[doc_id] = path.name
    return found
