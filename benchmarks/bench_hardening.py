"""Fuzzing at volume and a load test of `cdkg serve` (issue 14's closing figures).

1. 10,000 generated SPARQL queries (the strategies of ``tests/fuzzing.py``) through ``run`` as
   ``cdkg query`` runs them (isolated when they ``ORDER BY``), on the fixture store: counted,
   with every unhandled exception (anything but a result or a ``CdkgError``);
2. 5,000 generated CSV rows (separators, quotes, every kind of line break, formulas) read back
   by the importers' table reader: rows that do not come back as written are failures;
3. a load test: ``cdkg serve --site`` in its own process over the curated graph (built here),
   1,000 mixed requests from 16 client threads: library queries with their example
   parameters in JSON, CSV and XML, ASK, CONSTRUCT, a syntax error, a refused SERVICE, the
   editor page, HEAD, site pages and dereferenced IRIs; errors are exceptions and 5xx answers.

Run by hand: ``python benchmarks/bench_hardening.py [--queries 10000] [--rows 5000] [--requests 1000]``;
prints a Markdown table and writes ``benchmarks/results/hardening.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from cdkg.store.server import free_port  # noqa: E402
from fuzzing import QUERIES, ROWS, check_query_text, check_rows  # noqa: E402
from query_support import fixture_store  # noqa: E402

QUIET = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))


def fuzz_queries(n: int) -> dict:
    store = fixture_store()
    seen, failures = [0], []

    @settings(max_examples=n, **QUIET)
    @given(QUERIES)
    def one(text):
        seen[0] += 1
        try:
            check_query_text(store, text)
        except Exception as err:  # noqa: BLE001 - counted, the run goes on
            failures.append((text, repr(err)))

    start = time.perf_counter()
    one()
    return {"queries": seen[0], "unhandled": len(failures), "examples": failures[:5],
            "seconds": round(time.perf_counter() - start, 1)}


def fuzz_rows(n: int) -> dict:
    counted, failures = [0], []
    with tempfile.TemporaryDirectory() as tmp:
        @settings(max_examples=n, **QUIET)
        @given(ROWS)
        def one(rows):
            if counted[0] >= n:
                return
            try:
                counted[0] += check_rows(Path(tmp), rows)
            except Exception as err:  # noqa: BLE001 - counted
                failures.append((rows, repr(err)))

        start = time.perf_counter()
        while counted[0] < n:
            one()
    return {"rows": counted[0], "failures": len(failures), "examples": [repr(f) for f in failures[:5]],
            "seconds": round(time.perf_counter() - start, 1)}


def mixed_requests(site_iris: list[str]) -> list[tuple]:
    """(path, query or None, method, accept, expected status class) of the load test."""
    from cdkg.core.settings import Settings
    from cdkg.query import QueryLibrary
    from cdkg.query.params import bind_params, term_for

    items = []
    for q in QueryLibrary(Settings().queries_dir):
        text = q.text
        if q.params:
            text = bind_params(text, {p.name: p.example for p in q.params}, q.params) if all(
                p.example for p in q.params) else None
        if text:
            for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
                items.append(("/query", text, "GET", accept))
    items += [("/query", "ASK { ?s a ?c }", "GET", "application/sparql-results+json"),
              ("/query", "CONSTRUCT WHERE { ?s a ?c } LIMIT 50", "GET", "text/turtle"),
              ("/query", "SELECT * WHERE { ?s ?p }", "GET", "text/csv"),
              ("/query", "SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }", "GET", "text/csv"),
              ("/", None, "GET", "text/html"), ("/query", "SELECT * WHERE { ?s ?p ?o } LIMIT 5", "HEAD", "text/csv")]
    items += [("SITE" + iri, None, "GET", accept) for iri in site_iris
              for accept in ("text/html", "text/turtle", "application/ld+json")]
    del term_for
    return items


def load_test(requests: int, clients: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
        subprocess.run([sys.executable, "-c", code, "publish", "--output", str(tmp / "site")],
                       check=True, capture_output=True, cwd=ROOT)
        nq = next((tmp / "site").rglob("*.nq"), None)
        iris = ["/", "/index.html", "/id/city/aarhus", "/id/network/c40", "/id/city/copenhagen", "/ontology"]
        port, site_port = free_port(), free_port()
        cmd = [sys.executable, "-c", code, "serve", "--port", str(port), "--site", str(tmp / "site"), "--site-port",
               str(site_port), "--store", str(tmp / "store"), "--timeout", "30"]
        if nq is not None:
            cmd += ["--data", str(nq)]
        server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        try:
            server.stdout.readline()
            items = mixed_requests(iris)
            rng = random.Random(14)
            plan = [rng.choice(items) for _ in range(requests)]
            times, statuses, errors = [], {}, []
            lock = threading.Lock()

            def work(part):
                conns = {}
                for path, query, method, accept in part:
                    target_port = site_port if path.startswith("SITE") else port
                    path = path[4:] if path.startswith("SITE") else path
                    target = path + ("?" + urllib.parse.urlencode({"query": query}) if query else "")
                    start = time.perf_counter()
                    try:
                        conn = conns.get(target_port) or http.client.HTTPConnection("127.0.0.1", target_port,
                                                                                    timeout=60)
                        conns[target_port] = conn
                        conn.request(method, target, headers={"Accept": accept})
                        response = conn.getresponse()
                        response.read()
                        if response.will_close:
                            conn.close()
                            conns.pop(target_port)
                        status = response.status
                    except Exception as err:  # noqa: BLE001 - counted
                        conns.pop(target_port, None)
                        with lock:
                            errors.append(f"{method} {path}: {err!r}")
                        continue
                    took = time.perf_counter() - start
                    with lock:
                        times.append(took)
                        statuses[status] = statuses.get(status, 0) + 1
                        if status >= 500:
                            errors.append(f"{method} {target[:80]}: HTTP {status}")

            threads = [threading.Thread(target=work, args=(plan[k::clients],)) for k in range(clients)]
            start = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
    times.sort()
    return {"requests": requests, "clients": clients, "errors": len(errors), "error_examples": errors[:5],
            "statuses": {str(k): v for k, v in sorted(statuses.items())}, "seconds": round(wall, 2),
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1), "max_ms": round(times[-1] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=10000)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    out = {"queries": fuzz_queries(args.queries), "rows": fuzz_rows(args.rows),
           "load": load_test(args.requests, args.clients)}
    q, r, load = out["queries"], out["rows"], out["load"]
    print("| check | size | failures | seconds |")
    print("|---|---:|---:|---:|")
    print(f"| generated SPARQL queries (`cdkg query`'s path) | {q['queries']:,} | {q['unhandled']} | {q['seconds']} |")
    print(f"| generated CSV rows read back | {r['rows']:,} | {r['failures']} | {r['seconds']} |")
    print(f"| load test: mixed requests, {load['clients']} clients | {load['requests']:,} | {load['errors']} | "
          f"{load['seconds']} (p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms) |")
    print("statuses:", load["statuses"])
    (ROOT / "benchmarks" / "results" / "hardening.json").write_text(json.dumps(out, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
