"""Backbones: the ties of a projection that a null model says are stronger than chance.

Bipartite projections (co-membership), after Z. P. Neal, "The backbone of bipartite
projections: Inferring relationships from co-authorship, co-sponsorship, co-attendance and
other co-behaviors", *Social Networks* 39 (2014) 84-97:

- ``sdsm``, the stochastic degree sequence model: each membership ``B_ik`` is an independent
  Bernoulli draw whose probability is given by the bipartite configuration model (BiCM:
  ``p_ik = x_i y_k / (1 + x_i y_k)`` with ``Σ_k p_ik`` the node's degree and ``Σ_i p_ik`` the
  network's; F. Saracco et al., "Randomizing bipartite networks: the case of the World Trade
  Web", *Sci. Rep.* 5 (2015) 10595), as Neal's R package ``backbone`` does since version 2. The
  co-membership of ``i`` and ``j`` is then Poisson-binomial with probabilities
  ``p_ik p_jk``; a tie's p-value is its upper tail ``P(X ≥ c_ij)``, computed exactly.
- ``fdsm``, the fixed degree sequence model (K. A. Zweig and M. Kaufmann, "A systematic approach
  to the one-mode projection of bipartite graphs", *Soc. Netw. Anal. Min.* 1 (2011) 187-218):
  the same tail under the uniform distribution of bipartite graphs with exactly the observed
  degrees, estimated from graphs sampled by the curveball algorithm (G. Strona et al., "A fast
  and unbiased procedure to randomize ecological binary matrices with fixed row and column
  totals", *Nat. Commun.* 5 (2014) 4114).

Weighted graphs (any projection):

- ``disparity``, the disparity filter (M. A. Serrano, M. Boguñá and A. Vespignani,
  "Extracting the multiscale backbone of complex weighted networks", *PNAS* 106 (2009)
  6483-6488): for node ``i`` of degree ``k`` and strength ``s``, the tie of weight ``w`` has
  ``α = (1 - w/s)^(k-1)``; a tie's p-value is the smaller of its two ends' (a tie is kept if
  either end finds it significant).

Both bipartite models test only the upper tail (a positive, unsigned backbone, as ``backbone``'s
``signed = FALSE``). Rows of equal degree have the same probabilities under both models, so the
tail is computed once per pair of degrees, and only pairs that share a network are looked at
(the others have ``p = 1``); the pairs are read in row blocks, so memory stays bounded. A tie
is significant when its p-value, after the multiple-testing correction ``mtc``, is below
``alpha``; the number of tests is every pair of nodes, ``n(n-1)/2``, as in ``backbone``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from cdkg.analysis.incidence import Incidence

MODELS = {
    "sdsm": "stochastic degree sequence model, BiCM probabilities, exact Poisson-binomial upper tail (Neal 2014)",
    "fdsm": "fixed degree sequence model, curveball samples (Zweig and Kaufmann 2011; Strona et al. 2014)",
    "disparity": "disparity filter of weighted ties (Serrano, Boguñá and Vespignani 2009)",
}
MODEL_REFERENCES = {
    "sdsm": "Z. P. Neal, The backbone of bipartite projections, Social Networks 39 (2014) 84-97; "
            "F. Saracco et al., Randomizing bipartite networks, Sci. Rep. 5 (2015) 10595",
    "fdsm": "K. A. Zweig and M. Kaufmann, A systematic approach to the one-mode projection of bipartite graphs, "
            "Soc. Netw. Anal. Min. 1 (2011) 187-218; G. Strona et al., Nat. Commun. 5 (2014) 4114",
    "disparity": "M. A. Serrano, M. Boguna and A. Vespignani, Extracting the multiscale backbone of complex "
                 "weighted networks, PNAS 106 (2009) 6483-6488",
}
#: Multiple-testing corrections.
CORRECTIONS = {
    "none": "each tie tested at alpha",
    "bonferroni": "alpha divided by the number of tests",
    "holm": "Holm's step-down (S. Holm, Scand. J. Stat. 6 (1979) 65-70)",
    "fdr": "Benjamini-Hochberg false discovery rate (J. R. Stat. Soc. B 57 (1995) 289-300)",
}
#: Bytes of the largest block of pairs held at once.
BLOCK_BYTES = 64 * 2**20


@dataclass
class Backbone:
    """Tested ties ``(i, j)`` (indices of ``nodes``, ``i < j``) with their p-values.

    ``i``, ``j``, ``shared`` and ``p`` hold the ties whose p-value is below ``alpha`` (the only
    ones a correction can keep); ``significant`` says which survive the correction.
    """

    model: str
    nodes: list
    i: np.ndarray
    j: np.ndarray
    shared: np.ndarray
    p: np.ndarray
    significant: np.ndarray
    alpha: float
    mtc: str
    tests: int
    parameters: dict = field(default_factory=dict)

    def record(self) -> dict:
        """The model's settings, for the parameters written with the results."""
        return {"model": self.model, "alpha": self.alpha, "mtc": self.mtc, "tests": self.tests,
                "tail": "upper", **self.parameters}


def correct(p: np.ndarray, alpha: float, mtc: str, tests: int) -> np.ndarray:
    """Which p-values are significant at ``alpha`` after the correction ``mtc`` over ``tests``
    tests (``p`` may hold only the smallest of them: the others cannot be significant).

    Examples
    --------
    >>> p = np.array([0.001, 0.01, 0.02, 0.04])
    >>> correct(p, 0.05, "none", 10).tolist(), correct(p, 0.05, "bonferroni", 10).tolist()
    ([True, True, True, True], [True, False, False, False])
    >>> correct(p, 0.05, "holm", 10).tolist(), correct(p, 0.05, "fdr", 10).tolist()
    ([True, False, False, False], [True, True, False, False])
    """
    if mtc not in CORRECTIONS:
        from cdkg.analysis.filters import UnknownNameError, unknown_message

        raise UnknownNameError(unknown_message(mtc, list(CORRECTIONS), "multiple-testing correction"))
    if mtc == "none":
        return p < alpha
    if mtc == "bonferroni":
        return p < alpha / tests
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    r = np.arange(1, len(p) + 1)
    keep = np.zeros(len(p), dtype=bool)
    if mtc == "holm":
        ok = ranked < alpha / (tests - r + 1)
        n = len(ok) if ok.all() else int(np.argmin(ok))
    else:  # Benjamini-Hochberg: the largest r with p_(r) <= r alpha / m
        ok = np.nonzero(ranked <= r * alpha / tests)[0]
        n = int(ok[-1]) + 1 if len(ok) else 0
    keep[order[:n]] = True
    return keep


# --- SDSM --------------------------------------------------------------------------------


def bicm(row_degrees: np.ndarray, col_degrees: np.ndarray, tol: float = 1e-10, max_iter: int = 100_000):
    """Solve the bipartite configuration model for degree sequences: the probabilities
    ``P[a, b]`` of a membership between a row of the ``a``-th distinct row degree and a column of
    the ``b``-th distinct column degree, with the distinct degrees and the largest error.

    Rows (columns) of degree 0 get probability 0, of full degree 1, as ``backbone`` drops them.

    Examples
    --------
    >>> P, rows, cols, err = bicm(np.array([1, 1, 2]), np.array([2, 2]))
    >>> rows.tolist(), cols.tolist(), P.round(4).tolist(), err < 1e-9
    ([1, 2], [2], [[0.5], [1.0]], True)
    """
    rd, rcount = np.unique(row_degrees, return_counts=True)
    cd, ccount = np.unique(col_degrees, return_counts=True)
    n_rows, n_cols = len(row_degrees), len(col_degrees)
    full_r, full_c = rd == n_cols, cd == n_rows
    P = np.zeros((len(rd), len(cd)))
    P[full_r, :] = 1.0
    P[:, full_c] = 1.0
    # the free part: what full rows and columns leave to the others
    r_target = rd - ccount[full_c].sum()
    c_target = cd - rcount[full_r].sum()
    fr, fc = (r_target > 0) & ~full_r, (c_target > 0) & ~full_c
    err = 0.0
    if fr.any() and fc.any():
        rt, ct = r_target[fr].astype(float), c_target[fc].astype(float)
        rm, cm = rcount[fr].astype(float), ccount[fc].astype(float)
        x, y = rt / np.sqrt(rt @ rm), ct / np.sqrt(ct @ cm)
        if len(ct) == 1 or len(rt) == 1:  # one class on a side: p is its share, exactly
            p = (rt[:, None] / cm.sum()) if len(ct) == 1 else (ct[None, :] / rm.sum())
            P[np.ix_(fr, fc)] = np.broadcast_to(p, (len(rt), len(ct)))
            return P, rd, cd, 0.0
        for _ in range(max_iter):
            x_new = rt / ((cm * y / (1 + np.outer(x, y))).sum(axis=1))
            y_new = ct / ((rm[:, None] * x_new[:, None] / (1 + np.outer(x_new, y))).sum(axis=0))
            done = np.allclose(x_new, x, rtol=tol, atol=0) and np.allclose(y_new, y, rtol=tol, atol=0)
            x, y = x_new, y_new
            if done:
                break
        xy = np.outer(x, y)
        p = xy / (1 + xy)
        P[np.ix_(fr, fc)] = p
        err = float(max(np.abs(p @ cm - rt).max(), np.abs(rm @ p - ct).max()))
    return P, rd, cd, err


def poisson_binomial_tail(probs: np.ndarray) -> np.ndarray:
    """``P(X >= c)`` for ``c = 0..len(probs)``, X a sum of independent Bernoulli(``probs``).

    Examples
    --------
    >>> poisson_binomial_tail(np.array([0.5, 0.5])).tolist()
    [1.0, 0.75, 0.25]
    """
    pmf = np.zeros(len(probs) + 1)
    pmf[0] = 1.0
    for k, q in enumerate(probs, 1):
        pmf[1:k + 1] = pmf[1:k + 1] * (1 - q) + pmf[:k] * q
        pmf[0] *= 1 - q
    tail = np.cumsum(pmf[::-1])[::-1]
    return np.minimum(tail, 1.0)


def _tail_table(inc: Incidence) -> tuple[np.ndarray, np.ndarray, dict]:
    """The SDSM upper tails by pair of row-degree classes: ``T[a, b, c]``, each row's class,
    and the BiCM's record."""
    d = inc.degrees
    P, rd, cd, err = bicm(d, np.asarray(inc.b.sum(axis=0)).ravel())
    col_class = np.searchsorted(cd, np.asarray(inc.b.sum(axis=0)).ravel())
    row_class = np.searchsorted(rd, d)
    K = len(inc.cols)
    T = np.ones((len(rd), len(rd), K + 1))
    for a in range(len(rd)):
        pa = P[a, col_class]
        for b in range(a, len(rd)):
            tail = poisson_binomial_tail(pa * P[b, col_class])
            T[a, b] = T[b, a] = tail
    return T, row_class, {"bicm_max_degree_error": err, "degree_classes": len(rd)}


def _blocks(n: int, width: int):
    step = max(1, BLOCK_BYTES // max(1, 8 * width))
    for start in range(0, n, step):
        yield start, min(n, start + step)


def _pairs_below(inc: Incidence, pvalue, alpha: float):
    """Pairs ``i < j`` sharing a network whose p-value (``pvalue(i_rows, j_cols, counts)``) is
    below ``alpha``, read in blocks of rows: ``(i, j, shared, p)`` arrays."""
    n = len(inc.rows)
    small = len(inc.cols) <= 4096  # a dense copy of B is cheap, and its products run on BLAS
    b = inc.b.astype(np.float32)
    dense = b.toarray() if small else None
    out_i, out_j, out_c, out_p = [], [], [], []
    for start, stop in _blocks(n, n):
        c = dense[start:stop] @ dense.T if small else (b[start:stop] @ b.T).toarray()
        rows, cols = np.nonzero(c > 0.5)
        upper = cols > rows + start
        rows, cols = rows[upper], cols[upper]
        counts = np.rint(c[rows, cols]).astype(np.int64)
        del c
        rows += start
        p = pvalue(rows, cols, counts)
        keep = p < alpha
        out_i.append(rows[keep])
        out_j.append(cols[keep])
        out_c.append(counts[keep])
        out_p.append(p[keep])
    cat = lambda xs, t: np.concatenate(xs).astype(t) if xs else np.zeros(0, t)  # noqa: E731
    return cat(out_i, np.int64), cat(out_j, np.int64), cat(out_c, np.int64), cat(out_p, float)


def sdsm(inc: Incidence, alpha: float = 0.05, mtc: str = "none") -> Backbone:
    """The SDSM backbone of the co-membership of ``inc`` (see the module docstring).

    Examples
    --------
    >>> inc = Incidence.from_pairs([("a", "n1"), ("b", "n1"), ("c", "n2"), ("d", "n2")])
    >>> bb = sdsm(inc, alpha=0.5)   # p = 1/2 for every membership: P(X >= 1) = 1 - (3/4)^2
    >>> [(inc.rows[i], inc.rows[j], round(float(p), 6)) for i, j, p in zip(bb.i, bb.j, bb.p)]
    [('a', 'b', 0.4375), ('c', 'd', 0.4375)]
    """
    correct(np.zeros(0), alpha, mtc, 1)  # checks mtc
    T, cls, record = _tail_table(inc)
    i, j, c, p = _pairs_below(inc, lambda r, s, k: T[cls[r], cls[s], k], alpha)
    n = len(inc.rows)
    tests = max(1, n * (n - 1) // 2)
    return Backbone("sdsm", inc.rows, i, j, c, p, correct(p, alpha, mtc, tests), alpha, mtc, tests, record)


# --- FDSM --------------------------------------------------------------------------------


def curveball(rows: list[np.ndarray], n_cols: int, trades: int, rng: np.random.Generator) -> None:
    """``trades`` curveball trades on ``rows`` (each a sorted array of column indices), in
    place: two rows swap some of the columns only one of them has, keeping every degree."""
    n = len(rows)
    pairs = rng.integers(0, n, size=(trades, 2))
    for a, b in pairs.tolist():
        if a == b:
            continue
        ra, rb = rows[a], rows[b]
        only_a = np.setdiff1d(ra, rb, assume_unique=True)
        only_b = np.setdiff1d(rb, ra, assume_unique=True)
        if not len(only_a) or not len(only_b):
            continue
        pool = np.concatenate([only_a, only_b])
        rng.shuffle(pool)
        both = np.intersect1d(ra, rb, assume_unique=True)
        rows[a] = np.sort(np.concatenate([both, pool[:len(only_a)]]))
        rows[b] = np.sort(np.concatenate([both, pool[len(only_a):]]))


def fdsm(inc: Incidence, alpha: float = 0.05, mtc: str = "none", trials: int = 1000, seed: int = 0,
         per_class: int = 64, trades: int | None = None) -> Backbone:
    """The FDSM backbone of the co-membership of ``inc`` (see the module docstring).

    ``trials`` graphs are sampled, each ``trades`` curveball trades (default five per row) after
    the previous one, after a burn-in of the same length. Rows of equal degree are exchangeable
    under the FDSM, so each pair-of-degrees' tail is estimated from the co-memberships of up to
    ``per_class`` sampled rows of each degree, pooled over the trials: ``P(X ≥ c)`` is the share
    of those pairs with at least ``c`` shared networks, counting the observed pair as one
    (``(hits + 1) / (pairs + 1)``, never 0).
    """
    correct(np.zeros(0), alpha, mtc, 1)
    rng = np.random.default_rng(seed)
    n, K = len(inc.rows), len(inc.cols)
    d = inc.degrees
    rd, cls = np.unique(d, return_inverse=True)
    members = [np.sort(inc.b.indices[inc.b.indptr[i]:inc.b.indptr[i + 1]]) for i in range(n)]
    trades = 5 * n if trades is None else trades
    counts = np.zeros((len(rd), len(rd), K + 2))  # histogram of shared counts per class pair
    by_class = [np.nonzero(cls == a)[0] for a in range(len(rd))]
    curveball(members, K, trades, rng)  # burn-in
    for _ in range(trials):
        curveball(members, K, trades, rng)
        picked = np.concatenate([rng.permutation(ix)[:per_class] for ix in by_class])
        sub = np.zeros((len(picked), K), dtype=np.float32)
        for r, i in enumerate(picked):
            sub[r, members[i]] = 1
        shared = np.rint(sub @ sub.T).astype(np.int64)
        a = cls[picked]
        iu = np.triu_indices(len(picked), k=1)
        np.add.at(counts, (np.minimum(a[iu[0]], a[iu[1]]), np.maximum(a[iu[0]], a[iu[1]]), shared[iu]), 1)
    totals = counts.sum(axis=2, keepdims=True)
    tail = np.cumsum(counts[:, :, ::-1], axis=2)[:, :, ::-1]
    T = np.where(totals > 0, (tail + 1) / (totals + 1), 1.0)  # the observed pair counts too
    lo, hi = np.minimum, np.maximum
    i, j, c, p = _pairs_below(inc, lambda r, s, k: T[lo(cls[r], cls[s]), hi(cls[r], cls[s]), k], alpha)
    tests = max(1, n * (n - 1) // 2)
    record = {"trials": trials, "trades_per_sample": trades, "seed": seed, "rows_per_degree": per_class}
    return Backbone("fdsm", inc.rows, i, j, c, p, correct(p, alpha, mtc, tests), alpha, mtc, tests, record)


# --- disparity filter --------------------------------------------------------------------


def disparity(n: int, i: np.ndarray, j: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Disparity-filter p-values of the undirected ties ``(i, j, w)`` among ``n`` nodes.

    Examples
    --------
    >>> # a star: the hub's ties of weights 1, 1, 2 (strength 4, degree 3)
    >>> disparity(4, np.array([0, 0, 0]), np.array([1, 2, 3]), np.array([1.0, 1.0, 2.0])).tolist()
    [0.5625, 0.5625, 0.25]
    """
    w = np.asarray(w, dtype=float)
    strength = np.bincount(i, w, n) + np.bincount(j, w, n)
    degree = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        a_i = np.where(degree[i] > 1, (1 - w / strength[i]) ** (degree[i] - 1), 1.0)
        a_j = np.where(degree[j] > 1, (1 - w / strength[j]) ** (degree[j] - 1), 1.0)
    return np.minimum(a_i, a_j)


def disparity_backbone(nodes: list, i, j, w, shared=None, alpha: float = 0.05, mtc: str = "none") -> Backbone:
    """The disparity-filter backbone of weighted ties (their p-values below ``alpha``)."""
    p = disparity(len(nodes), np.asarray(i), np.asarray(j), w)
    keep = p < alpha
    shared = np.asarray(shared if shared is not None else w)
    tests = max(1, len(p))  # the ties of the graph, as Serrano et al. test each
    pk = p[keep]
    return Backbone("disparity", nodes, np.asarray(i)[keep], np.asarray(j)[keep], shared[keep], pk,
                    correct(pk, alpha, mtc, tests), alpha, mtc, tests, {"tests_are": "ties of the weighted graph"})
