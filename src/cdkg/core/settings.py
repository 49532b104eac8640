"""Where the project's inputs and outputs are, and the base of resource IRIs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cdkg.core.namespaces import DEFAULT_BASE


def _project_root() -> Path:
    env = os.environ.get("CDKG_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology").is_dir() and (parent / "graph").is_dir():
            return parent
    return Path.cwd()


@dataclass
class Settings:
    """Paths and the IRI base for one run.

    Parameters
    ----------
    root : Path
        The project folder holding ``ontology/``, ``graph/``, ``queries/``.
    base : str
        The base under which resource IRIs are minted (``<base>id/...``).
    output : Path
        The generated, git-ignored folder that ``cdkg build`` writes.

    Examples
    --------
    >>> s = Settings(root=Path("/tmp/p"))
    >>> s.ontology_dir, s.output
    (PosixPath('/tmp/p/ontology'), PosixPath('/tmp/p/output'))
    """

    root: Path = field(default_factory=_project_root)
    base: str = DEFAULT_BASE
    output: Path | None = None
    sources_dir: Path | None = None

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        if self.output is None:
            self.output = self.root / "output"
        if self.sources_dir is None:
            env = os.environ.get("CDKG_SOURCES")
            self.sources_dir = Path(env) if env else self.root.parent / "shared" / "sources"
        if not self.base.endswith(("/", "#")):
            self.base += "/"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "ontology" / "shapes"
