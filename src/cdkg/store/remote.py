"""Put the graph into a remote SPARQL store: SPARQL Update in batches, or the Graph Store Protocol.

Either way every named graph (citation) stays a named graph, so the library's queries, which
read the union of named graphs or use ``GRAPH ?g``, give the same answers on the remote store
when it is set to use the union of named graphs as default graph (Oxigraph
``--union-default-graph``, Fuseki ``tdb:unionDefaultGraph``, GraphDB/Virtuoso do so by default
for queries without ``FROM``).
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

import pyoxigraph as ox

from cdkg.core.errors import CdkgError
from cdkg.store.graphstore import GraphStore

#: Triples per SPARQL Update request; a graph with blank nodes is never split across requests.
BATCH = 5000


def _triples_by_graph(store: GraphStore) -> dict:
    groups = defaultdict(list)
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        groups[quad.graph_name].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return groups


def _has_bnode(triples) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def _ntriples(triples) -> str:
    return "".join(f"{t} .\n" for t in triples)


def update_batches(store: GraphStore, batch: int = BATCH, replace: bool = False):
    """SPARQL Update requests (text) that insert the store's quads, ``batch`` triples each.

    Examples
    --------
    >>> s = GraphStore()
    >>> _ = s.load_data('<https://ex.org/a> <https://ex.org/p> "1" <https://ex.org/g> .\\n')
    >>> print(next(update_batches(s)))
    INSERT DATA {
    GRAPH <https://ex.org/g> {
    <https://ex.org/a> <https://ex.org/p> "1" .
    }
    }
    """
    parts, size = [], 0
    for graph, triples in sorted(_triples_by_graph(store).items(), key=lambda kv: str(kv[0])):
        chunks = [triples] if _has_bnode(triples) else [triples[i : i + batch] for i in range(0, len(triples), batch)]
        if replace and not isinstance(graph, ox.DefaultGraph):
            parts.append(f"DROP SILENT GRAPH {graph} ;\n")
        for chunk in chunks:
            if size and size + len(chunk) > batch:
                yield _update_text(parts)
                parts, size = [], 0
            body = _ntriples(chunk)
            if isinstance(graph, ox.DefaultGraph):
                parts.append(f"INSERT DATA {{\n{body}}}")
            else:
                parts.append(f"INSERT DATA {{\nGRAPH {graph} {{\n{body}}}\n}}")
            size += len(chunk)
    if parts:
        yield _update_text(parts)


def _update_text(parts: list[str]) -> str:
    out, pending = [], ""
    for part in parts:
        if part.startswith("DROP"):
            pending += part
        else:
            out.append(pending + part)
            pending = ""
    return " ;\n".join(out)


def _send(url: str, data: bytes, content_type: str, timeout: float, method: str = "POST") -> None:
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip()[:500]
        raise CdkgError(f"{url} answered HTTP {err.code} {err.reason}: {detail}") from err
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as err:
        reason = getattr(err, "reason", err)
        raise CdkgError(f"cannot reach {url}: {reason}") from err


def load_remote(
    store: GraphStore,
    endpoint: str,
    *,
    protocol: str = "update",
    batch: int = BATCH,
    replace: bool = False,
    timeout: float = 60.0,
) -> int:
    """Send every quad of ``store`` to a remote store; returns the number of requests made.

    Parameters
    ----------
    endpoint : str
        For ``protocol="update"``, the SPARQL Update endpoint (Oxigraph ``/update``, Fuseki
        ``/ds/update``, GraphDB ``/repositories/ID/statements``); for ``protocol="gsp"``,
        the Graph Store Protocol endpoint (Oxigraph ``/store``, Fuseki ``/ds/data``).
    protocol : {"update", "gsp"}
    replace : bool
        Replace each named graph that is loaded (``DROP SILENT GRAPH`` first, or GSP ``PUT``).
    """
    count = 0
    if protocol == "update":
        for text in update_batches(store, batch=batch, replace=replace):
            _send(endpoint, text.encode("utf-8"), "application/sparql-update", timeout)
            count += 1
    elif protocol == "gsp":
        method = "PUT" if replace else "POST"
        for graph, triples in _triples_by_graph(store).items():
            if isinstance(graph, ox.DefaultGraph):
                target = endpoint + ("&" if "?" in endpoint else "?") + "default"
            else:
                query = urllib.parse.urlencode({"graph": graph.value})
                target = endpoint + ("&" if "?" in endpoint else "?") + query
            _send(target, _ntriples(triples).encode("utf-8"), "application/n-triples", timeout, method)
            count += 1
    else:
        raise CdkgError(f"unknown protocol {protocol!r}: use 'update' or 'gsp'")
    return count
