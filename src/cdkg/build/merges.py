"""Apply the reviewed ``same`` decisions of the merges file (``graph/crosswalk/merges.csv``)
to included data: every IRI decided to be another place's is replaced by the kept IRI, in
subject and object positions, in every named graph. Curated IRIs are never replaced (a
decision whose right-hand side is a curated IRI is an error of the file, reported by the
build). See :mod:`cdkg.importers.merges` for the file.
"""

from __future__ import annotations

import pyoxigraph as ox

from cdkg.importers.merges import Merges


def apply_merges(store: ox.Store, merges: Merges, protected: set[str] | frozenset = frozenset()) -> int:
    """Rename the merged IRIs in ``store``; return how many quads were rewritten.

    Examples
    --------
    >>> from cdkg.importers.merges import Merges
    >>> s = ox.Store()
    >>> g = ox.NamedNode("http://g")
    >>> s.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.NamedNode("http://a"), g))
    >>> apply_merges(s, Merges(same={"http://a": "http://b"}))
    1
    >>> [q.subject.value + " " + q.object.value for q in s]
    ['http://b http://b']
    """
    renames = {old: new for old, new in merges.renames().items() if old not in protected}
    changed = 0
    for old, new in sorted(renames.items()):
        o = ox.NamedNode(old)
        quads = list(store.quads_for_pattern(o, None, None, None)) + list(store.quads_for_pattern(None, None, o, None))
        for q in dict.fromkeys(quads):
            store.remove(q)
        n = ox.NamedNode(new)
        for q in dict.fromkeys(quads):
            store.add(ox.Quad(n if q.subject == o else q.subject, q.predicate, n if q.object == o else q.object, q.graph_name))
            changed += 1
    return changed
