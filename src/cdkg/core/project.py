"""The study: one project file, ``cdkg.toml``, that says what a study is built from and what
``cdkg all`` makes of it, so that every command, the notebooks and ``cdkg serve`` build the
same study the same way. Command-line flags override it.

This module reads and checks the file; :mod:`cdkg.core.discover` finds it (from the working
folder upward, or named by ``--project`` or ``CDKG_PROJECT``; else the package's own
``cdkg.toml``, the curated graph of the five Danish documents). ``cdkg init`` writes a new one.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "cdkg.toml").write_text('[study]\\ntitle = "Nordic capitals"\\n'
...                                      '[graph]\\ncurated = false\\nfolders = ["graph"]\\n')
>>> p = load_project(folder / "cdkg.toml")
>>> p.title, p.graph == [folder / "graph"], p.output == folder / "output"
('Nordic capitals', True, True)
>>> _ = (folder / "cdkg.toml").write_text('[study]\\ntitel = "typo"\\n')
>>> load_project(folder / "cdkg.toml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
cdkg.core.errors.InputError: .../cdkg.toml:2: unknown key 'titel' in [study] (did you mean: title?); known: ...
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from cdkg.core.cache import get_json, put_json
from cdkg.core.errors import InputError, Location
from cdkg.core.namespaces import DEFAULT_BASE

FILE_NAME = "cdkg.toml"
#: A source document's id: the segment of its citations, ``<base>id/source/<id>/L1-10``.
SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: The licence of the curated graph and the default licence of a study's data.
DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"

#: Every key the file may hold: table -> {key: type}; ``[[analysis]]`` and ``[[view]]`` take
#: the options of ``cdkg analyze`` and ``cdkg view`` (checked by the command line).
SCHEMA = {
    "study": {"title": str, "description": str, "base": str, "output": str, "site": str,
              "site_url": str, "licence": str, "version": str},
    "publisher": {"name": str, "url": str},
    "creator": {"name": str, "orcid": str, "affiliation": str},
    "graph": {"curated": bool, "folders": list, "imports": list},
    "sources": {"folder": str, "documents": dict},
    "analysis": None,
    "view": None,
}
ARRAYS = ("creator", "analysis", "view")

class Person(SimpleNamespace):
    """A creator or publisher, for DCAT and the citation.

    (This module and :mod:`cdkg.core.errors` keep to plain classes: every command imports them,
    and ``dataclasses`` would add ``inspect`` to each command's start-up.)
    """

    def __init__(self, name: str, url: str = "", orcid: str = "", affiliation: str = ""):
        super().__init__(name=name, url=url, orcid=orcid, affiliation=affiliation)


#: A project's fields after ``path`` and ``folder``, with their defaults (a type: a new empty one).
_FIELDS = {
    "title": "City Diplomacy Knowledge Graph", "description": "", "base": DEFAULT_BASE,
    "output": None, "site": None, "site_url": "", "licence": DATA_LICENCE, "version": "",
    "publisher": None, "creators": list, "curated": True, "graph": list, "imports": list,
    "sources_folder": None, "documents": dict, "analyses": list, "views": list, "lines": dict,
}


class Project(SimpleNamespace):
    """One study, read from a ``cdkg.toml`` (or the package's defaults).

    Paths are absolute. ``lines`` maps ``table.key`` to its line in the file, for messages.

    Examples
    --------
    >>> p = Project(None, Path("/tmp/s"), title="A study")
    >>> p.title, p.output, p.creators, p.base
    ('A study', PosixPath('/tmp/s/output'), [], 'https://w3id.org/cdkg/')
    >>> Project(None, Path("/tmp/s"), titel="A study")
    Traceback (most recent call last):
    ...
    TypeError: Project() got unexpected fields: titel
    """

    def __init__(self, path: Path | None, folder: Path, **fields):
        unknown = sorted(set(fields) - set(_FIELDS))
        if unknown:
            raise TypeError(f"Project() got unexpected fields: {', '.join(unknown)}")
        values = {k: (v() if isinstance(v, type) else v) for k, v in _FIELDS.items()}
        super().__init__(path=path, folder=folder, **{**values, **fields})
        self.output = self.output or self.folder / "output"
        self.site = self.site or self.folder / "site"

    def where(self, key: str) -> Location:
        """The file and line of a key (``graph.imports``, ``analysis.2.projection``)."""
        return Location(self.path or self.folder / FILE_NAME, self.lines.get(key))

    @property
    def source_ids(self) -> list[str]:
        return sorted(self.documents)

    @property
    def imports_with_data(self) -> list[Path]:
        """The import folders and files that hold RDF: a study's ``imports/`` before its first
        import is empty, and a build includes nothing from it (an empty folder named on the
        command line with ``--include`` is refused instead)."""
        rdf = (".trig", ".nq", ".ttl", ".nt")
        return [p for p in self.imports
                if not (p.is_dir() and not any(f.suffix in rdf for f in p.iterdir()))]


def _key_lines(text: str) -> dict[str, int]:
    """``table.key`` (``analysis.1.measures`` for the second ``[[analysis]]``) -> line number.

    Examples
    --------
    >>> _key_lines('[study]\\ntitle = "x"\\n[[view]]\\nmap = true\\n[[view]]\\ntitle = "y"')["view.1.title"]
    6
    """
    lines: dict[str, int] = {}
    table, counts = "", {}
    for number, line in enumerate(text.splitlines(), 1):
        head = re.match(r"^\s*(\[\[?)\s*([\w.\"-]+?)\s*\]\]?\s*(#.*)?$", line)
        if head:
            name = head[2].replace('"', "")
            if head[1] == "[[":
                counts[name] = counts.get(name, -1) + 1
                name = f"{name}.{counts[name]}"
            table = name
            lines.setdefault(table, number)
            continue
        key = re.match(r'^\s*("[^"]*"|[\w-]+)\s*=', line)
        if key:
            lines.setdefault(f"{table}.{key[1].strip(chr(34))}" if table else key[1].strip('"'), number)
    return lines


def key_error(path: Path, lines: dict[str, int], key: str, message: str) -> InputError:
    """An :class:`InputError` at the line of ``key`` (or of the nearest table above it)."""
    line = lines.get(key)
    while line is None and "." in key:
        key = key.rsplit(".", 1)[0]
        line = lines.get(key)
    return InputError(message, Location(path, line))


def _close(word: str, names) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(names), n=2, cutoff=0.7)
    return f" (did you mean: {', '.join(close)}?)" if close else ""


def _check_table(path, lines, name, where, table: dict, schema: dict) -> None:
    for key, value in table.items():
        if key not in schema:
            raise key_error(path, lines, f"{where}.{key}",
                        f"unknown key {key!r} in [{name}]{_close(key, schema)}; known: {', '.join(schema)}")
        wanted = schema[key]
        if not isinstance(value, wanted) or (wanted is list and not all(isinstance(v, str) for v in value)):
            kind = {str: "a string", bool: "true or false", list: "a list of strings", dict: "a table"}[wanted]
            raise key_error(path, lines, f"{where}.{key}", f"[{name}] {key} must be {kind}, not {value!r}")


def _paths(folder: Path, values) -> list[Path]:
    return [(folder / v).resolve() if not Path(v).is_absolute() else Path(v) for v in values]


def _check_base(path, lines, key, value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value):
        raise key_error(path, lines, key, f"{key.split('.')[-1]} must be an http(s) IRI, not {value!r}")
    return value if value.endswith(("/", "#")) else value + "/"


def _read_toml(text: str, path: Path) -> dict:
    """The TOML data of a project file, parsed once per version of its text: the parse is kept
    in the per-user cache (:mod:`cdkg.core.cache`) beside the text it came from, and used only
    when the file's text is the same. Importing ``tomllib`` and parsing took a tenth of a quick
    ``cdkg query``'s start-up."""
    import zlib

    key = f"{zlib.crc32(str(path.resolve()).encode('utf-8')):08x}"
    kept = get_json("projects", key)
    if isinstance(kept, dict) and kept.get("text") == text and isinstance(kept.get("data"), dict):
        return kept["data"]
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise InputError(f"TOML syntax error: {message}",
                         Location(path, int(found[1]), int(found[2])) if found else Location(path)) from None
    put_json("projects", key, {"path": str(path), "text": text, "data": data})  # not kept if not JSON (dates)
    return data


def parse_project(text: str, path: Path) -> Project:
    """A :class:`Project` from the text of a project file at ``path`` (relative paths resolve
    against its folder). Every bad key or value raises :class:`InputError` naming file and line."""
    path = Path(path)
    folder = path.parent.resolve()
    data = _read_toml(text, path)
    lines = _key_lines(text)
    for name, value in data.items():
        if name not in SCHEMA:
            raise key_error(path, lines, name, f"unknown table [{name}]{_close(name, SCHEMA)}; known: {', '.join(SCHEMA)}")
        if name in ARRAYS and isinstance(value, dict) and name == "creator":
            value = data[name] = [value]
        if (name in ARRAYS) != isinstance(value, list) or (name in ARRAYS and not all(isinstance(v, dict) for v in value)):
            form = f"[[{name}]] (one table per item)" if name in ARRAYS else f"a table [{name}]"
            raise key_error(path, lines, name, f"{name} must be {form}")
        for i, table in enumerate(value if isinstance(value, list) else [value]):
            where = f"{name}.{i}" if name in ARRAYS else name
            if SCHEMA[name] is not None:
                _check_table(path, lines, name, where, table, SCHEMA[name])
    study, graph, sources = data.get("study", {}), data.get("graph", {}), data.get("sources", {})
    project = Project(path, folder, lines=lines)
    project.title = study.get("title", project.title)
    project.description = study.get("description", "")
    project.version = study.get("version", "")
    if "base" in study:
        project.base = _check_base(path, lines, "study.base", study["base"])
    if study.get("site_url"):
        project.site_url = _check_base(path, lines, "study.site_url", study["site_url"])
    project.licence = study.get("licence", DATA_LICENCE)
    if not re.match(r"^https?://\S+$", project.licence):
        raise key_error(path, lines, "study.licence", f"licence must be the IRI of a licence, not {project.licence!r}")
    project.output = _paths(folder, [study.get("output", "output")])[0]
    project.site = _paths(folder, [study.get("site", "site")])[0]
    if "publisher" in data:
        if not data["publisher"].get("name"):
            raise key_error(path, lines, "publisher", "[publisher] needs a name")
        project.publisher = Person(data["publisher"]["name"], data["publisher"].get("url", ""))
    for i, creator in enumerate(data.get("creator", [])):
        if not creator.get("name"):
            raise key_error(path, lines, f"creator.{i}", "each [[creator]] needs a name")
        orcid = creator.get("orcid", "")
        if orcid and not re.match(r"^(https://orcid\.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", orcid):
            raise key_error(path, lines, f"creator.{i}.orcid", f"orcid must look like 0000-0002-1825-0097, not {orcid!r}")
        project.creators.append(Person(creator["name"], orcid=orcid, affiliation=creator.get("affiliation", "")))
    project.curated = graph.get("curated", True)
    project.graph = _paths(folder, graph.get("folders", []))
    project.imports = _paths(folder, graph.get("imports", []))
    if "folder" in sources:
        project.sources_folder = _paths(folder, [sources["folder"]])[0]
    base_folder = project.sources_folder or folder
    for doc_id, file in sources.get("documents", {}).items():
        key = f"sources.documents.{doc_id}"
        if not SOURCE_ID.match(doc_id):
            raise key_error(path, lines, key, f"source id {doc_id!r}: use letters, digits, '-' and '_' (up to 64), "
                        "starting with a letter or digit")
        if not isinstance(file, str) or not file:
            raise key_error(path, lines, key, f"source {doc_id!r} must name its text file")
        project.documents[doc_id] = _paths(base_folder, [file])[0]
    project.analyses = [dict(t) for t in data.get("analysis", [])]
    project.views = [dict(t) for t in data.get("view", [])]
    return project


def load_project(path: Path | str) -> Project:
    """Read a project file (or the ``cdkg.toml`` of a folder).

    Raises
    ------
    InputError
        The file is missing, is not TOML, or has an unknown key or a bad value (file and line).
    """
    path = Path(path)
    if path.is_dir():
        path = path / FILE_NAME
    if not path.is_file():
        raise InputError("project file not found (`cdkg init` writes one)", Location(path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read the project file: {err}", Location(path)) from None
    return parse_project(text, path)
