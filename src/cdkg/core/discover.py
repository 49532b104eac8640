"""Which study a command works on: the ``cdkg.toml`` named by ``--project`` or ``CDKG_PROJECT``,
else the nearest one from the working folder upward, else the package's own (the curated graph
of the five Danish documents). A study with ``curated = true`` also holds the package's curated
graph and its documents. The study is read once per process and again when its file changes.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "cdkg.toml").write_text('[study]\\ntitle = "Nordic"\\n')
>>> (folder / "graph").mkdir()
>>> find_project_file(folder / "graph") == folder / "cdkg.toml"
True
>>> study = resolve_project(folder)
>>> study.title, "001" in study.documents     # the curated documents come with it
('Nordic', True)
"""

from __future__ import annotations

import os
from pathlib import Path

from cdkg.core.project import FILE_NAME, SOURCE_ID, Project, key_error, load_project

#: What ``cdkg all`` makes in a folder without a ``cdkg.toml`` (the package's own lists them too).
DEFAULT_ANALYSES = ({"projection": "comembership"}, {"projection": "bipartite"}, {"projection": "partnership"})
DEFAULT_VIEWS = (
    {"projection": "comembership", "size-by": "betweenness", "title": "Cities that share networks (size: betweenness)"},
    {"projection": "bipartite", "size-by": "degree", "title": "Cities and the networks they belong to"},
    {"projection": "partnership", "size-by": "degree", "title": "Partnerships between cities"},
    {"projection": "partnership", "map": True, "size-by": "degree", "title": "Map of cities and their partnerships"},
)


def package_root() -> Path:
    """The folder holding the package's ``ontology/``, ``graph/`` and ``queries/``."""
    env = os.environ.get("CDKG_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology").is_dir() and (parent / "graph").is_dir():
            return parent
    return Path.cwd()


def find_project_file(start: Path | None = None) -> Path | None:
    """The nearest ``cdkg.toml`` in ``start`` (default: the working folder) or a folder above it."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / FILE_NAME).is_file():
            return folder / FILE_NAME
    return None


def package_project() -> Project:
    """The package's own study: its ``cdkg.toml`` if there is one, else the curated graph
    (``graph/``) and the documents in ``CDKG_SOURCES`` or ``../shared/sources``."""
    root = package_root()
    if (root / FILE_NAME).is_file():
        project = load_project(root / FILE_NAME)
    else:
        project = Project(None, root, graph=[root / "graph"], sources_folder=root.parent / "shared" / "sources",
                          analyses=[dict(a) for a in DEFAULT_ANALYSES], views=[dict(v) for v in DEFAULT_VIEWS])
    project.curated = False  # it *is* the curated study
    env = os.environ.get("CDKG_SOURCES")
    if env:
        folder = Path(env).resolve()
        project.documents = {k: folder / p.name for k, p in project.documents.items()}
        project.sources_folder = folder
    if not project.documents and project.sources_folder:
        project.documents = scan_documents(project.sources_folder)
    return project


def scan_documents(folder: Path) -> dict[str, Path]:
    """The documents of a folder named ``<id>_<anything>.txt``, by id.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "005_interview.txt").write_text("x"); _ = (d / "README.md").write_text("")
    >>> sorted(scan_documents(d))
    ['005']
    """
    found = {}
    if Path(folder).is_dir():
        for path in sorted(Path(folder).glob("*_*.txt")):
            doc_id = path.name.split("_", 1)[0]
            if SOURCE_ID.match(doc_id):
                found.setdefault(doc_id, path)
    return found


def resolve_project(path: Path | str | None = None) -> Project:
    """The study a command works on: ``path`` (a file or folder) if given, else
    ``CDKG_PROJECT``, else (unless ``CDKG_HOME`` names the package folder) the nearest
    ``cdkg.toml`` from the working folder up, else the package's own study. A study with
    ``curated = true`` also holds the package's curated graph and documents."""
    path = path or os.environ.get("CDKG_PROJECT") or None
    if path is None and not os.environ.get("CDKG_HOME"):
        path = find_project_file()
    package = package_project()
    if path is None:
        return package
    project = load_project(path)
    if package.path is not None and project.path.resolve() == package.path.resolve():
        return package
    if project.curated:
        project.graph = [*package.graph, *[g for g in project.graph if g not in package.graph]]
        for doc_id, file in package.documents.items():
            if doc_id in project.documents and project.documents[doc_id] != file:
                raise key_error(project.path, project.lines, f"sources.documents.{doc_id}",
                            f"source id {doc_id!r} is taken by the curated graph's {file.name}: choose another id")
            project.documents.setdefault(doc_id, file)
        project.sources_folder = project.sources_folder or package.sources_folder
    elif project.sources_folder and not project.documents:
        project.documents = scan_documents(project.sources_folder)
    return project


_ACTIVE: dict[tuple, Project] = {}


def current() -> Project:
    """The study of this process (cached per working folder, environment and project file
    version); the command line sets it with :func:`activate` when ``--project`` is given."""
    if "forced" in _ACTIVE:
        return _ACTIVE["forced"]
    found = os.environ.get("CDKG_PROJECT") or (None if os.environ.get("CDKG_HOME") else find_project_file())
    try:
        stamp = Path(found).stat().st_mtime_ns if found else None   # an edited file is read again
    except OSError:
        stamp = None
    key = (str(Path.cwd()), found, stamp, os.environ.get("CDKG_HOME"), os.environ.get("CDKG_SOURCES"))
    if key not in _ACTIVE:
        _ACTIVE.clear()
        _ACTIVE[key] = resolve_project()
    return _ACTIVE[key]


def activate(project: Project | None) -> None:
    """Make ``project`` the study of this process (``None``: find it again)."""
    _ACTIVE.clear()
    if project is not None:
        _ACTIVE["forced"] = project
