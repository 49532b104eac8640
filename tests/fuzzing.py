"""Hypothesis strategies and checks shared by tests/test_fuzz.py (a small, fixed budget in CI)
and benchmarks/bench_hardening.py (10,000 queries, 5,000 CSV rows).

Each ``check_*`` takes one generated input and raises AssertionError (or lets an unexpected
exception through) when the entry point misbehaves: anything but a result or a
:class:`cdkg.core.errors.CdkgError` is a failure; an HTTP answer of 500 or more is a failure.
"""

from __future__ import annotations

import csv
import http.client
import io
import urllib.parse
from pathlib import Path

from hypothesis import strategies as st

from cdkg.core.errors import CdkgError
from cdkg.query import run
from cdkg.query.params import bind_params
from cdkg.store.policy import check_query, services

KEYWORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
            "SERVICE", "SILENT", "BIND", "VALUES", "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "HAVING", "DISTINCT",
            "COUNT(*)", "AS", "PREFIX", "BASE", "INSERT", "DELETE", "DATA", "LOAD", "NOT EXISTS", "a", "*", "."]
PIECES = st.one_of(
    st.sampled_from(KEYWORDS),
    st.sampled_from(["{", "}", "(", ")", ";", ",", "<", ">", "=", "!=", "&&", "||", "^^", "@en", "#", "\n", '"', "'",
                     "\\u0053", "\\", "\"\"\"", "$"]),
    st.from_regex(r"[?$][a-z][a-z0-9_]{0,5}", fullmatch=True),
    st.from_regex(r"<https?://[a-z.]{1,12}(:[0-9]{1,5})?/[a-z0-9/#]{0,10}>", fullmatch=True),
    st.from_regex(r"(cdkg|rdfs|city|org|ex):[a-z]{0,8}", fullmatch=True),
    st.from_regex(r'"[^"\\\n]{0,12}"', fullmatch=True),
    st.integers(-10**6, 10**6).map(str),
    st.text(max_size=6),
)
#: SPARQL-like text: mostly near-valid token soup, sometimes a valid query with a twist.
QUERIES = st.one_of(
    st.lists(PIECES, max_size=30).map(" ".join),
    st.builds(lambda v, p, tail: f"SELECT {v} WHERE {{ {v} {p} ?o }} {tail}",
              st.from_regex(r"\?[a-z]{1,4}", fullmatch=True), st.sampled_from(["?p", "rdfs:label", "a", "<x:y>"]),
              st.sampled_from(["", "LIMIT 3", "ORDER BY ?o", "LIMIT -1", "OFFSET x", "GROUP BY ?o"])),
    st.text(max_size=200),
)
PARAM_VALUES = st.one_of(st.text(max_size=40), st.from_regex(r"<[^\n]{0,30}>", fullmatch=True),
                         st.from_regex(r"https?://[^\n]{0,30}", fullmatch=True),
                         st.from_regex(r"[a-z]{1,6}:[^\n]{0,20}", fullmatch=True))
#: Cells with what breaks naive CSV readers: separators, quotes, line breaks of every kind, formulas.
CELLS = st.text(alphabet=st.sampled_from(list("ab ,;\"'=+-@\t\r\n|") + ["\u0085", "\u2028", "\u2029", "\x0b",
                                                                          "\x0c", "é", "ø", "\ufeff"]),
                max_size=12)
ROWS = st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=1, max_size=20)


def check_query_text(store, text: str) -> None:
    """The embedded entry point: a result or a CdkgError, never another exception."""
    try:
        check_query(text)
        services(text)
    except CdkgError:
        pass
    try:
        result = run(text, store=store, limit=50, isolate=True)  # as `cdkg query` runs it
        result.serialize("csv")
    except CdkgError:
        pass


def check_param(store, value: str) -> None:
    """A parameter value binds as one term or is refused; the query keeps its shape."""
    text = "SELECT ?l WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    for name in ("c", "l"):
        try:
            bound = bind_params(text, {name: value})
        except CdkgError:
            continue
        assert bound.count("VALUES") == 1 and bound.endswith("?l }"), bound
        try:
            run(text, store=store, params={name: value}, limit=5, isolate=True)
        except CdkgError as err:  # a message, never a traceback; but a bound value must parse
            assert "syntax error" not in str(err), err


def check_rows(folder: Path, rows: list[list[str]]) -> int:
    """A CSV written by the csv module reads back as the same rows (line separators in cells
    included); bad tables give an InputError. Returns the number of rows checked."""
    from cdkg.core.errors import InputError
    from cdkg.importers.tables import read_table

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["city", "country", "network"])
    writer.writerows(rows)
    path = folder / "fuzz.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        header, read = read_table(path)
    except InputError:
        return 0
    expected = [r for r in rows if any(c.strip() for c in r)]
    assert len(read) == len(expected), (rows, read)
    for got, want in zip(read, expected):
        assert [got.values.get(h, "") for h in header] == want
    return len(rows)


def check_import(folder: Path, session_factory, rows: list[list[str]]) -> None:
    """The memberships importer on generated rows: an import report or an InputError."""
    from cdkg.importers import import_memberships

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["city", "country", "network"])
    writer.writerows(rows)
    path = folder / "members.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    session = session_factory()
    try:
        import_memberships(path, {"city": "city", "country": "country", "network": "network"}, session, False)
        session.finish()
    except CdkgError:
        session.abort()


METHODS = st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "BREW"])
PATHS = st.one_of(st.sampled_from(["/query", "/update", "/store", "/", "/sparql", "/id/city/aarhus", "/index.html",
                                   "/../etc/passwd", "/%00", "/id/" + "a" * 300]),
                  st.text(min_size=1, max_size=40).map(lambda t: "/" + urllib.parse.quote(t, safe="/")))
HEADERS = st.dictionaries(st.sampled_from(["Accept", "Content-Type", "Origin", "Content-Length", "Sec-Fetch-Site",
                                           "Host", "Transfer-Encoding"]),
                          st.one_of(st.sampled_from(["*/*", "text/csv", "application/sparql-query",
                                                     "application/sparql-update", "application/x-www-form-urlencoded",
                                                     "http://evil.example", "cross-site", "abc", "-1", "chunked",
                                                     "application/sparql-results+json;q=0.5, text/turtle"]),
                                    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=20)),
                          max_size=4)


def check_http(port: int, method: str, path: str, query, headers: dict, body: bytes) -> int:
    """One raw HTTP request; the status, which must be under 500 (or no answer for a request
    the server may drop, such as a bad Content-Length)."""
    target = path + ("?" + urllib.parse.urlencode({"query": query}) if query is not None else "")
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        response.read()
        status = response.status
    except (http.client.HTTPException, ConnectionError, TimeoutError):
        return 0
    finally:
        conn.close()
    # 501 is what HTTP/1.1 prescribes for a transfer coding the server does not know (RFC 9112 6.1)
    unknown_coding = headers.get("Transfer-Encoding", "chunked").strip().lower() != "chunked"
    assert status < 500 or (status == 501 and unknown_coding), (status, method, target, headers)
    return status
