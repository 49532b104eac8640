"""The node-by-network incidence matrix of memberships, and the weightings of its one-mode
projection (co-membership).

``B[i, k] = 1`` where node ``i`` is a member of network ``k``. The co-membership of ``i`` and
``j`` is ``c_ij = (B Bᵀ)_ij``, the number of networks they share; a weighting turns it into a
tie weight:

=========  ==============================================================================
weighting  weight of the tie between ``i`` and ``j``
=========  ==============================================================================
count      ``c_ij``, the networks they share
newman     ``Σ_k B_ik B_jk / (n_k - 1)``, ``n_k`` the size of network ``k``: a shared network
           counts less the more members it has (M. E. J. Newman, "Scientific collaboration
           networks. II. Shortest paths, weighted networks, and centrality", *Phys. Rev. E* 64
           (2001) 016132)
jaccard    ``c_ij / (d_i + d_j - c_ij)``, ``d_i`` the networks of ``i``: shared over joint
           memberships (P. Jaccard, *Bull. Soc. Vaud. Sci. Nat.* 37 (1901) 547-579)
overlap    ``c_ij / min(d_i, d_j)``: shared over the smaller membership (the Szymkiewicz-Simpson
           overlap coefficient; G. G. Simpson, *Am. J. Sci.* 258A (1960) 300-311)
=========  ==============================================================================

A network's size ``n_k`` is the number of distinct members it has among the memberships that
pass the tie filters (function, time, network), of every kind and every place: the Covenant
of Mayors is as large for a Danish subgraph as for the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

#: The weightings of the co-membership projection, with their definitions.
WEIGHTINGS = {
    "count": "number of networks both nodes belong to",
    "newman": "sum over shared networks of 1/(n-1), n the network's size (Newman 2001)",
    "jaccard": "shared networks over the networks either node belongs to (Jaccard 1901)",
    "overlap": "shared networks over the smaller node's number of networks (Simpson 1960)",
}
WEIGHTING_REFERENCES = {
    "count": "",
    "newman": "M. E. J. Newman, Scientific collaboration networks. II. Shortest paths, weighted networks, "
              "and centrality, Phys. Rev. E 64 (2001) 016132",
    "jaccard": "P. Jaccard, Etude comparative de la distribution florale dans une portion des Alpes et du Jura, "
               "Bull. Soc. Vaud. Sci. Nat. 37 (1901) 547-579",
    "overlap": "G. G. Simpson, Notes on the measurement of faunal resemblance, Am. J. Sci. 258A (1960) 300-311",
}


@dataclass
class Incidence:
    """Memberships as a sparse 0/1 matrix: ``rows`` (nodes) by ``cols`` (networks).

    Examples
    --------
    >>> inc = Incidence.from_pairs([("a", "n1"), ("b", "n1"), ("b", "n2"), ("c", "n2")])
    >>> inc.rows, inc.cols, inc.b.toarray().tolist()
    (['a', 'b', 'c'], ['n1', 'n2'], [[1, 0], [1, 1], [0, 1]])
    """

    rows: list[str]
    cols: list[str]
    b: sp.csr_matrix
    sizes: np.ndarray = field(default=None)

    def __post_init__(self) -> None:
        if self.sizes is None:
            self.sizes = np.asarray(self.b.sum(axis=0)).ravel().astype(np.int64)

    @classmethod
    def from_pairs(cls, pairs, sizes: dict | None = None) -> "Incidence":
        """From ``(node, network)`` pairs (repeats count once); ``sizes`` by network, else
        the number of rows of each network."""
        pairs = set(pairs)
        rows = sorted({r for r, _ in pairs})
        cols = sorted({c for _, c in pairs})
        ri = {r: i for i, r in enumerate(rows)}
        ci = {c: i for i, c in enumerate(cols)}
        i = np.fromiter((ri[r] for r, _ in pairs), dtype=np.int64, count=len(pairs))
        j = np.fromiter((ci[c] for _, c in pairs), dtype=np.int64, count=len(pairs))
        b = sp.csr_matrix((np.ones(len(pairs), dtype=np.int64), (i, j)), shape=(len(rows), len(cols)))
        b.sort_indices()
        s = None if sizes is None else np.array([sizes[c] for c in cols], dtype=np.int64)
        return cls(rows, cols, b, s)

    @property
    def degrees(self) -> np.ndarray:
        """Networks per node (``d_i``)."""
        return np.diff(self.b.indptr)

    def pair_bound(self) -> int:
        """An upper bound of the co-membership ties: the pairs within each network, summed.

        Examples
        --------
        >>> Incidence.from_pairs([("a", "n1"), ("b", "n1"), ("b", "n2"), ("a", "n2"), ("c", "n2")]).pair_bound()
        4
        """
        sizes = np.asarray(self.b.sum(axis=0)).ravel().astype(np.int64)
        return int((sizes * (sizes - 1) // 2).sum())

    def tie_count(self, chunk: int = 2048) -> int:
        """The co-membership ties (pairs of rows sharing a network), counted a block of rows at a
        time so that memory stays that of one block's products.

        Examples
        --------
        >>> Incidence.from_pairs([("a", "n1"), ("b", "n1"), ("b", "n2"), ("a", "n2"), ("c", "n2")]).tie_count(chunk=1)
        3
        """
        bt = self.b.T.tocsc()
        total = 0
        for start in range(0, self.b.shape[0], chunk):
            block = (self.b[start:start + chunk] @ bt).tocoo()
            total += int(np.count_nonzero(block.col > block.row + start))
        return total

    def largest(self, n: int = 3) -> list[tuple[str, int]]:
        """The ``n`` networks with the most members, with their sizes."""
        sizes = np.asarray(self.b.sum(axis=0)).ravel()
        order = np.argsort(-sizes, kind="stable")[:n]
        return [(self.cols[i], int(sizes[i])) for i in order]

    def shared(self) -> sp.coo_matrix:
        """``c_ij`` for ``i < j`` with ``c_ij > 0`` (upper triangle of ``B Bᵀ``)."""
        return _upper(self.b @ self.b.T)

    def weights(self, weighting: str = "count", shared: sp.coo_matrix | None = None) -> np.ndarray:
        """The tie weights under ``weighting``, aligned with :meth:`shared` (or ``shared``).

        Examples
        --------
        >>> inc = Incidence.from_pairs([("a", "n1"), ("b", "n1"), ("b", "n2"), ("a", "n2"), ("c", "n2")])
        >>> c = inc.shared(); list(zip(c.row.tolist(), c.col.tolist(), c.data.tolist()))
        [(0, 1, 2), (0, 2, 1), (1, 2, 1)]
        >>> inc.weights("newman", c).round(3).tolist()   # n1: 2 members, n2: 3
        [1.5, 0.5, 0.5]
        >>> inc.weights("jaccard", c).round(3).tolist(), inc.weights("overlap", c).tolist()
        ([1.0, 0.5, 0.5], [1.0, 1.0, 1.0])
        """
        c = self.shared() if shared is None else shared
        count = c.data.astype(float)
        if weighting == "count":
            return count
        d = self.degrees.astype(float)
        if weighting == "jaccard":
            return count / (d[c.row] + d[c.col] - count)
        if weighting == "overlap":
            return count / np.minimum(d[c.row], d[c.col])
        if weighting == "newman":
            inv = np.zeros(len(self.cols))
            big = self.sizes > 1
            inv[big] = 1.0 / (self.sizes[big] - 1)
            w = _upper((self.b @ sp.diags(inv)) @ self.b.T)
            if shared is None or (len(w.data) == len(c.data) and np.array_equal(w.row, c.row)
                                  and np.array_equal(w.col, c.col)):
                return w.data
            lookup = sp.csr_matrix((w.data, (w.row, w.col)), shape=(len(self.rows),) * 2)
            return np.asarray(lookup[c.row, c.col]).ravel()
        from cdkg.analysis.filters import UnknownNameError, unknown_message

        raise UnknownNameError(unknown_message(weighting, list(WEIGHTINGS), "weighting"))


def _upper(m) -> sp.coo_matrix:
    """The strict upper triangle of a square sparse matrix, row by row, columns sorted."""
    u = sp.triu(m, k=1).tocsr()
    u.sort_indices()
    return u.tocoo()


def pair_weights(inc: Incidence, i: np.ndarray, j: np.ndarray, shared: np.ndarray, weighting: str) -> np.ndarray:
    """The weights of the given pairs only (a backbone's ties), as :meth:`Incidence.weights`.

    Examples
    --------
    >>> inc = Incidence.from_pairs([("a", "n1"), ("b", "n1"), ("b", "n2"), ("a", "n2"), ("c", "n2")])
    >>> pair_weights(inc, np.array([0]), np.array([1]), np.array([2]), "newman").tolist()
    [1.5]
    """
    count = np.asarray(shared, dtype=float)
    if weighting == "count":
        return count
    d = inc.degrees.astype(float)
    if weighting == "jaccard":
        return count / (d[i] + d[j] - count)
    if weighting == "overlap":
        return count / np.minimum(d[i], d[j])
    inv = np.zeros(len(inc.cols))
    big = inc.sizes > 1
    inv[big] = 1.0 / (inc.sizes[big] - 1)
    if not len(i):
        return np.zeros(0)
    return np.asarray(inc.b[i].multiply(inc.b[j]) @ inv).ravel()
