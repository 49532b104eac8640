"""Parse one RDF file, turning any syntax error into an :class:`~cdkg.InputError` that names
the file, the line, the column and the problem."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph

from cdkg.core.errors import InputError, Location

_FORMATS = {
    ".ttl": (pyoxigraph.RdfFormat.TURTLE, "turtle"),
    ".trig": (pyoxigraph.RdfFormat.TRIG, "trig"),
    ".nt": (pyoxigraph.RdfFormat.N_TRIPLES, "nt"),
    ".nq": (pyoxigraph.RdfFormat.N_QUADS, "nquads"),
}


def file_syntax_error(err: SyntaxError, path: Path | str) -> InputError:
    """An Oxigraph parser error on an RDF file as an :class:`InputError` naming the file, line,
    column and problem (one translation for every place that reads RDF files).

    Examples
    --------
    >>> try:
    ...     list(pyoxigraph.parse('@prefix e: <http://e/> .\\ne:a e:b .', format=pyoxigraph.RdfFormat.TURTLE))
    ... except SyntaxError as err:
    ...     print(file_syntax_error(err, "x.ttl"))
    x.ttl:2:9: syntax error: . is not a valid RDF object
    """
    message = str(err.msg if getattr(err, "msg", None) else err)
    message = re.sub(r"^Parser error at line \d+ column \d+:\s*", "", message).strip()
    return InputError(f"syntax error: {message}", Location(path, getattr(err, "lineno", None), getattr(err, "offset", None)))


def _check_syntax(path: Path) -> None:
    """Run Oxigraph's strict parser first: it reports line and column of syntax errors."""
    fmt = _FORMATS[path.suffix][0]
    try:
        for _ in pyoxigraph.parse(path=str(path), format=fmt):
            pass
    except SyntaxError as err:
        raise file_syntax_error(err, path) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read: {err}", Location(path)) from None


def parse_file(path: Path | str, into: Dataset | Graph | None = None):
    """Parse an RDF file (Turtle, TriG, N-Triples, N-Quads) into an rdflib graph or dataset.

    Parameters
    ----------
    path : Path or str
        The file; its suffix picks the format.
    into : rdflib.Dataset or rdflib.Graph, optional
        Where to add the triples; a new Dataset (for quads) or Graph is made if absent.

    Raises
    ------
    InputError
        Naming the file, line and column of a syntax error.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> p = Path(d, "bad.ttl"); _ = p.write_text("@prefix ex: <http://e/> .\\nex:a ex:b .\\n")
    >>> try:
    ...     parse_file(p)
    ... except InputError as e:
    ...     print(e.location.line, "syntax error" in e.message)
    2 True
    """
    path = Path(path)
    if path.suffix not in _FORMATS:
        raise InputError(f"unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)", Location(path))
    if not path.is_file():
        raise InputError("file not found", Location(path))
    _check_syntax(path)
    target = into
    if target is None:
        target = Dataset() if path.suffix in (".trig", ".nq") else Graph()
    try:
        target.parse(path, format=_FORMATS[path.suffix][1])
    except Exception as err:  # rdflib may still object to something Oxigraph accepted
        raise InputError(f"cannot parse: {err}", Location(path)) from None
    return target
