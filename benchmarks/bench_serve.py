"""`cdkg serve`'s proxy against plain `oxigraph serve` on the same store (issue 15's targets).

Paired runs on one store of synthetic triples (``--triples``, default 30,000): ``cdkg serve
--limit 10000`` in its own process, and the plain ``oxigraph serve-read-only`` engine it runs
on that store (same binary and flags: union default graph, timeout), asked directly on its own
port. The two take turns (bursts and single answers interleaved) so that both see the same
load on a shared machine. Clients run in this process. Measured:

* throughput of small queries (one subject's 3 triples, SPARQL results JSON) with 1 and 8
  client threads, each on its own keep-alive connection (a closed one is reopened);
* the time of a 9,000-row answer (SPARQL results JSON and CSV), median of ``--repeat`` runs.

Run by hand (Linux: the engine's port is read from /proc): ``python benchmarks/bench_serve.py [--requests 2000] [--repeat 15] [--baseline-src ../main/src]``; prints a
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


def engine_port(pid: int) -> int:
    """The port of the Oxigraph engine that the `cdkg serve` process ``pid`` started (Linux /proc)."""
    for task in os.listdir(f"/proc/{pid}/task"):
        for child in open(f"/proc/{pid}/task/{task}/children").read().split():
            cmd = open(f"/proc/{child}/cmdline").read().split("\0")
            if "--bind" in cmd:
                return int(cmd[cmd.index("--bind") + 1].rsplit(":", 1)[1])
    raise RuntimeError("no engine found")


def paired(ports: dict, args, n: int) -> dict:
    """Interleaved measures on each port: bursts of throughput and single big answers take
    turns, so both see the same load on a shared machine; medians."""
    throughput(ports["oxigraph serve"], 4, 200, n)  # warm up
    throughput(ports["cdkg serve"], 4, 200, n)
    out = {name: {"rps_1": [], "rps_8": [], "big_json_s": [], "big_csv_s": []} for name in ports}
    for _ in range(args.rounds):
        for name, port in ports.items():
            out[name]["rps_1"].append(throughput(port, 1, args.requests // 4, n))
            out[name]["rps_8"].append(throughput(port, 8, args.requests, n))
    clients = {name: Client(port) for name, port in ports.items()}
    for _ in range(args.repeat):
        for name, client in clients.items():
            for kind, accept in (("json", "application/sparql-results+json"), ("csv", "text/csv")):
                start = time.perf_counter()
                client.get(BIG, accept)
                out[name][f"big_{kind}_s"].append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=30000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3, help="bursts of throughput per server, taking turns")
    parser.add_argument("--baseline-src", type=Path, help="also run `cdkg serve` from this src/ folder "
                        "(another checkout, e.g. the main branch's) against its own engine")
    args = parser.parse_args()
    n = args.triples // 3
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = make_data(Path(tmp) / "data.nq", args.triples)
        sources = [("now", ROOT / "src")] + ([("baseline", args.baseline_src.resolve())] if args.baseline_src else [])
        for label, src in sources:
            port = free_port()
            code = "import sys; from cdkg.cli import main; sys.exit(main(sys.argv[1:]))"
            proxy = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), "--store",
                                      str(Path(tmp) / "store"), "--data", str(data), "--limit", "10000",
                                      "--timeout", "60"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True, env=dict(os.environ, PYTHONPATH=str(src)))
            try:
                proxy.stdout.readline()
                ports = {"cdkg serve": port, "oxigraph serve": engine_port(proxy.pid)}
                results[label] = paired(ports, args, n)
            finally:
                proxy.terminate()
                proxy.wait()
    for label, runs in results.items():
        med = {name: {k: statistics.median(v) for k, v in r.items()} for name, r in runs.items()}
        plain, mine = med["oxigraph serve"], med["cdkg serve"]
        print(f"\n{label} ({'this branch' if label == 'now' else args.baseline_src}):\n")
        print("| measure | oxigraph serve | cdkg serve | ratio (target) |")
        print("|---|---:|---:|---:|")
        print(f"| requests/s, 1 client | {plain['rps_1']:.0f} | {mine['rps_1']:.0f} | "
              f"{mine['rps_1'] / plain['rps_1']:.2f}x |")
        print(f"| requests/s, 8 clients | {plain['rps_8']:.0f} | {mine['rps_8']:.0f} | "
              f"{mine['rps_8'] / plain['rps_8']:.2f}x (>= 0.9x) |")
        for kind in ("json", "csv"):
            print(f"| 9,000-row answer, {kind.upper()} (ms) | {plain[f'big_{kind}_s'] * 1000:.1f} | "
                  f"{mine[f'big_{kind}_s'] * 1000:.1f} | {mine[f'big_{kind}_s'] / plain[f'big_{kind}_s']:.2f}x "
                  "(<= 1.2x) |")
        results[label] = {"runs": runs, "median": med}
    out = ROOT / "benchmarks" / "results" / "serve.json"
    out.write_text(json.dumps({"args": vars(args), "results": results}, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
