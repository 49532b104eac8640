"""The query library: ``queries/NNN_snake_name.rq``, one research question per file.

Each file opens with a header block of ``# key: value`` comment lines::

    # title: Networks of a city and the functions it emphasises
    # question: Which city networks is a city a member of, and which functions ...?
    # columns: network, networkLabel, function, functionLabel
    # tags: networks, functions, memberships
    # param: city | city: | copenhagen | the city, as a slug or an IRI

``param`` lines (zero or more) are ``name | kind | example | description``: the query uses
``?name``, and ``cdkg query NAME --param name=VALUE`` binds it. ``kind`` is a prefix such as
``city:`` (the value may then be a bare slug), ``iri``, ``string``, ``integer`` or ``year``.
"""

from __future__ import annotations

import os
import re
import time
from collections import namedtuple
from pathlib import Path

from cdkg.core.errors import CdkgError, InputError, Location, Record

FILE_NAME = re.compile(r"^(?P<number>\d{3})_(?P<name>[a-z0-9]+(?:_[a-z0-9]+)*)\.rq$")
HEADER_KEYS = ("title", "question", "columns", "tags")
_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")
_KINDS = ("iri", "string", "integer", "year")
_CACHE: dict[str, tuple] = {}
#: Seconds after which :meth:`QueryLibrary.cached` compares the files' sizes and times again.
RECHECK_S = 1.0


def _signature(folder: str) -> tuple:
    with os.scandir(folder) as entries:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.name.endswith(".rq")))


# Plain classes, not dataclasses: the query path of every command imports this module (see
# cdkg.core.errors).
class Param(namedtuple("Param", "name kind example description")):
    """A parameter of a library query: ``?name``, bound with ``--param name=VALUE``."""

    __slots__ = ()


class LibraryQuery(Record):
    """One query of the library, with its header."""

    __slots__ = ("path", "number", "name", "text", "header", "params")

    def __init__(self, path: Path, number: str, name: str, text: str, header: dict[str, str] | None = None,
                 params: list[Param] | None = None):
        self.path, self.number, self.name, self.text = path, number, name, text
        self.header = {} if header is None else header
        self.params = [] if params is None else params

    def __repr__(self) -> str:
        return f"LibraryQuery(path={self.path!r}, number={self.number!r}, name={self.name!r})"

    @property
    def title(self) -> str:
        return self.header.get("title", "")

    @property
    def question(self) -> str:
        return self.header.get("question", "")

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.header.get("columns", "").split(",") if c.strip()]

    @property
    def tags(self) -> list[str]:
        return [t.strip() for t in self.header.get("tags", "").split(",") if t.strip()]

    @property
    def id(self) -> str:
        """``NNN_name``, the file name without ``.rq``."""
        return f"{self.number}_{self.name}"

    def example_bindings(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params}


def parse_query_file(path: Path) -> LibraryQuery:
    """Read one library file and its header.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "007_city_networks.rq"
    >>> _ = p.write_text("# title: T\\n# question: Q?\\n# columns: a\\n# tags: x, y\\n"
    ...                  "# param: city | city: | copenhagen | the city\\nSELECT ?a WHERE { ?a ?b ?city }\\n")
    >>> q = parse_query_file(p)
    >>> q.name, q.number, q.tags, q.params[0].kind
    ('city_networks', '007', ['x', 'y'], 'city:')
    """
    match = FILE_NAME.match(path.name)
    if not match:
        raise InputError("library query files are named NNN_snake_name.rq", Location(path))
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        found = _HEADER_LINE.match(line)
        if not found:
            continue
        key, value = found["key"], found["value"].strip()
        if key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4 or not parts[0]:
                raise InputError("a param line is 'name | kind | example | description'", Location(path, number))
            params.append(Param(*parts))
        else:
            header[key] = value
    return LibraryQuery(path, match["number"], match["name"], text, header, params)


def lint_query(query: LibraryQuery) -> list[str]:
    """Problems with a library query's header; an empty list when it is fine.

    Examples
    --------
    >>> q = LibraryQuery(Path("001_x.rq"), "001", "x", "# title: X\\nSELECT ?a WHERE {}", {"title": "X"})
    >>> lint_query(q)[:2]
    ['001_x.rq: missing header line "# question:"', '001_x.rq: missing header line "# columns:"']
    """
    where = query.path.name
    problems = [f'{where}: missing header line "# {key}:"' for key in HEADER_KEYS if not query.header.get(key)]
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    if query.question and not query.question.endswith("?"):
        problems.append(f"{where}: the question should be a question (end with '?')")
    used = set(re.findall(r"\b([A-Za-z][\w-]*):[A-Za-z0-9_]", re.sub(r"<[^>\s]*>|\"[^\"]*\"", "", body)))
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", body))
    for prefix in sorted(used - declared):
        problems.append(f"{where}: prefix '{prefix}:' is used but not declared (declare every PREFIX in the file)")
    is_select = re.search(r"(?i)\bSELECT\b", body) and not re.search(r"(?i)\b(CONSTRUCT|DESCRIBE|ASK)\b", body)
    if is_select and query.columns:
        head = re.search(r"(?is)\bSELECT\b(.*?)\bWHERE\b", body)
        names = projected(head[1]) if head else []
        if names and names != query.columns:
            problems.append(f"{where}: '# columns:' says {query.columns} but the query selects {names}")
    for param in query.params:
        if not (param.kind.endswith(":") or param.kind in _KINDS):
            problems.append(f"{where}: param {param.name}: kind must be a prefix like 'city:' or one of {_KINDS}")
        if not re.search(rf"\?{re.escape(param.name)}\b", body):
            problems.append(f"{where}: param {param.name} is not used as ?{param.name} in the query")
    return problems


def projected(select_clause: str) -> list[str]:
    """The variable names a SELECT clause projects, in order.

    Examples
    --------
    >>> projected("DISTINCT ?a (COUNT(DISTINCT ?x) AS ?n) (GROUP_CONCAT(STR(?l); separator=', ') AS ?ls)")
    ['a', 'n', 'ls']
    """
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "", select_clause)
    inner = re.compile(r"\(([^()]*)\)")
    while inner.search(text):
        text = inner.sub(lambda m: (re.search(r"\bAS\s+(\?\w+)", m[1], re.I) or [None, ""])[1], text)
    return re.findall(r"\?(\w+)", text)


class QueryLibrary:
    """The queries of a folder, by name.

    Parameters
    ----------
    folder : Path
        Usually ``queries/`` of the project (``Settings().queries_dir``).
    """

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)
        self.queries = [parse_query_file(p) for p in sorted(self.folder.glob("*.rq"))]

    @classmethod
    def cached(cls, folder: Path | str) -> "QueryLibrary":
        """The library of ``folder``, parsed once and kept while its files are unchanged: a file
        added, removed or replaced (as editors save) changes the folder and is seen at once; a
        file rewritten in place is seen within :data:`RECHECK_S` seconds (names, sizes and
        modification times are compared, not the text).

        Examples
        --------
        >>> from cdkg.core.settings import Settings
        >>> QueryLibrary.cached(Settings().queries_dir) is QueryLibrary.cached(Settings().queries_dir)
        True
        """
        key = os.fspath(folder)
        try:
            folder_stamp = os.stat(key).st_mtime_ns
        except OSError:
            return cls(folder)
        found = _CACHE.get(key)
        now = time.monotonic()
        if found is not None and found[0] == folder_stamp and now - found[2] < RECHECK_S:
            return found[3]
        signature = _signature(key)
        if found is None or found[1] != signature:
            found = (folder_stamp, signature, now, cls(folder))
        else:
            found = (folder_stamp, signature, now, found[3])
        _CACHE[key] = found
        return found[3]

    def __iter__(self):
        return iter(self.queries)

    def __len__(self) -> int:
        return len(self.queries)

    def names(self) -> list[str]:
        return [q.name for q in self.queries]

    def get(self, name: str) -> LibraryQuery:
        """A query by name (``city_networks``), number (``001``) or file stem (``001_city_networks``).

        An unknown name raises :class:`CdkgError` listing the close names.
        """
        key = name.strip().lower().replace("-", "_")
        if key.endswith(".rq"):
            key = key[:-3]
        for query in self.queries:
            if key in (query.name, query.number, query.id) or key.lstrip("0") == query.number.lstrip("0"):
                return query
        candidates = self.names() + [q.id for q in self.queries]
        import difflib  # only for the message

        close = difflib.get_close_matches(key, candidates, n=5, cutoff=0.5)
        close += [n for n in self.names() if key and key in n and n not in close]
        hint = f"; did you mean: {', '.join(dict.fromkeys(close))}?" if close else ""
        raise CdkgError(f"no library query named {name!r}{hint} (`cdkg query --list` shows them all)")
