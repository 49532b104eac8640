"""Open the built knowledge graph as a store: in memory (default) or persisted on disk.

A persisted store remembers which files it was loaded from (their size and modification
time) and reloads itself when they change, so ``cdkg query --store DIR`` is fast the second
time and never stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from cdkg.core.errors import CdkgError
from cdkg.core.settings import Settings
from cdkg.store.graphstore import GraphStore

STAMP = "cdkg-store.json"


def built_graph_file(settings: Settings) -> Path:
    """The quads that ``cdkg build`` writes (``output/cdkg.nq``)."""
    return Path(settings.output) / "cdkg.nq"


def _stamp(files: list[Path]) -> list[list]:
    return [[str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns] for f in files]


def open_store(
    settings: Settings | None = None,
    data: list[Path | str] | None = None,
    persist: Path | str | None = None,
) -> GraphStore:
    """A store with the built graph, or with the given RDF files.

    Parameters
    ----------
    settings : Settings
        Where the built graph is (``output/cdkg.nq``).
    data : list of Path, optional
        RDF files to load instead of the built graph.
    persist : Path, optional
        A folder to keep the store in; reused while the files are unchanged.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.nq").write_text('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\\n')
    >>> len(open_store(data=[folder / "g.nq"], persist=folder / "db"))
    1
    >>> len(open_store(data=[folder / "g.nq"], persist=folder / "db"))  # reused, not reloaded
    1
    """
    settings = settings or Settings()
    files = [Path(f) for f in data] if data else [built_graph_file(settings)]
    missing = [f for f in files if not f.exists()]
    if missing:
        if not data:
            raise CdkgError(f"no built graph at {missing[0]}: run `cdkg build` first (or pass --data FILE)")
        raise CdkgError(f"no such file: {missing[0]}")
    if persist is None:
        return GraphStore.from_files(files)
    persist = Path(persist)
    if persist.exists() and not persist.is_dir():
        raise CdkgError(f"--store {persist} is a file, not a folder: name a folder to keep the store in")
    persist.mkdir(parents=True, exist_ok=True)
    stamp_file = persist / STAMP
    wanted = _stamp(files)
    if stamp_file.exists() and json.loads(stamp_file.read_text()) == wanted:
        # the stamp is written only after a complete load: the store is opened as it is,
        # for reading (other processes may read it too), without counting its quads
        return GraphStore(persist / "oxigraph", read_only=True)
    stamp_file.unlink(missing_ok=True)
    store = GraphStore(persist / "oxigraph")
    store.oxigraph.clear()
    for f in files:
        store.load_file(f)
    store.flush()
    stamp_file.write_text(json.dumps(wanted))
    return store
