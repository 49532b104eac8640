"""Helpers shared by the query tests: the fixture store and a running oxigraph server."""

from __future__ import annotations

from pathlib import Path

from cdkg.core.settings import Settings
from cdkg.store import GraphStore

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "mini.trig"
ONTOLOGY = Settings().ontology_dir / "cdkg.ttl"


def fixture_store() -> GraphStore:
    """The tiny hand-made graph plus the ontology (for subclass paths)."""
    return GraphStore.from_files([FIXTURE, ONTOLOGY])


def fixture_files() -> list[Path]:
    return [FIXTURE, ONTOLOGY]
