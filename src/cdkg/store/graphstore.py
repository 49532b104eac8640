"""The embedded triple store: pyoxigraph, queried with the union of named graphs as default.

Why pyoxigraph: ``benchmarks/bench_queries.py`` times every library query on pyoxigraph, on
rdflib with the oxrdflib store, and on rdflib's in-memory store (table in the README). The
Rust engine answers the library one to three orders of magnitude faster than rdflib's
in-memory store; rdflib over oxrdflib runs the same engine but converts every result term
to an rdflib term, which costs up to a few times more on large results. So the store queries
pyoxigraph directly, and hands Python users an rdflib :class:`~rdflib.Dataset` over the
*same* pyoxigraph store (through oxrdflib) when they want the rdflib API.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pyoxigraph as ox

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at every start-up
if TYPE_CHECKING:  # rdflib is imported only where it is used: a query does not need it
    import rdflib

from cdkg.core.errors import CdkgError, InputError, Location

_FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def rdf_format(path: Path | str) -> ox.RdfFormat:
    """The RDF format of a file, from its extension.

    Examples
    --------
    >>> rdf_format("output/cdkg.nq").name
    'N-Quads'
    >>> rdf_format("notes.txt")
    Traceback (most recent call last):
    ...
    cdkg.core.errors.InputError: notes.txt: unknown RDF file type '.txt' (use .nq, .trig, .ttl, .nt, .jsonld, .rdf, .owl)
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _FORMATS:
        known = ", ".join(_FORMATS)
        raise InputError(f"unknown RDF file type '{suffix}' (use {known})", Location(path))
    return _FORMATS[suffix]


def syntax_error(err: Exception, text: str, source: str = "<query>", line_offset: int = 0) -> InputError:
    """Turn a pyoxigraph ``SyntaxError`` into an :class:`InputError` naming line, column and problem.

    The parser's list of expected characters is cut down to the tokens a person can read, and
    the offending line is shown with a caret under the column.

    Examples
    --------
    >>> store = ox.Store()
    >>> try:
    ...     store.query("SELECT * WHERE {\\n  ?s ?p ?o .\\n  ?x }")
    ... except SyntaxError as e:
    ...     print(syntax_error(e, "SELECT * WHERE {\\n  ?s ?p ?o .\\n  ?x }"))
    <query>:3:6: SPARQL syntax error: expected one of BIND
      ?x }
         ^
    """
    message = str(err)
    match = _ERROR_AT.match(message)
    if not match:
        return InputError(f"SPARQL error: {message}", Location(source))
    line, col, problem = int(match[1]), int(match[2]), match[3]
    if line > 1:  # oxigraph counts the line break that ends the previous line as a column
        col = max(1, col - 1)
    line -= line_offset
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    readable = _readable(problem, here, col)
    caret = f"\n{here}\n{' ' * (col - 1)}^" if here else ""
    return InputError(f"SPARQL syntax error: {readable}{caret}", Location(source, line, col))


def _readable(problem: str, line: str, col: int) -> str:
    if "Prefix not found" in problem:
        before = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", line[: col - 1]) if line else None
        name = (before[1] or "") if before else ""
        return f"unknown prefix '{name}:' (declare it with PREFIX {name}: <...>)"
    for phrase in ("The SELECT contains a variable that is unbound", "is already used"):
        if phrase in problem:
            return phrase[0].lower() + phrase[1:] if phrase[0].isupper() else problem.strip()
    if problem.startswith("expected one of "):
        items = re.sub(r"\[[^\]]*\]", "", problem[len("expected one of ") :])
        tokens = [t.strip() for t in re.split(r",\s*", items) if t.strip() and "\\u" not in t]
        tokens = [t for t in tokens if t not in ("|",)]
        if tokens:
            return "expected one of " + ", ".join(tokens)
        return "unexpected character"
    return problem.strip()


class GraphStore:
    """A SPARQL store over the knowledge graph, in memory or persisted in a folder.

    Queries see the union of all named graphs as their default graph (the curated graph keeps
    every fact in the named graph of its citation); ``GRAPH ?g`` still reaches each citation.

    Parameters
    ----------
    path : Path, optional
        A folder to persist the store in (created if missing); in memory when None.
    read_only : bool
        Open an existing folder for reading only (several processes may read it at once).

    Examples
    --------
    >>> store = GraphStore()
    >>> store.load_data(
    ...     '<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g1> .\\n'
    ...     '<https://ex.org/b> <https://ex.org/p> "2" <https://ex.org/g2> .\\n', "nq")
    2
    >>> sorted(str(s["o"]) for s in store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    ['"1"', '"2"']
    >>> len(store)
    2
    """

    def __init__(self, path: Path | str | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        try:
            if read_only and self.path is not None:
                self._ox = ox.Store.read_only(str(self.path))
            else:
                self._ox = ox.Store(str(self.path)) if self.path is not None else ox.Store()
        except OSError as err:
            raise CdkgError(f"cannot open the store at {self.path}: {err}") from err

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_files(cls, paths, path: Path | str | None = None) -> "GraphStore":
        """A store holding the quads of RDF files (N-Quads, TriG, Turtle, ...)."""
        store = cls(path)
        for file in paths:
            store.load_file(file)
        return store

    @classmethod
    def from_dataset(cls, dataset: rdflib.Dataset | rdflib.Graph, path=None) -> "GraphStore":
        """A store holding the quads of an rdflib Dataset (or the triples of a Graph)."""
        import rdflib

        store = cls(path)
        fmt = "nquads" if isinstance(dataset, rdflib.Dataset) else "nt"
        data = dataset.serialize(format=fmt, encoding="utf-8")
        store.load_data(data, "nq" if fmt == "nquads" else "nt")
        return store

    def load_file(self, file: Path | str) -> int:
        """Add the quads of one RDF file; returns the number of quads now in the store."""
        file = Path(file)
        if not file.exists():
            raise InputError("no such file", Location(file))
        try:
            self._ox.bulk_load(path=str(file), format=rdf_format(file))
        except SyntaxError as err:
            from cdkg.load import file_syntax_error

            raise file_syntax_error(err, file) from None
        return len(self)

    def load_data(self, data: str | bytes, fmt: str = "nq") -> int:
        """Add RDF given as text; ``fmt`` is a file extension (``nq``, ``trig``, ``ttl``, ``nt``)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self._ox.bulk_load(io.BytesIO(raw), format=rdf_format(f"x.{fmt}"))
        return len(self)

    def __len__(self) -> int:
        return len(self._ox)

    # -- querying --------------------------------------------------------------------------
    def query(self, text: str, *, union: bool = True, source: str = "<query>", prefixes=None):
        """Run a SPARQL query; returns pyoxigraph's solutions, triples or boolean.

        A syntax error becomes an :class:`InputError` with line, column and the problem.
        """
        try:
            return self._ox.query(text, use_default_graph_as_union=union, prefixes=prefixes)
        except SyntaxError as err:
            raise syntax_error(err, text, source) from err
        except OSError as err:
            raise CdkgError(f"store error: {err}") from err

    def update(self, text: str, *, source: str = "<update>") -> None:
        """Run a SPARQL Update."""
        try:
            self._ox.update(text)
        except SyntaxError as err:
            raise syntax_error(err, text, source) from err

    # -- other views -----------------------------------------------------------------------
    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        return self._ox

    def rdflib(self) -> rdflib.Dataset:
        """An rdflib Dataset over the same store (through oxrdflib), default graph = union.

        Examples
        --------
        >>> store = GraphStore()
        >>> _ = store.load_data('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\\n')
        >>> ds = store.rdflib()
        >>> [str(o) for o in ds.objects()]
        ['1']
        """
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self._ox), default_union=True)

    def graphs(self) -> list[str]:
        """The names of the named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs())

    def dump(self, path: Path | str) -> None:
        """Write all quads to a file (format from the extension), atomically."""
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        self._ox.dump(str(tmp), format=rdf_format(path))
        tmp.replace(path)

    def flush(self) -> None:
        """Write pending changes of a persisted store to disk."""
        if self.path is not None:
            self._ox.flush()
