"""Run a query on any SPARQL 1.1 endpoint through SPARQLWrapper, with clear errors (and the
credentials of ``cdkg load`` for a protected endpoint)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import all_prefixes
from cdkg.query.results import QueryResult


def add_missing_prefixes(text: str) -> str:
    """Put PREFIX lines in front for the project's prefixes a query uses but does not declare.

    Examples
    --------
    >>> print(add_missing_prefixes("SELECT ?n WHERE { ?m org:organization ?n }"))
    PREFIX org: <http://www.w3.org/ns/org#>
    SELECT ?n WHERE { ?m org:organization ?n }
    """
    body = re.sub(r"<[^>\s]*>|\"[^\"\n]*\"|#[^\n]*", "", text)
    used = set(re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):", body))
    declared = set(re.findall(r"(?i)\bPREFIX\s+([\w-]*):", text))
    known = all_prefixes()
    lines = [f"PREFIX {p}: <{known[p]}>" for p in sorted(used - declared) if p in known]
    return "\n".join(lines + [text]) if lines else text


def without_comment_lines(text: str) -> str:
    r"""The query with its whole-line comments blanked (the lines are kept, so an endpoint's error
    positions still match the file). SPARQLWrapper tells a query from an update by the first
    keyword it finds, and its comment filter skips every second line of a comment block, so a
    word such as "copy" or "add" in a query's header would make it an update.

    Examples
    --------
    >>> without_comment_lines("# title: copy of a list\n# tags: add\nSELECT * WHERE { ?s ?p ?o }")
    '\n\nSELECT * WHERE { ?s ?p ?o }'
    """
    return re.sub(r"(?m)^[ \t]*#[^\n]*", "", text)


def check_endpoint(url: str) -> None:
    """Refuse an endpoint that is not an ``http(s)://host...`` URL, naming it.

    Examples
    --------
    >>> check_endpoint("http://localhost:7878/query")
    >>> check_endpoint("localhost:7878")
    Traceback (most recent call last):
    ...
    cdkg.core.errors.CdkgError: --endpoint 'localhost:7878' is not an http(s) URL (for example http://localhost:7878/query)
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as err:
        raise CdkgError(f"--endpoint {url!r} is not a URL: {err}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CdkgError(f"--endpoint {url!r} is not an http(s) URL (for example http://localhost:7878/query)")


def _authenticate(wrapper, url: str, timeout: float) -> None:
    """Credentials for a protected endpoint (``CDKG_ENDPOINT_AUTH`` or ``~/.netrc``, as for
    ``cdkg load``), with the scheme its ``401`` challenge asks for (Digest or Basic)."""
    from cdkg.store.auth import find_credentials

    found = find_credentials(url)
    if not found:
        return
    import httpx
    from SPARQLWrapper import BASIC, DIGEST

    scheme = BASIC
    try:
        probe = httpx.post(url, data={"query": "ASK {}"}, timeout=timeout)
        if probe.status_code == 401 and probe.headers.get("www-authenticate", "").lower().startswith("digest"):
            scheme = DIGEST
    except httpx.HTTPError:
        pass  # the query itself reports the endpoint's state
    wrapper.setHTTPAuth(scheme)
    wrapper.setCredentials(*found)


def query_endpoint(url: str, text: str, *, timeout: float = 60.0, limit: int | None = None) -> QueryResult:
    """Send a query to a SPARQL endpoint and read the answer into a :class:`QueryResult`.

    A refused connection, a timeout or an error answer raises :class:`CdkgError` with the
    endpoint's message.
    """
    import socket
    import urllib.error

    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    check_endpoint(url)
    text = without_comment_lines(add_missing_prefixes(text))
    wrapper = SPARQLWrapper(url)
    wrapper.setMethod(POST)
    wrapper.setTimeout(int(max(1, timeout)))
    wrapper.setQuery(text)
    _authenticate(wrapper, url, timeout)
    kind = wrapper.queryType
    if kind in ("INSERT", "DELETE", "CREATE", "CLEAR", "DROP", "LOAD", "COPY", "MOVE", "ADD"):
        raise CdkgError("this is a SPARQL Update; `cdkg query` only reads (use `cdkg load` to write)")
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    wrapper.setReturnFormat(TURTLE if graph else JSON)
    try:
        response = wrapper.query().response
        raw = response.read()
        content_type = response.headers.get("Content-Type", "")
    except SPARQLWrapperException as err:
        message = re.sub(r"\s+", " ", str(err)).strip()
        if "Unauthorized" in message:
            message += " (set CDKG_ENDPOINT_AUTH=user:password, or put the host in ~/.netrc)"
        raise CdkgError(f"the endpoint {url} refused the query: {message[:600]}") from err
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip()[:500]
        raise CdkgError(f"the endpoint {url} answered HTTP {err.code} {err.reason}: {detail}") from err
    except urllib.error.URLError as err:
        if isinstance(err.reason, (socket.timeout, TimeoutError)):
            raise CdkgError(f"the endpoint {url} did not answer within {timeout:g} s") from err
        raise CdkgError(f"cannot reach the endpoint {url}: {err.reason}") from err
    except (socket.timeout, TimeoutError) as err:
        raise CdkgError(f"the endpoint {url} did not answer within {timeout:g} s") from err
    except (ConnectionError, OSError) as err:
        raise CdkgError(f"cannot reach the endpoint {url}: {err}") from err
    try:
        if graph:
            fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in content_type else ox.RdfFormat.TURTLE
            if "ld+json" in content_type:
                fmt = ox.RdfFormat.JSON_LD
            elif "rdf+xml" in content_type:
                fmt = ox.RdfFormat.RDF_XML
            triples = (q.triple for q in ox.parse(raw, format=fmt))
            return QueryResult.from_oxigraph(triples, limit=limit)
        fmt = ox.QueryResultsFormat.XML if "xml" in content_type else ox.QueryResultsFormat.JSON
        return QueryResult.from_oxigraph(ox.parse_query_results(raw, format=fmt), limit=limit)
    except SyntaxError as err:
        raise CdkgError(f"the endpoint {url} sent an answer that cannot be read ({content_type}): {err}") from err
