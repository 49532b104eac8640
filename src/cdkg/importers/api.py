"""Set up an import: the curated graph to resolve against, the gazetteer, the reviewed
decisions (merges file, network crosswalk) and the output file."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from cdkg.core.settings import Settings
from cdkg.importers.gazetteer import Gazetteer
from cdkg.importers.gazetteer import gazetteer as _gazetteer
from cdkg.importers.graphindex import GraphIndex
from cdkg.importers.merges import read_crosswalk, read_merges
from cdkg.importers.resolve import Resolver
from cdkg.importers.session import ImportSession


def gazetteer(min_population: int = 500) -> Gazetteer:
    """The GeoNames gazetteer (loaded once per process)."""
    return _gazetteer(min_population)


def graph_files(settings: Settings) -> list[Path]:
    """The curated files to resolve against: ``graph/*.trig`` and the vocabularies."""
    files = [p for folder in (getattr(settings, "graph_dirs", None) or [settings.graph_dir])
             for p in sorted(Path(folder).glob("*.trig"))]
    files += sorted(p for p in settings.ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")
    return files


def merges_path(settings: Settings) -> Path:
    """The project's merges file (``graph/crosswalk/merges.csv``)."""
    return settings.graph_dir / "crosswalk" / "merges.csv"


def crosswalk_path(settings: Settings) -> Path:
    """The project's network crosswalk (``graph/crosswalk/networks.csv``)."""
    return settings.graph_dir / "crosswalk" / "networks.csv"


def open_session(source: str, name: str, out_dir: Path | str, settings: Settings | None = None,
                 graph: list[Path] | None = None, gazetteer_population: int | None = 500,
                 today: _dt.date | None = None, title: str = "", merges: Path | None = None) -> ImportSession:
    """An :class:`ImportSession` writing ``<out_dir>/<name>.trig``, resolving cities against the
    curated graph (``graph``, default the project's ``graph/`` and vocabularies), the merges
    file and the network crosswalk. Earlier imports are never read: a row's place depends on
    its own evidence only, so imports give the same IRIs in any order.

    ``gazetteer_population=None`` turns the GeoNames look-up off (ids and graph labels only).
    """
    settings = settings or Settings()
    curated = list(graph) if graph is not None else graph_files(settings)
    index = GraphIndex.from_files(curated)
    gaz = gazetteer(gazetteer_population) if gazetteer_population else None
    resolver = Resolver(index, gaz, settings.base, merges=read_merges(merges or merges_path(settings), settings.base),
                        crosswalk=read_crosswalk(crosswalk_path(settings), settings.base))
    return ImportSession(source, name, out_dir, resolver, settings.base, title=title, today=today)
