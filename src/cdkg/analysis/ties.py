"""Ties as RDF: each tie of a projection (or each tie a backbone model tested) as a ``cdkg:Tie``,
so that "which cities are significantly tied to X" is one indexed SPARQL pattern instead of a
self-join over memberships.

A tie has ``cdkg:tieEnd`` (its two nodes), ``cdkg:onProjection`` (the projection, whose
``cdkg:parameters`` hold the weighting and the filters), ``cdkg:sharedCount`` (networks shared,
or partnerships), ``cdkg:tieWeight`` (under the weighting) and ``prov:wasGeneratedBy`` the
``cdkg:AnalysisRun``; a tie a backbone model tested also has ``cdkg:backboneModel`` (a
``skos:Concept``), ``cdkg:pValue`` and ``cdkg:significant``. With a backbone, the ties written
are those whose p-value is below alpha (the only ones a correction can keep), each marked
significant or not after the correction; without one, every tie of the projection, up to
:data:`TIE_LIMIT`.

.. code-block:: sparql

    SELECT ?other ?p WHERE {
      ?tie a cdkg:Tie ; cdkg:tieEnd <city> , ?other ; cdkg:significant true ; cdkg:pValue ?p .
      FILTER(?other != <city>)
    } ORDER BY ?p
"""

from __future__ import annotations

import hashlib

import numpy as np

from cdkg.analysis.backbone import MODEL_REFERENCES, MODELS

#: Ties written at most without a backbone (the co-membership of a mass network has tens of
#: millions: extract its backbone, or leave the mass network out, to write them).
TIE_LIMIT = 2_000_000


def model_iri(model: str, base: str) -> str:
    """The concept of a backbone model.

    Examples
    --------
    >>> model_iri("sdsm", "https://w3id.org/cdkg/")
    'https://w3id.org/cdkg/id/analysis/model/sdsm'
    """
    return f"{base}id/analysis/model/{model}"


def tie_rows(g):
    """``(u, v, shared, weight, p, significant)`` for each tie to write (``p`` and
    ``significant`` are None without a backbone); None when there are more than
    :data:`TIE_LIMIT` ties and no backbone."""
    bb = getattr(g, "cdkg_backbone", None)
    if bb is None:
        if g.number_of_edges() > TIE_LIMIT or g.is_multigraph():
            return None
        return [(u, v, int(d.get("shared", d.get("weight", 1))), float(d.get("weight", 1)), None, None)
                for u, v, d in g.edges(data=True)]
    inc = getattr(g, "cdkg_incidence", None)
    weighting = g.graph.get("record", {}).get("weighting", "count")
    if inc is not None:
        from cdkg.analysis.incidence import pair_weights

        weights = pair_weights(inc, bb.i, bb.j, bb.shared, weighting)
    else:
        weights = np.asarray(bb.shared, dtype=float)
    nodes = bb.nodes
    return [(nodes[i], nodes[j], int(c), float(w), float(p), bool(s))
            for i, j, c, w, p, s in zip(bb.i.tolist(), bb.j.tolist(), bb.shared.tolist(), weights.tolist(),
                                        bb.p.tolist(), bb.significant.tolist())]


def tie_iri(base: str, projection: str, u: str, v: str) -> str:
    a, b = sorted((str(u), str(v)))
    key = hashlib.sha1(f"{projection} {a} {b}".encode()).hexdigest()[:20]
    return f"{base}id/analysis/tie/{key}"


def statements(g, proj: str, run: str, base: str):
    """The tie triples as plain tuples (as :func:`cdkg.analysis.writeback.statements`)."""
    from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

    from cdkg.core.namespaces import CDKG

    rows = tie_rows(g)
    if not rows:
        return
    iri = lambda x: ("iri", str(x))  # noqa: E731
    lit = lambda x, t=None, lang=None: ("lit", str(x), str(t) if t else None, lang)  # noqa: E731
    model = (g.graph.get("backbone") or {}).get("model")
    if model:
        m = iri(model_iri(model, base))
        yield m, iri(RDF.type), iri(SKOS.Concept)
        yield m, iri(SKOS.prefLabel), lit(model, lang="en")
        yield m, iri(SKOS.definition), lit(MODELS[model], lang="en")
        yield m, iri(DCTERMS.bibliographicCitation), lit(MODEL_REFERENCES[model])
    for u, v, shared, weight, p, significant in rows:
        if not (isinstance(u, str) and "://" in u and isinstance(v, str) and "://" in v):
            continue
        t = iri(tie_iri(base, proj, u, v))
        yield t, iri(RDF.type), iri(CDKG.Tie)
        yield t, iri(CDKG.tieEnd), iri(u)
        yield t, iri(CDKG.tieEnd), iri(v)
        yield t, iri(CDKG.onProjection), iri(proj)
        yield t, iri(CDKG.sharedCount), lit(shared, XSD.integer)
        yield t, iri(CDKG.tieWeight), lit(repr(weight), XSD.double)
        if p is not None:
            yield t, iri(CDKG.backboneModel), m
            yield t, iri(CDKG.pValue), lit(repr(p), XSD.double)
            yield t, iri(CDKG.significant), lit("true" if significant else "false", XSD.boolean)
        yield t, iri(PROV.wasGeneratedBy), iri(run)


def count(g) -> int | None:
    """How many ties :func:`statements` writes (None: too many, not written)."""
    rows = tie_rows(g)
    return None if rows is None else len(rows)
