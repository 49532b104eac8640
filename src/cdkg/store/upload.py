"""Load the graph into a remote SPARQL store: batched by named graph, authenticated, resumable.

Each batch holds the triples of one named graph (a large graph is cut into several batches;
a graph with blank nodes never is). It is sent as SPARQL Update (``INSERT DATA``) or with the
Graph Store Protocol (``POST ?graph=``). A journal file records every batch the store
accepted, so a load that stopped (a refused request, a lost connection, Ctrl-C) starts again
where it stopped. Retrying a batch never duplicates anything: RDF stores keep sets of quads, so
inserting a triple again changes nothing, and a graph with blank nodes (whose nodes would be new
at every insert) is cleared first when the journal says this load began sending it before. At
the end the store is asked how many quads each loaded named graph holds, and the load fails
when that differs from the local graph (triples of the default graph, which only files given
with ``--data`` have, are sent but not counted: stores disagree on what their default graph is).

Examples
--------
>>> from cdkg.store.graphstore import GraphStore
>>> s = GraphStore()
>>> _ = s.load_data('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\\n')
>>> [(b.graph, b.size) for b in batches(s)]
[('https://ex.org/g', 1)]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from cdkg.core.errors import CdkgError
from cdkg.store.auth import client as auth_client

#: Triples per request.
BATCH = 5000


@dataclass
class Batch:
    """Triples of one named graph (``graph``: its IRI); ``part`` numbers the batches of a graph."""

    graph: str
    part: int
    triples: list
    blank: bool

    @property
    def size(self) -> int:
        return len(self.triples)

    @property
    def key(self) -> str:
        """A digest of the batch's content: the journal's key, so a changed graph is sent again."""
        digest = hashlib.sha256(self.graph.encode())
        for t in self.triples:
            digest.update(str(t).encode())
        return f"{self.part}:{digest.hexdigest()[:24]}"

    def ntriples(self) -> str:
        return "".join(f"{t} .\n" for t in self.triples)


def batches(store, size: int = BATCH):
    """The store's quads in batches, graph by graph in IRI order (``graph`` is ``""`` for the
    default graph: the built graph has none, a Turtle file given with ``--data`` has only that)."""
    groups = defaultdict(list)
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        groups[name].append(quad.triple)
    for graph in sorted(groups):
        triples = sorted(groups[graph], key=str)
        blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)
        if blank:
            yield Batch(graph, 0, triples, True)
            continue
        for part, start in enumerate(range(0, len(triples), size)):
            yield Batch(graph, part, triples[start : start + size], False)


class Journal:
    """The batches a store accepted, one JSON line each, appended as they are accepted."""

    def __init__(self, path: Path | None, endpoint: str):
        self.path = Path(path) if path else None
        self.endpoint = endpoint
        self.done: set[str] = set()
        self.begun: set[str] = set()
        if self.path and self.path.exists():
            for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash: that batch is sent again
                if entry.get("endpoint") != endpoint:
                    continue
                (self.done if entry.get("state") == "done" else self.begun).add(entry["key"])
        self._file = open(self.path, "a", encoding="utf-8") if self.path else None

    def _write(self, key: str, graph: str, state: str) -> None:
        if self._file:
            self._file.write(json.dumps({"endpoint": self.endpoint, "graph": graph, "key": key, "state": state}) + "\n")
            self._file.flush()

    def begin(self, batch: Batch) -> None:
        self._write(f"{batch.graph}", batch.graph, "begun")

    def finish(self, batch: Batch) -> None:
        self.done.add(batch.key)
        self._write(batch.key, batch.graph, "done")

    def close(self) -> None:
        if self._file:
            self._file.close()


def _request(http: httpx.Client, method: str, url: str, body: bytes, content_type: str, what: str) -> None:
    try:
        response = http.request(method, url, content=body, headers={"Content-Type": content_type})
    except httpx.TimeoutException as err:
        raise CdkgError(f"{url} did not answer in time while loading {what}") from err
    except httpx.HTTPError as err:
        raise CdkgError(f"cannot reach {url}: {err}") from err
    if response.status_code == 401:
        raise CdkgError(f"{url} answered 401 Unauthorized: set CDKG_ENDPOINT_AUTH=user:password "
                        "or give --netrc FILE with the store's credentials")
    if response.status_code >= 400:
        detail = " ".join(response.text.split())[:500]
        error = TooLarge if response.status_code == 413 or _TOO_LARGE.search(detail) else CdkgError
        raise error(f"{url} answered HTTP {response.status_code} while loading {what}: {detail}")


class TooLarge(CdkgError):
    """The store refused a request for its size: the batch is sent again in halves."""


#: How stores say a request is too large (Virtuoso's SPARQL compiler: "memory exhausted").
_TOO_LARGE = re.compile(r"memory exhausted|too large|too long|request entity", re.I)


def _send(http, endpoint: str, protocol: str, b: Batch, clear: bool, what: str) -> None:
    """Send one batch; when the store finds it too large, send its halves (a graph with blank
    nodes is never split: its nodes would be made twice)."""
    try:
        if protocol == "update":
            text = (f"INSERT DATA {{ GRAPH <{b.graph}> {{\n{b.ntriples()}}} }}" if b.graph
                    else f"INSERT DATA {{\n{b.ntriples()}}}")
            if clear and b.graph:  # this load began the graph before, or --replace: clear it first
                text = f"DROP SILENT GRAPH <{b.graph}> ;\n" + text
            _request(http, "POST", endpoint, text.encode("utf-8"), "application/sparql-update", what)
        else:
            target = str(httpx.URL(endpoint, params={"graph": b.graph} if b.graph else {"default": ""}))
            _request(http, "PUT" if clear and b.graph else "POST", target, b.ntriples().encode("utf-8"),
                     "application/n-triples", what)
    except TooLarge:
        if b.blank or b.size < 2:
            raise
        half = b.size // 2
        _send(http, endpoint, protocol, Batch(b.graph, b.part, b.triples[:half], False), clear, what)
        _send(http, endpoint, protocol, Batch(b.graph, b.part, b.triples[half:], False), False, what)


def _send_update_group(http, endpoint: str, group: list, what: str) -> None:
    """Several small batches ``(batch, clear)`` as one SPARQL Update request; when the store
    finds it too large, each batch on its own."""
    if len(group) == 1:
        _send(http, endpoint, "update", group[0][0], group[0][1], what)
        return
    drops = "".join(f"DROP SILENT GRAPH <{b.graph}> ;\n" for b, clear in group if clear and b.graph)
    body = "".join(f"GRAPH <{b.graph}> {{\n{b.ntriples()}}}\n" if b.graph else b.ntriples() for b, _ in group)
    try:
        _request(http, "POST", endpoint, f"{drops}INSERT DATA {{\n{body}}}".encode("utf-8"),
                 "application/sparql-update", what)
    except TooLarge:
        for b, clear in group:
            _send(http, endpoint, "update", b, clear, what)


def count_url(endpoint: str) -> str:
    """Where to ask the store how many quads it holds: Oxigraph's ``/update`` and ``/store``
    have ``/query`` beside them; Virtuoso's ``/sparql-auth`` and Fuseki-style endpoints answer
    queries themselves.

    Examples
    --------
    >>> count_url("http://127.0.0.1:7878/update"), count_url("http://h:8890/sparql-auth")
    ('http://127.0.0.1:7878/query', 'http://h:8890/sparql-auth')
    >>> count_url("http://h:8890/sparql-graph-crud-auth")
    'http://h:8890/sparql-auth'
    """
    for tail, query in (("/update", "/query"), ("/store", "/query"), ("/sparql-graph-crud-auth", "/sparql-auth"),
                        ("/sparql-graph-crud", "/sparql"), ("/data", "/sparql")):
        if endpoint.rstrip("/").endswith(tail):
            return endpoint.rstrip("/")[: -len(tail)] + query
    return endpoint


def remote_counts(http: httpx.Client, url: str) -> dict[str, int]:
    """Quads per named graph in the remote store."""
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    try:
        response = http.post(url, data={"query": text}, headers={"Accept": "application/sparql-results+json"})
    except httpx.HTTPError as err:
        raise CdkgError(f"cannot reach {url} to count the loaded quads: {err}") from err
    if response.status_code >= 400:
        raise CdkgError(f"{url} answered HTTP {response.status_code} to the count query: {response.text[:300]}")
    rows = response.json()["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def upload(store, endpoint: str, *, protocol: str = "update", batch: int = BATCH, journal: Path | None = None,
           timeout: float = 120.0, netrc_file=None, auth_env: str | None = None, check_url: str | None = None,
           progress=None, replace: bool = False) -> dict:
    """Load ``store`` into the remote store at ``endpoint``; returns what was done.

    Parameters
    ----------
    protocol : {"update", "gsp"}
        SPARQL Update requests, or Graph Store Protocol ``POST ?graph=IRI``.
    journal : Path, optional
        The journal of accepted batches: with it, a load that stopped resumes.
    check_url : str, optional
        Where to count the loaded quads (see :func:`count_url`); ``""`` skips the check.
    progress : callable, optional
        Called with ``(batches_done, batches_total, quads_sent)`` after each batch.
    replace : bool
        Replace each named graph that is loaded: its first batch clears it first (``DROP SILENT
        GRAPH``, or a Graph Store ``PUT``); what the store holds in other graphs is left alone.
    """
    if protocol not in ("update", "gsp"):
        raise CdkgError(f"unknown protocol {protocol!r}: use 'update' or 'gsp'")
    kwargs = {"env": auth_env} if auth_env else {}
    work = list(batches(store, batch))
    size_limit = batch
    log = Journal(journal, endpoint)
    sent = skipped = quads = 0
    expected: dict[str, int] = defaultdict(int)
    for b in work:
        expected[b.graph] += b.size
    try:
        with auth_client(endpoint, timeout=timeout, netrc_file=netrc_file, **kwargs) as http:
            group: list = []  # small batches of several graphs go in one Update request

            def flush(number: int) -> None:
                nonlocal sent, quads
                if not group:
                    return
                first = group[0][0]
                what = f"graph {first.graph}" + (f" and {len(group) - 1} more" if len(group) > 1 else "") + \
                    f" (batch {number} of {len(work)})"
                if protocol == "update":
                    _send_update_group(http, endpoint, group, what)
                else:
                    _send(http, endpoint, protocol, first, group[0][1], what)
                for b, _ in group:
                    log.finish(b)
                    sent += 1
                    quads += b.size
                group.clear()
                if progress:
                    progress(number, len(work), quads)

            for number, b in enumerate(work, 1):
                if b.key in log.done:
                    skipped += 1
                    continue
                clear = (b.blank and b.graph in log.begun) or (replace and b.part == 0)
                if b.blank:
                    log.begin(b)
                if protocol != "update" or sum(x.size for x, _ in group) + b.size > size_limit:
                    flush(number - 1)
                group.append((b, clear))
            flush(len(work))
            found = None
            if check_url != "":
                found = remote_counts(http, check_url or count_url(endpoint))
                wrong = [(g, n, found.get(g, 0)) for g, n in sorted(expected.items()) if g and found.get(g, 0) != n]
                if wrong:
                    g, n, m = wrong[0]
                    raise CdkgError(f"the store holds other counts than were loaded in {len(wrong)} graph(s), "
                                    f"e.g. {g}: {m} quads, {n} expected (was a graph there before?)")
    finally:
        log.close()
    return {"batches": len(work), "sent": sent, "skipped": skipped, "sent_quads": quads, "quads": sum(expected.values()),
            "graphs": len(expected), "checked": found is not None}


def print_progress(stream=sys.stderr, every: float = 2.0):
    """A ``progress`` callback that prints a line at most every ``every`` seconds."""
    last = [0.0]

    def show(done: int, total: int, quads: int) -> None:
        now = time.monotonic()
        if now - last[0] >= every or done == total:
            last[0] = now
            print(f"cdkg load: batch {done}/{total}, {quads} quads sent", file=stream, flush=True)

    return show
