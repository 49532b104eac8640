"""Where the study's inputs and outputs are, and the base of resource IRIs."""

from __future__ import annotations

import os
from pathlib import Path

from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import DEFAULT_BASE
from cdkg.core.discover import current, package_root
from cdkg.core.project import Project


def _project_root() -> Path:
    return package_root()


class Settings:
    """Paths and the IRI base for one run.

    ``Settings()`` describes the current study (the nearest ``cdkg.toml``, see
    :mod:`cdkg.core.project`, else the package's curated graph); the fields given override it.
    ``Settings(root=FOLDER)`` for another folder holding ``ontology/``, ``graph/`` and
    ``queries/`` describes that folder alone.

    Parameters
    ----------
    root : Path
        The study folder (outputs and the site go under it). The ontology, the shapes and the
        query library are read from ``root`` when it has them, else from the package.
    base : str
        The base under which resource IRIs are minted (``<base>id/...``).
    output : Path
        The generated, git-ignored folder that ``cdkg build`` writes.
    sources_dir : Path
        The folder of the curated source documents.
    graph_dirs : list of Path
        The folders of curated TriG files (default: ``root/graph``).
    includes : list of Path
        Imported files or folders that every build of the study includes.
    documents : dict
        Source document id -> text file, for the line checks of citations.
    site : Path
        The folder ``cdkg publish`` writes (default: ``root/site``).

    Examples
    --------
    >>> s = Settings(root=Path("/tmp/p"))
    >>> s.ontology_dir.name, s.output
    ('ontology', PosixPath('/tmp/p/output'))
    """

    def __init__(self, root: Path | str | None = None, base: str | None = None, output: Path | None = None,
                 sources_dir: Path | None = None, graph_dirs: list[Path] | None = None,
                 includes: list[Path] | None = None, documents: dict[str, Path] | None = None,
                 site: Path | None = None, project: Project | None = None):
        # a plain class (not a dataclass), as cdkg.core.errors explains: every command builds one
        self.root, self.base, self.output, self.sources_dir = root, base, output, sources_dir
        self.graph_dirs, self.includes, self.documents, self.site = graph_dirs, includes, documents, site
        self.project = project
        if self.project is None:
            if self.root is None:
                self.project = current()
            else:   # another folder is that folder alone; the study's own folder is the study
                try:
                    study = current()
                except CdkgError:
                    study = None
                if study is not None and Path(self.root).resolve() == study.folder:
                    self.project = study
        p = self.project
        if p is not None:
            self.root = Path(self.root or p.folder)
            self.base = self.base or p.base
            self.output = self.output or p.output
            self.sources_dir = self.sources_dir or p.sources_folder
            self.graph_dirs = self.graph_dirs if self.graph_dirs is not None else list(p.graph)
            self.includes = self.includes if self.includes is not None else list(p.imports_with_data)
            self.documents = self.documents if self.documents is not None else dict(p.documents)
            self.site = self.site or p.site
        self.root = Path(self.root)
        self.base = self.base or DEFAULT_BASE
        if self.output is None:
            self.output = self.root / "output"
        if self.sources_dir is None:
            env = os.environ.get("CDKG_SOURCES")
            self.sources_dir = Path(env) if env else self.root.parent / "shared" / "sources"
        if self.graph_dirs is None:
            self.graph_dirs = [self.root / "graph"]
        if self.includes is None:
            self.includes = []
        if self.documents is None:
            from cdkg.core.discover import scan_documents

            self.documents = scan_documents(Path(self.sources_dir))
        if self.site is None:
            self.site = self.root / "site"
        if not self.base.endswith(("/", "#")):
            self.base += "/"

    def __repr__(self) -> str:
        return f"Settings(root={self.root!r}, base={self.base!r}, output={self.output!r})"

    @classmethod
    def scratch(cls, name: str, folder: Path | str | None = None) -> "Settings":
        """The current study, with its results going to a scratch folder instead of ``output/``
        and ``site/``: ``<study>/scratch/<name>/`` (or ``folder``; ``CDKG_NOTEBOOK_OUTPUT`` and
        ``CDKG_NOTEBOOK_SITE`` name the two folders outright). For notebooks, which then never
        replace what ``cdkg all`` made.

        Examples
        --------
        >>> s = Settings.scratch("01_asking", folder="/tmp/nb")
        >>> s.output, s.site
        (PosixPath('/tmp/nb/output'), PosixPath('/tmp/nb/site'))
        """
        settings = cls()
        where = Path(folder) if folder is not None else Path(settings.root) / "scratch" / name
        settings.output = Path(os.environ.get("CDKG_NOTEBOOK_OUTPUT") or where / "output")
        settings.site = Path(os.environ.get("CDKG_NOTEBOOK_SITE") or where / "site")
        return settings

    def document_file(self, file_name: str) -> Path | None:
        """The text of a source document, by its file name (``cdkg:fileName``), if it is at hand."""
        for path in (self.documents or {}).values():
            if Path(path).name == file_name and Path(path).is_file():
                return Path(path)
        return None

    @property
    def package(self) -> Path:
        """Where the ontology, shapes and query library are: the root if it has them."""
        return self.root if (self.root / "ontology").is_dir() else package_root()

    @property
    def ontology_dir(self) -> Path:
        return self.package / "ontology"

    @property
    def graph_dir(self) -> Path:
        """The first curated graph folder (the package's, in a study that includes it)."""
        return self.graph_dirs[0] if self.graph_dirs else self.root / "graph"

    @property
    def queries_dir(self) -> Path:
        return self.package / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.package / "queries" / "checks"

    @property
    def shapes_dir(self) -> Path:
        return self.package / "ontology" / "shapes"
