"""NetworkX backends are used when installed, and a broken one never stops an analysis.

No NetworkX backend installs on the CI machine (no GPU for nx-cugraph; nx-parallel 0.3, the
newest on PyPI there, does not import with NetworkX 3.6), so each test installs a small real
backend package into a temporary folder (an ``entry_points.txt`` in ``networkx.backends`` and
``networkx.backend_info``, as nx-parallel and nx-cugraph ship) and runs the analysis in a fresh
Python process, where NetworkX's own dispatch finds it. The backend computes PageRank with
NetworkX's own code and records each call in a file, so the test sees who computed what.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BACKEND = '''
import json, os
import networkx as nx

def info():
    return {"backend_name": "{name}", "project": "cdkg-test-backend", "package": "{module}",
            "functions": {"pagerank": {}, "betweenness_centrality": {}}}

class Interface:
    @staticmethod
    def convert_from_nx(G, *args, **kwargs):
        return G

    @staticmethod
    def convert_to_nx(obj, *, name=None):
        return obj

    @staticmethod
    def pagerank(G, alpha=0.85, personalization=None, max_iter=100, tol=1e-06, nstart=None,
                 weight="weight", dangling=None):
        with open(os.environ["CALLS"], "a") as f:
            f.write("pagerank\\n")
        return nx.pagerank.orig_func(G, alpha=alpha, max_iter=max_iter, tol=tol, weight=weight)
'''

SCRIPT = '''
import json, sys
import networkx as nx
from cdkg.analysis import analyze
from cdkg.analysis.engine import nx_backends
g = nx.les_miserables_graph()
a = analyze(g, ["pagerank", "degree", "betweenness"], engine=sys.argv[1])
ref = nx.pagerank(g, max_iter=1000)
print(json.dumps({"backends": nx_backends(), "engines": a.engines,
                  "same": max(abs(a.values["pagerank"][u] - ref[u]) for u in g) < 1e-6}))
'''


def install_backend(site: Path, name: str, module: str, broken: bool = False) -> None:
    body = "raise ImportError('this backend does not load')\n" if broken else ""
    (site / f"{module}.py").write_text(body + BACKEND.replace("{name}", name).replace("{module}", module))
    if broken:  # as nx-parallel 0.3 under NetworkX 3.6: its info loads, its interface does not
        (site / f"{module}_info.py").write_text(
            BACKEND.split("class Interface")[0].replace("{name}", name).replace("{module}", module))
    dist = site / f"{module}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    info_module = f"{module}_info" if broken else module
    (dist / "entry_points.txt").write_text(textwrap.dedent(f"""\
        [networkx.backends]
        {name} = {module}:Interface

        [networkx.backend_info]
        {name} = {info_module}:info
        """))


def run(site: Path, engine: str, calls: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), CALLS=str(calls))
    out = subprocess.run([sys.executable, "-c", SCRIPT, engine], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    return folder


def test_networkx_engine_runs_on_an_installed_backend(site, tmp_path):
    install_backend(site, "cdkgtest", "cdkg_test_backend")
    calls = tmp_path / "calls.txt"
    got = run(site, "networkx", calls)
    assert got["backends"] == ["cdkgtest"]
    # the backend implements pagerank; it declares betweenness but has no such function, so NetworkX runs it
    assert got["engines"] == {"pagerank": "cdkgtest", "degree": "networkx", "betweenness": "networkx"}
    assert calls.read_text().split() == ["pagerank"]
    assert got["same"]


def test_a_backend_by_name_and_auto(site, tmp_path):
    install_backend(site, "cdkgtest", "cdkg_test_backend")
    calls = tmp_path / "calls.txt"
    got = run(site, "cdkgtest", calls)
    assert got["engines"]["pagerank"] == "cdkgtest" and got["engines"]["degree"] == "networkx"
    assert calls.read_text().split() == ["pagerank"]
    # auto prefers GPU backends only; a CPU backend leaves auto on igraph
    calls.unlink()
    got = run(site, "auto", calls)
    assert set(got["engines"].values()) == {"igraph"} and not calls.exists()


def test_a_gpu_backend_is_preferred_by_auto(site, tmp_path):
    install_backend(site, "cugraph", "cdkg_fake_gpu_backend")
    calls = tmp_path / "calls.txt"
    got = run(site, "auto", calls)
    assert got["engines"] == {"pagerank": "cugraph", "degree": "igraph", "betweenness": "igraph"}
    assert calls.read_text().split() == ["pagerank"] and got["same"]


def test_a_backend_that_does_not_load_is_passed_over(site, tmp_path):
    install_backend(site, "brokenbackend", "cdkg_broken_backend", broken=True)
    calls = tmp_path / "calls.txt"
    got = run(site, "networkx", calls)
    assert got["backends"] == ["brokenbackend"] and got["same"]
    assert set(got["engines"].values()) == {"networkx"} and not calls.exists()
