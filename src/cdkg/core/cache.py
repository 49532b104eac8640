"""The per-user cache: things cdkg can always make again, kept between runs to save time (the
GeoNames index of :mod:`cdkg.importers.gazetteer`, parsed project files). Deleting the folder
is always safe; a cache that cannot be read or written is ignored.

Examples
--------
>>> import os, tempfile
>>> os.environ["CDKG_CACHE"] = tempfile.mkdtemp()
>>> put_json("projects", "a", {"text": "x", "data": {"study": {}}})
>>> get_json("projects", "a")
{'text': 'x', 'data': {'study': {}}}
>>> get_json("projects", "missing") is None
True
>>> del os.environ["CDKG_CACHE"]
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def cache_dir() -> Path:
    """Where the cache lives (``$CDKG_CACHE``, else ``~/.cache/cdkg``)."""
    env = os.environ.get("CDKG_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "cdkg"


def get_json(kind: str, key: str):
    """The JSON value kept under ``kind/key``, or None (missing, unreadable or not JSON)."""
    try:
        return json.loads((cache_dir() / kind / f"{key}.json").read_bytes())
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home folder to be found
        return None


def put_json(kind: str, key: str, value) -> None:
    """Keep ``value`` under ``kind/key``: written to a temporary file and renamed, so a reader
    never sees half of it; nothing happens when the cache cannot be written or the value is
    not JSON."""
    try:
        folder = cache_dir() / kind
        text = json.dumps(value, ensure_ascii=False)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")
    except (OSError, TypeError, ValueError, RuntimeError):
        pass
