"""Run a query on the embedded store where it can be stopped: a forked child process.

pyoxigraph cannot cancel a running query, and some queries make its engine abort the whole
process (a Rust panic: ``ORDER BY`` over values of mixed kinds, "user-provided comparison
function does not correctly implement a total order", oxigraph/oxigraph#1542). ``cdkg query``
therefore runs such queries, and any query with a timeout, in a child made by ``fork`` (it
shares the store's memory, copy-on-write): the answer comes back through a pipe as SPARQL
results JSON or N-Triples; after ``timeout`` seconds the child is killed (its CPU freed) and a
crash is reported in plain words, never as an abort of ``cdkg``.

Examples
--------
>>> from cdkg.store import GraphStore
>>> store = GraphStore()
>>> _ = store.load_data('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\\n')
>>> run_isolated(store, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", timeout=30).compact_rows()
[('"1"',)]
"""

from __future__ import annotations

import os
import select
import signal
import time

import pyoxigraph as ox

from cdkg.core.errors import CdkgError
from cdkg.query.results import QueryResult

_CRASH = ("the query engine stopped on this query ({how}); a known cause is ORDER BY over values of mixed "
          "kinds in Oxigraph (oxigraph/oxigraph#1542): order by STR(?x) or by a typed value, or filter the values first")


def can_isolate() -> bool:
    """Whether this platform can fork (Linux, macOS)."""
    return hasattr(os, "fork")


def _answer(store, text: str, source: str, prefixes) -> bytes:
    result = store.query(text, source=source, prefixes=prefixes)
    if isinstance(result, ox.QueryBoolean):
        return b"R" + result.serialize(format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QuerySolutions):
        return b"R" + result.serialize(format=ox.QueryResultsFormat.JSON)
    return b"G" + ox.serialize((t for t in result), format=ox.RdfFormat.N_TRIPLES)


def run_isolated(store, text: str, *, source: str = "<query>", prefixes=None, timeout: float | None = None,
                 limit: int | None = None) -> QueryResult:
    """Run ``text`` on ``store`` in a forked child; a :class:`QueryResult`.

    Raises
    ------
    CdkgError
        The query's own error (a syntax error names line and column), the timeout, or a crash.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, write, leave at once (no cleanup of the parent's state)
        code = 0
        try:
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)  # the engine's panic message: the parent says it in plain words
            try:
                data = _answer(store, text, source, prefixes)
            except CdkgError as err:
                data, code = b"E" + str(err).encode("utf-8", "replace"), err.exit_code
            except (OSError, RuntimeError, ValueError) as err:
                data, code = b"E" + f"{source}: the query failed: {err}".encode("utf-8", "replace"), 1
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
        finally:
            os._exit(code)
    os.close(write_end)
    chunks, deadline = [], (time.monotonic() + timeout) if timeout else None
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([read_end], [], [], wait)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise CdkgError(f"{source}: the query did not finish within {timeout:g} s and was stopped "
                                "(--timeout)")
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    if os.WIFSIGNALED(status) or not data:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
        raise CdkgError(f"{source}: " + _CRASH.format(how=how))
    kind, body = data[:1], data[1:]
    if kind == b"E":
        error = CdkgError(body.decode("utf-8", "replace"))
        error.exit_code = os.WEXITSTATUS(status) or 1
        raise error
    if kind == b"G":
        return QueryResult.from_oxigraph((q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)), limit=limit)
    return QueryResult.from_oxigraph(ox.parse_query_results(body, ox.QueryResultsFormat.JSON), limit=limit)


def needs_isolation(text: str) -> bool:
    """Whether a query has ``ORDER BY`` (outside strings and comments): the known crash."""
    from cdkg.store.policy import tokens

    words = [value.upper() for kind, value in tokens(text) if kind == "name"]
    return any(a == "ORDER" and b == "BY" for a, b in zip(words, words[1:]))
