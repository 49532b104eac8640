"""Set up an import: the graph to resolve against, the gazetteer, the output file."""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path

from cdkg.core.settings import Settings
from cdkg.importers.resolve import Gazetteer, GraphIndex, Resolver
from cdkg.importers.session import ImportSession


@functools.lru_cache(maxsize=2)
def gazetteer(min_population: int = 15000) -> Gazetteer:
    """The GeoNames gazetteer (loaded once per process)."""
    return Gazetteer(min_population)


def graph_files(settings: Settings) -> list[Path]:
    """The curated files to resolve against: ``graph/*.trig`` and the vocabularies."""
    files = sorted(settings.graph_dir.glob("*.trig"))
    files += sorted(p for p in settings.ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")
    return files


def open_session(source: str, name: str, out_dir: Path | str, settings: Settings | None = None,
                 graph: list[Path] | None = None, gazetteer_population: int | None = 15000,
                 today: _dt.date | None = None, title: str = "") -> ImportSession:
    """An :class:`ImportSession` writing ``<out_dir>/<name>.trig``, resolving cities against the
    curated graph (``graph``, default the project's ``graph/`` and vocabularies) and the other
    imports already in ``out_dir``.

    ``gazetteer_population=None`` turns the GeoNames look-up off (ids and graph labels only).
    """
    settings = settings or Settings()
    out_dir = Path(out_dir)
    curated = list(graph) if graph is not None else graph_files(settings)
    session_path = out_dir / f"{name}.trig"
    others = [p for p in sorted(out_dir.glob("*.trig")) if p.resolve() != session_path.resolve()] if out_dir.is_dir() else []
    index = GraphIndex.from_files(curated, others)
    gaz = gazetteer(gazetteer_population) if gazetteer_population else None
    resolver = Resolver(index, gaz, settings.base)
    return ImportSession(source, name, out_dir, resolver, settings.base, title=title, today=today)
