"""Run a library query, a query file or query text on the embedded store or a remote endpoint.

Examples
--------
>>> from cdkg.store import GraphStore
>>> store = GraphStore()
>>> _ = store.load_data('<https://w3id.org/cdkg/id/city/aarhus> <http://www.w3.org/2000/01/rdf-schema#label> "Aarhus" <https://w3id.org/cdkg/id/source/002/L1> .\\n')
>>> run("SELECT ?l WHERE { ?c rdfs:label ?l }", store=store).compact_rows()
[('"Aarhus"',)]
>>> run("SELECT ?l WHERE { ?c rdfs:label ?l }", store=store, params={"c": "city:aarhus"}).compact_rows()
[('"Aarhus"',)]
>>> run("SELECT ?l WHERE { ?c rdfs:label ?l }", store=store, params={"c": "city:vejle"}).compact_rows()
[]
"""

from __future__ import annotations

import sys
from collections import namedtuple
from pathlib import Path

from cdkg.core.errors import CdkgError, InputError, Location
from cdkg.core.namespaces import all_prefixes
from cdkg.core.settings import Settings
from cdkg.query.order import split_order
from cdkg.query.library import LibraryQuery, QueryLibrary, parse_query_file
from cdkg.query.isolate import can_isolate, needs_isolation, run_isolated
from cdkg.query.params import bind_params
from cdkg.query.remote import query_endpoint
from cdkg.query.results import QueryResult


class QueryText(namedtuple("QueryText", "text source params library", defaults=((), None))):
    """A query to run: its text, where it came from, and its declared params (library only).
    (A named tuple, not a dataclass: see cdkg.core.errors.)"""

    __slots__ = ()


def resolve(spec: str, settings: Settings | None = None) -> QueryText:
    """``-`` (standard input), a path to a ``.rq``/``.sparql`` file, or a library query name."""
    settings = settings or Settings()
    if spec == "-":
        return QueryText(sys.stdin.read(), "<stdin>")
    path = Path(spec)
    if path.suffix in (".rq", ".sparql", ".txt") or path.exists():
        if not path.exists():
            raise CdkgError(f"no such query file: {spec}")
        if path.is_file():
            try:
                query = parse_query_file(path)
                return QueryText(query.text, str(path), tuple(query.params), query)
            except CdkgError:
                return QueryText(path.read_text(encoding="utf-8"), str(path))
    query = QueryLibrary.cached(settings.queries_dir).get(spec)
    return QueryText(query.text, str(query.path), tuple(query.params), query)


_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


#: Space, comments and the prologue, then the query's first word (a pattern: compiled when used).
_HEAD = r"(?is)(?:\s+|#[^\n\r]*|PREFIX\s*[^\s:]*:\s*<[^<>]*>|BASE\s*<[^<>]*>)*(?P<word>[a-z]+)?"


def check_query_text(text: str, source: str = "<query>") -> None:
    """Refuse an empty query and a SPARQL Update in plain words (before any parser's message).

    Examples
    --------
    >>> check_query_text("  # only a comment\\n")
    Traceback (most recent call last):
    ...
    cdkg.core.errors.InputError: <query>: the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query
    >>> check_query_text("PREFIX ex: <http://ex.org/> INSERT DATA { ex:a ex:b ex:c }")
    Traceback (most recent call last):
    ...
    cdkg.core.errors.InputError: <query>: this is a SPARQL Update (INSERT); updates are not run here: `cdkg query` only reads (`cdkg load` writes to an endpoint)
    """
    import re

    if "\\u" in text or "\\U" in text:  # codepoint escapes may spell a keyword: read them first
        from cdkg.store.policy import unescape

        text = unescape(text)
    head = re.match(_HEAD, text)
    if head.end() == len(text):
        raise InputError("the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query", Location(source))
    word = (head["word"] or "").upper()
    if word in _UPDATES:
        raise InputError(f"this is a SPARQL Update ({word}); updates are not run here: `cdkg query` "
                         "only reads (`cdkg load` writes to an endpoint)", Location(source))


def run(
    text: str,
    *,
    store=None,
    endpoint: str | None = None,
    params: dict[str, str] | None = None,
    declared=(),
    source: str = "<query>",
    limit: int | None = None,
    timeout: float = 60.0,
    isolate: bool = False,
) -> QueryResult:
    """Run SPARQL on a :class:`~cdkg.store.GraphStore` or a remote endpoint URL.

    Parameters
    ----------
    params : dict
        ``--param`` values; each binds ``?name`` (see :mod:`cdkg.query.params`). A value of a
        resource parameter (kind ``city:``...) may be a name in any language
        (:mod:`cdkg.query.names`).
    declared : sequence of Param
        The params a library query declares: all must be given.
    limit : int, optional
        Keep at most this many rows (the result says when it was cut).
    isolate : bool
        On the embedded store, run the query in a child process (:mod:`cdkg.query.isolate`)
        when it has ``ORDER BY`` (which can crash the engine) or always when ``timeout`` is to
        be enforced (``isolate="always"``): ``cdkg query`` does, so a crash or an endless query
        ends with a message.
    """
    check_query_text(text, source)
    if params and declared and (endpoint or store is not None):  # names in any language -> IRIs
        from cdkg.query.names import ask_endpoint, ask_store, resolve_names

        params = resolve_names(params, declared, ask_endpoint(endpoint, timeout) if endpoint else ask_store(store))
    bound = bind_params(text, params or {}, declared)
    if endpoint:
        return query_endpoint(endpoint, bound, timeout=timeout, limit=limit)
    if store is None:
        raise CdkgError("no store and no endpoint to run the query on")
    order = split_order(bound)  # the engine's ORDER BY is slow at scale: rows are sorted here
    if order is not None:
        bound, cut, limit = order.text, limit, None
    if isolate and (isolate == "always" or needs_isolation(bound)) and can_isolate():
        answer = run_isolated(store, bound, source=source, prefixes=all_prefixes(), timeout=timeout, limit=limit)
        return order.apply(answer, cut) if order is not None else answer
    try:
        result = store.query(bound, source=source, prefixes=all_prefixes())
        answer = QueryResult.from_oxigraph(result, limit=limit)
        return order.apply(answer, cut) if order is not None else answer
    except (OSError, RuntimeError) as err:  # raised while the answer is read: a SERVICE call failed
        from cdkg.store.policy import services

        called = services(bound)
        where = f"the SERVICE call to {', '.join(called)} failed" if called else "the query failed"
        raise CdkgError(f"{source}: {where}: {err}") from None


_QUERIES_DIR: dict = {}


def _queries_dir(settings: Settings | None) -> Path:
    """The library folder of ``settings``, or of the current study; that one is looked up again
    when the working folder or the environment changes, or after ``RECHECK_S`` seconds."""
    import os
    import time

    from cdkg.core.discover import _ACTIVE
    from cdkg.query.library import RECHECK_S

    if settings is not None:
        return settings.queries_dir
    key = (os.getcwd(), os.environ.get("CDKG_PROJECT"), os.environ.get("CDKG_HOME"), id(_ACTIVE.get("forced")))
    found = _QUERIES_DIR.get("last")
    now = time.monotonic()
    if found is None or found[0] != key or now - found[1] >= RECHECK_S:
        found = (key, now, Settings().queries_dir)
        _QUERIES_DIR["last"] = found
    return found[2]


def run_library(name: str, store=None, *, params=None, settings: Settings | None = None, **kwargs) -> QueryResult:
    """Run a library query by name, with its declared params.

    Examples
    --------
    >>> run_library("no_such_query_at_all", store=None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdkg.core.errors.CdkgError: no library query named 'no_such_query_at_all'...
    """
    query = QueryLibrary.cached(_queries_dir(settings)).get(name)
    return run(query.text, store=store, params=params, declared=query.params, source=str(query.path), **kwargs)


def query_dataframe(text_or_name: str, store=None, **kwargs):
    """A query's answer as a pandas DataFrame; a library name or SPARQL text.

    Examples
    --------
    >>> from cdkg.store import GraphStore
    >>> store = GraphStore()
    >>> _ = store.load_data('<https://ex.org/a> <https://ex.org/n> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n', "nt")
    >>> query_dataframe("SELECT ?s ?n WHERE { ?s ?p ?n }", store)
                      s  n
    0  https://ex.org/a  3
    """
    if any(ch in text_or_name for ch in "{ \n"):
        return run(text_or_name, store=store, **kwargs).to_dataframe()
    return run_library(text_or_name, store, **kwargs).to_dataframe()
