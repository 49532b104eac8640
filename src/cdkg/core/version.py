"""The package version, read from the one place it is kept: the ontology header."""

from __future__ import annotations

import re
from pathlib import Path

_PATTERN = re.compile(r'owl:versionInfo\s+"([^"]+)"')


def _from_ontology() -> str:
    path = Path(__file__).resolve().parents[3] / "ontology" / "cdkg.ttl"
    match = _PATTERN.search(path.read_text(encoding="utf-8")) if path.exists() else None
    return match.group(1) if match else "0+unknown"


def _version() -> str:
    # In a source checkout the ontology file is the truth; an installed wheel has metadata.
    found = _from_ontology()
    if found != "0+unknown":
        return found
    from importlib import metadata

    try:
        return metadata.version("cdkg")
    except metadata.PackageNotFoundError:
        return found


__version__ = _version()
