"""Measures on the fixture, against values worked out by hand, for both engines.

The co-membership projection of the fixture is a "paw": triangle A-B-C (A-B weight 2, shared
networks N1 and N2; A-C and B-C weight 1) and a pendant D on C (weight 1)."""

import random
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from cdkg.analysis import MEASURES, analyze, extract, project
from cdkg.analysis.measures import betweenness
from cdkg.load import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"
ID = "https://w3id.org/cdkg/id/"
ENGINES = ["igraph", "networkx"]


def short(values):
    return {u.rsplit("/", 1)[-1]: v for u, v in values.items()}


@pytest.fixture(scope="module")
def facts():
    return extract(parse_file(FIXTURE))


@pytest.fixture(scope="module")
def paw(facts):
    return project(facts, "comembership")


@pytest.fixture(scope="module")
def bip(facts):
    return project(facts, "bipartite")


@pytest.mark.parametrize("engine", ENGINES)
def test_degree_and_strength(paw, engine):
    # n - 1 = 3 other cities; C is tied to all three
    assert short(MEASURES["degree"].function(paw, engine=engine)) == pytest.approx(
        {"a": 2 / 3, "b": 2 / 3, "c": 1.0, "d": 1 / 3})
    # strength: A = 2 (with B) + 1 (with C)
    assert short(MEASURES["weighted_degree"].function(paw, engine=engine)) == {"a": 3, "b": 3, "c": 3, "d": 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_betweenness(paw, engine):
    # C is on the only shortest paths A-D and B-D: 2 pairs, normalised by (n-1)(n-2)/2 = 3
    assert short(MEASURES["betweenness"].function(paw, engine=engine)) == pytest.approx(
        {"a": 0, "b": 0, "c": 2 / 3, "d": 0})


@pytest.mark.parametrize("engine", ENGINES)
def test_closeness(paw, engine):
    # A: distances 1 (B), 1 (C), 2 (D) -> 3/4; C: 1+1+1 -> 1; D: 1+2+2 -> 3/5
    assert short(MEASURES["closeness"].function(paw, engine=engine)) == pytest.approx(
        {"a": 0.75, "b": 0.75, "c": 1.0, "d": 0.6})


@pytest.mark.parametrize("engine", ENGINES)
def test_closeness_in_several_components(engine):
    # two separate edges: each node reaches 1 of 3 others at distance 1 -> (1/1) * (1/3)
    g = nx.Graph([(1, 2), (3, 4)])
    assert MEASURES["closeness"].function(g, engine=engine) == pytest.approx({1: 1 / 3, 2: 1 / 3, 3: 1 / 3, 4: 1 / 3})


@pytest.mark.parametrize("engine", ENGINES)
def test_eigenvector(paw, engine):
    # By symmetry x_A = x_B = a. With weights: lambda a = 2a + c, lambda c = 2a + d,
    # lambda d = c  =>  c = (lambda-2) a, d = c/lambda and lambda^3 - 2 lambda^2 - 3 lambda + 2 = 0.
    lam = max(np.roots([1, -2, -3, 2]).real)
    x = np.array([1, 1, lam - 2, (lam - 2) / lam])
    x /= np.linalg.norm(x)
    got = short(MEASURES["eigenvector"].function(paw, engine=engine))
    assert [got[k] for k in "abcd"] == pytest.approx(x, abs=1e-4)


@pytest.mark.parametrize("engine", ENGINES)
def test_pagerank(paw, engine):
    # PR(v) = (1-d)/4 + d * sum_u PR(u) w(u,v)/s(u), strengths s = 3, 3, 3, 1, with a = PR(A) = PR(B):
    #   a = .0375 + .85 (2a/3 + c/3);  c = .0375 + .85 (2a/3 + x);  x = .0375 + .85 c/3
    d = 0.85
    m = np.array([[1 - d * 2 / 3, -d / 3, 0], [-d * 2 / 3, 1, -d], [0, -d / 3, 1]])
    a, c, x = np.linalg.solve(m, [0.0375] * 3)
    assert 2 * a + c + x == pytest.approx(1)
    got = short(MEASURES["pagerank"].function(paw, engine=engine))
    assert [got[k] for k in "abcd"] == pytest.approx([a, a, c, x], abs=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
def test_kcore(paw, engine):
    assert short(MEASURES["kcore"].function(paw, engine=engine)) == {"a": 2, "b": 2, "c": 2, "d": 1}


@pytest.mark.parametrize("engine", ENGINES)
def test_louvain_two_triangles(engine):
    # Two triangles joined by one edge: m = 7, each side has 3 inner edges and degree sum 7,
    # Q = 2 (3/7 - (7/14)^2) = 5/14, the best split.
    g = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    comm = MEASURES["louvain"].function(g, engine=engine)
    parts = {frozenset(u for u in g if comm[u] == k) for k in set(comm.values())}
    assert parts == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    assert nx.community.modularity(g, parts) == pytest.approx(5 / 14)


@pytest.mark.parametrize("engine", ENGINES)
def test_bipartite_measures(bip, engine):
    # cities (4) face networks (3): degree over the other side's size
    assert short(MEASURES["bipartite_degree"].function(bip, engine=engine)) == pytest.approx(
        {"a": 2 / 3, "b": 2 / 3, "c": 2 / 3, "d": 1 / 3, "n1": 3 / 4, "n2": 2 / 4, "n3": 2 / 4})
    # raw betweenness: C separates {A,B,N1,N2} from {N3,D}: 8 pairs; N1: 9 pairs + half of A-B;
    # N3: D from the 5 others; A and B: half of N1-N2 and of N2-{C,N3,D}: 2 each; N2: half of A-B.
    # Maxima (Borgatti & Halgin): cities n=4, m=3 -> 12; networks -> 13.
    got = short(MEASURES["bipartite_betweenness"].function(bip, engine=engine))
    assert got == pytest.approx({"a": 2 / 12, "b": 2 / 12, "c": 8 / 12, "d": 0,
                                 "n1": 9.5 / 13, "n2": 0.5 / 13, "n3": 5 / 13})
    # C reaches N1, N3 at 1, A, B, D at 2, N2 at 3: sum 11; (m + 2(n-1)) = 9 -> 9/11
    assert short(MEASURES["bipartite_closeness"].function(bip, engine=engine))["c"] == pytest.approx(9 / 11)


def test_bipartite_measure_needs_bipartite_projection(paw):
    with pytest.raises(Exception, match="bipartite projection"):
        analyze(paw, ["bipartite_degree"])


def test_engines_agree_on_every_measure(facts):
    for name in ("comembership", "partnership", "multilayer", "bipartite"):
        g = project(facts, name)
        for m in MEASURES.values():
            if m.bipartite_only and name != "bipartite":
                continue
            a = m.function(g, engine="igraph")
            b = m.function(g, engine="networkx")
            if m.partition:
                # Louvain is a heuristic: where two splits tie, the engines may pick either,
                # so they must agree on the quality of the split (modularity), not its labels
                assert modularity(g, a) == pytest.approx(modularity(g, b), abs=1e-9), (name, m.name)
            else:
                assert a == pytest.approx(b, abs=1e-4), (name, m.name)


def modularity(g, labels):
    g = nx.Graph(g)  # a multigraph's parallel edges add up as weights in the measures
    parts = {}
    for u, c in labels.items():
        parts.setdefault(c, set()).add(u)
    return nx.community.modularity(g, parts.values(), weight="weight")


@pytest.mark.parametrize("seed", ["0", "1", "6"])
def test_projections_do_not_depend_on_hashing(seed):
    # the order of nodes and edges (and so a seeded Louvain) is the same in every process
    import subprocess
    import sys

    code = ("from cdkg.analysis import extract, project, MEASURES; from cdkg.load import parse_file;"
            f"f = extract(parse_file({str(FIXTURE)!r}));"
            "print([(list(g), list(g.edges), MEASURES['louvain'].function(g, engine='networkx'))"
            " for g in (project(f, n) for n in ('bipartite', 'partnership', 'comembership'))])")
    env = {**__import__("os").environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    env["PYTHONHASHSEED"] = "2"
    ref = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout == ref.stdout


def test_sampled_betweenness_draws_networkx_sources():
    g = nx.gnm_random_graph(120, 300, seed=4)
    a = betweenness(g, engine="igraph", k=17, seed=5)
    b = nx.betweenness_centrality(g, k=17, seed=random.Random(5))
    assert a == pytest.approx(b)


def test_analysis_samples_betweenness_on_large_graphs(monkeypatch):
    import cdkg.analysis.results as results

    monkeypatch.setattr(results, "EXACT_BETWEENNESS_LIMIT", 50)
    monkeypatch.setattr(results, "DEFAULT_SAMPLE", 40)
    g = nx.gnm_random_graph(120, 300, seed=4)
    assert analyze(g, ["betweenness"]).parameters["betweenness"] == {"sampled_sources": 40, "seed": 0}
    assert analyze(g, ["betweenness"], exact=True).parameters["betweenness"] == {"exact": True}
    a = analyze(g, ["betweenness"], k=30)
    assert a.parameters["betweenness"] == {"sampled_sources": 30, "seed": 0}


def test_measures_do_not_change_the_graph(paw):
    before = nx.to_dict_of_dicts(paw), dict(paw.nodes(data=True))
    analyze(paw)
    assert (nx.to_dict_of_dicts(paw), dict(paw.nodes(data=True))) == before


def test_table_and_unknown_measure(paw):
    a = analyze(paw, ["betweenness", "degree"])
    t = a.table()
    assert list(t["label"]) [0] == "Charlie"
    assert "| label | kind | country | betweenness | degree |" in a.to_markdown()
    with pytest.raises(Exception, match="unknown measure 'betweeness'.*did you mean: betweenness"):
        analyze(paw, ["betweeness"])
