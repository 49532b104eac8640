"""Backbone models checked against values worked out by hand on tiny fixtures, and FDSM against
an exact enumeration of every bipartite graph with the fixture's degrees."""

from __future__ import annotations

from itertools import combinations, product
from pathlib import Path

import numpy as np
import pytest

from cdkg.analysis import extract, project
from cdkg.analysis.backbone import bicm, correct, curveball, disparity, fdsm, poisson_binomial_tail, sdsm
from cdkg.analysis.incidence import Incidence
from cdkg.load import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"

# Networks n1, n2, n3 of two members each: A {n1, n2}, B {n1}, C {n2, n3}, D {n3}. All columns
# have the same degree, so the BiCM gives p = d_i / 3 (row sums d_i, column sums 2):
# p_A = p_C = 2/3, p_B = p_D = 1/3.
CHAIN = [("A", "n1"), ("A", "n2"), ("B", "n1"), ("C", "n2"), ("C", "n3"), ("D", "n3")]


def test_bicm_probabilities_by_hand():
    inc = Incidence.from_pairs(CHAIN)
    P, rows, cols, err = bicm(inc.degrees, np.asarray(inc.b.sum(axis=0)).ravel())
    assert rows.tolist() == [1, 2] and cols.tolist() == [2]
    assert P[:, 0] == pytest.approx([1 / 3, 2 / 3], abs=1e-9)
    assert err < 1e-9


def test_bicm_meets_the_degrees_of_an_uneven_matrix():
    rng = np.random.default_rng(3)
    b = (rng.random((40, 9)) < np.linspace(0.1, 0.8, 9)).astype(int)
    b = b[b.sum(axis=1) > 0]
    P, rd, cd, err = bicm(b.sum(axis=1), b.sum(axis=0))
    full = P[np.searchsorted(rd, b.sum(axis=1))][:, np.searchsorted(cd, b.sum(axis=0))]
    assert full.sum(axis=1) == pytest.approx(b.sum(axis=1), abs=1e-6)
    assert full.sum(axis=0) == pytest.approx(b.sum(axis=0), abs=1e-6)


def test_sdsm_p_values_by_hand():
    inc = Incidence.from_pairs(CHAIN)
    bb = sdsm(inc, alpha=1.0 - 1e-12)
    got = {(inc.rows[i], inc.rows[j]): p for i, j, p in zip(bb.i, bb.j, bb.p)}
    # A-B share n1; each network is shared with probability (2/3)(1/3) = 2/9: 1 - (7/9)^3
    assert got[("A", "B")] == pytest.approx(1 - (7 / 9) ** 3, abs=1e-9)
    # A-C share n2; probability (2/3)^2 = 4/9 each: 1 - (5/9)^3
    assert got[("A", "C")] == pytest.approx(1 - (5 / 9) ** 3, abs=1e-9)
    assert got[("C", "D")] == pytest.approx(1 - (7 / 9) ** 3, abs=1e-9)
    assert ("B", "D") not in got  # they share nothing: p = 1, never tested below alpha
    assert bb.tests == 6


def test_poisson_binomial_tail_by_hand():
    tail = poisson_binomial_tail(np.array([0.5, 0.2, 1.0]))
    # X = 1 + Bernoulli(.5) + Bernoulli(.2): P(X=1) = .4, P(X=2) = .5, P(X=3) = .1
    assert tail.tolist() == pytest.approx([1.0, 1.0, 0.6, 0.1])


def test_sdsm_finds_a_clique_that_shares_rare_networks():
    # 30 cities in one mass network; 4 of them also share three small networks
    pairs = [(f"c{i}", "mass") for i in range(30)]
    pairs += [(f"c{i}", f"small{k}") for i in range(4) for k in range(3)]
    pairs += [(f"c{i}", f"other{i}") for i in range(4, 30)]
    inc = Incidence.from_pairs(pairs)
    bb = sdsm(inc, alpha=0.05)
    kept = {frozenset((inc.rows[i], inc.rows[j])) for i, j, s in zip(bb.i, bb.j, bb.significant) if s}
    assert kept == {frozenset(p) for p in combinations(["c0", "c1", "c2", "c3"], 2)}
    # each p is about 0.007: above Holm's first threshold, 0.05 / 435 tests
    assert not sdsm(inc, alpha=0.05, mtc="holm").significant.any()


def test_corrections_by_hand():
    p = np.array([0.004, 0.02, 0.03])
    # 5 tests: Bonferroni 0.01; Holm 0.01, 0.0125, ...; BH 0.01, 0.02, 0.03
    assert correct(p, 0.05, "bonferroni", 5).tolist() == [True, False, False]
    assert correct(p, 0.05, "holm", 5).tolist() == [True, False, False]
    assert correct(p, 0.05, "fdr", 5).tolist() == [True, True, True]
    with pytest.raises(Exception, match="unknown multiple-testing correction"):
        correct(p, 0.05, "sidak", 5)


def _exact_fdsm(b: np.ndarray) -> dict:
    """P(X_ij >= c_ij) over every 0/1 matrix with b's margins, by enumeration."""
    n, k = b.shape
    rows, cols = b.sum(axis=1), b.sum(axis=0)
    options = [[r for r in product([0, 1], repeat=k) if sum(r) == d] for d in rows]
    hits, total = {}, 0
    observed = b @ b.T
    for choice in product(*options):
        m = np.array(choice)
        if (m.sum(axis=0) != cols).any():
            continue
        total += 1
        x = m @ m.T
        for i, j in combinations(range(n), 2):
            hits[(i, j)] = hits.get((i, j), 0) + int(x[i, j] >= observed[i, j])
    return {key: v / total for key, v in hits.items()}


def test_fdsm_matches_exact_enumeration():
    pairs = [("a", "n1"), ("a", "n2"), ("b", "n1"), ("b", "n2"), ("c", "n3"), ("c", "n4"), ("d", "n3"),
             ("e", "n4"), ("e", "n1")]
    inc = Incidence.from_pairs(pairs)
    exact = _exact_fdsm(inc.b.toarray())
    bb = fdsm(inc, alpha=1.0, trials=3000, seed=1)
    got = {(i, j): p for i, j, p in zip(bb.i.tolist(), bb.j.tolist(), bb.p.tolist())}
    for (i, j), p in exact.items():
        if (inc.b[i].multiply(inc.b[j])).sum():  # pairs that share a network are tested
            assert got[(i, j)] == pytest.approx(p, abs=0.03), (inc.rows[i], inc.rows[j])


def test_curveball_keeps_every_degree():
    rng = np.random.default_rng(0)
    rows = [np.array([0, 1]), np.array([1, 2, 3]), np.array([0]), np.array([2, 3])]
    curveball(rows, 4, 200, rng)
    assert [len(r) for r in rows] == [2, 3, 1, 2]
    assert np.bincount(np.concatenate(rows), minlength=4).tolist() == [2, 2, 2, 2]


def test_disparity_by_hand():
    # path a-b-c with weights 3 and 1, plus b-d weight 1: b has degree 3, strength 5
    i, j, w = np.array([0, 1, 1]), np.array([1, 2, 3]), np.array([3.0, 1.0, 1.0])
    p = disparity(4, i, j, w)
    # a-b: a has degree 1 (no test); b: (1 - 3/5)^2 = 0.16.  b-c: (1 - 1/5)^2 = 0.64
    assert p.tolist() == pytest.approx([0.16, 0.64, 0.64])


def test_backbone_projections_on_the_fixture():
    facts = extract(parse_file(FIXTURE))
    g = project(facts, "comembership", backbone={"model": "sdsm", "alpha": 0.99})
    assert g.graph["parameters"]["backbone"] == {"model": "sdsm", "alpha": 0.99, "mtc": "none"}
    assert g.graph["record"]["backbone"]["tests"] == 6
    assert all(0 < d["p_value"] < 0.99 for _, _, d in g.edges(data=True))
    with pytest.raises(Exception, match="needs a bipartite projection"):
        project(facts, "partnership", backbone="sdsm")
    with pytest.raises(Exception, match="unknown backbone model"):
        project(facts, "comembership", backbone="magic")
