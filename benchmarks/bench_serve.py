"""`cdkg serve`'s proxy against plain `oxigraph serve` on the same store (issue 15's targets).

Paired runs on one store of synthetic triples (``--triples``, default 30,000): the same
Oxigraph binary, read-only, union default graph; once as ``cdkg serve --limit 10000`` (its
own process: the proxy in front of the engine) and once alone (``oxigraph serve-read-only``
on the store ``cdkg serve`` made). Clients run in this process. Measured:

* throughput of small queries (one subject's 3 triples, SPARQL results JSON) with 1 and 8
  client threads, each on its own keep-alive connection (a closed one is reopened);
* the time of a 9,000-row answer (SPARQL results JSON and CSV), median of ``--repeat`` runs.

Run by hand: ``python benchmarks/bench_serve.py [--requests 2000] [--repeat 15]``; prints a
Markdown table and writes ``benchmarks/results/serve.json``. Targets: >= 0.9x throughput with 8
clients; <= 1.2x time on the 9,000-row answer.
"""

from __future__ import annotations

import argparse
import http.client
import os
import json
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

import pyoxigraph as ox  # noqa: E402

from cdkg.store.server import free_port, oxigraph_binary  # noqa: E402

EX = "http://example.org/"
SMALL = f"SELECT ?p ?o WHERE {{ <{EX}s{{i}}> ?p ?o }}"
BIG = f"SELECT ?s ?o WHERE {{ ?s <{EX}label> ?o }} LIMIT 9000"


def make_data(path: Path, triples: int) -> Path:
    """N-Quads of ``triples`` synthetic triples (labels, integers, links) in one named graph."""
    graph = ox.NamedNode(EX + "g")
    quads = []
    for i in range(triples // 3):
        s = ox.NamedNode(f"{EX}s{i}")
        quads += [ox.Quad(s, ox.NamedNode(EX + "label"), ox.Literal(f"thing number {i}", language="en"), graph),
                  ox.Quad(s, ox.NamedNode(EX + "n"), ox.Literal(str(i), datatype=ox.NamedNode(
                      "http://www.w3.org/2001/XMLSchema#integer")), graph),
                  ox.Quad(s, ox.NamedNode(EX + "next"), ox.NamedNode(f"{EX}s{i + 1}"), graph)]
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)
    return path


class Client:
    """One keep-alive connection; reopened when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, query: str, accept: str) -> bytes:
        target = "/query?" + urllib.parse.urlencode({"query": query})
        for attempt in (0, 1):
            try:
                self.conn.request("GET", target, headers={"Accept": accept})
                response = self.conn.getresponse()
                body = response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
                return body
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def throughput(port: int, clients: int, requests: int, n: int) -> float:
    errors = []

    def work(k: int):
        client = Client(port)
        try:
            for j in range(requests // clients):
                client.get(SMALL.replace("{i}", str((k * 7919 + j * 31) % n)), "application/sparql-results+json")
        except Exception as err:  # noqa: BLE001 - counted
            errors.append(err)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - start
    if errors:
        raise RuntimeError(f"{len(errors)} client errors, first: {errors[0]}")
    return (requests // clients * clients) / took


def big_answer(port: int, accept: str, repeat: int) -> tuple[float, int]:
    client = Client(port)
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        body = client.get(BIG, accept)
        times.append(time.perf_counter() - start)
        size = len(body)
    return statistics.median(times), size


def measure(port: int, args, n: int) -> dict:
    throughput(port, 4, 200, n)  # warm up
    out = {"rps_1": throughput(port, 1, args.requests // 2, n), "rps_8": throughput(port, 8, args.requests, n)}
    for name, accept in (("json", "application/sparql-results+json"), ("csv", "text/csv")):
        out[f"big_{name}_s"], out[f"big_{name}_bytes"] = big_answer(port, accept, args.repeat)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=30000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=2, help="paired rounds (plain, proxy, plain, proxy...)")
    parser.add_argument("--baseline-src", type=Path, help="also run `cdkg serve` from this src/ folder "
                        "(another checkout, e.g. the main branch's) for a before/after figure")
    args = parser.parse_args()
    n = args.triples // 3
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data(Path(tmp) / "data.nq", args.triples)
        folder = Path(tmp) / "store"
        runs: dict[str, list[dict]] = {"oxigraph serve": [], "cdkg serve": []}
        sources = [("cdkg serve", ROOT / "src")]
        if args.baseline_src:
            runs["cdkg serve (baseline)"] = []
            sources.append(("cdkg serve (baseline)", args.baseline_src.resolve()))
        for _ in range(args.rounds):
            for name, src in sources:
                # cdkg serve in its own process (it makes the store in folder/oxigraph the first time)
                port = free_port()
                code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
                env = dict(os.environ, PYTHONPATH=str(src))
                proxy = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), "--store",
                                          str(folder), "--data", str(data), "--limit", "10000", "--timeout", "60"],
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
                try:
                    proxy.stdout.readline()
                    runs[name].append(measure(port, args, n))
                finally:
                    proxy.terminate()
                    proxy.wait()
            port = free_port()
            plain = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(folder / "oxigraph"),
                                      "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "60"],
                                     stderr=subprocess.DEVNULL)
            try:
                for _ in range(100):
                    try:
                        Client(port).get("ASK {}", "application/sparql-results+json")
                        break
                    except OSError:
                        time.sleep(0.1)
                runs["oxigraph serve"].append(measure(port, args, n))
            finally:
                plain.terminate()
                plain.wait()
    summary = {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}
    plain, proxy = summary["oxigraph serve"], summary["cdkg serve"]
    base = summary.get("cdkg serve (baseline)")
    if base:
        print("| measure | baseline cdkg serve | ratio to oxigraph |")
        print("|---|---:|---:|")
        print(f"| requests/s, 1 client | {base['rps_1']:.0f} | {base['rps_1'] / plain['rps_1']:.2f}x |")
        print(f"| requests/s, 8 clients | {base['rps_8']:.0f} | {base['rps_8'] / plain['rps_8']:.2f}x |")
        for name in ("json", "csv"):
            print(f"| 9,000-row answer, {name.upper()} (ms) | {base[f'big_{name}_s'] * 1000:.1f} | "
                  f"{base[f'big_{name}_s'] / plain[f'big_{name}_s']:.2f}x |")
        print()
    print("| measure | oxigraph serve | cdkg serve | ratio (target) |")
    print("|---|---:|---:|---:|")
    print(f"| requests/s, 1 client | {plain['rps_1']:.0f} | {proxy['rps_1']:.0f} | "
          f"{proxy['rps_1'] / plain['rps_1']:.2f}x |")
    print(f"| requests/s, 8 clients | {plain['rps_8']:.0f} | {proxy['rps_8']:.0f} | "
          f"{proxy['rps_8'] / plain['rps_8']:.2f}x (>= 0.9x) |")
    for name in ("json", "csv"):
        print(f"| 9,000-row answer, {name.upper()} (ms) | {plain[f'big_{name}_s'] * 1000:.1f} | "
              f"{proxy[f'big_{name}_s'] * 1000:.1f} | {proxy[f'big_{name}_s'] / plain[f'big_{name}_s']:.2f}x "
              "(<= 1.2x) |")
    out = ROOT / "benchmarks" / "results" / "serve.json"
    out.write_text(json.dumps({"args": vars(args), "runs": runs, "median": summary}, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
