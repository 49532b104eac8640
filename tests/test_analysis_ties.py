"""Ties written back as RDF (cdkg:Tie), and library query 040 reading them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from cdkg.analysis import analyze, project, to_rdf
from cdkg.analysis.writeback import analysis_graph_name, write_trig
from cdkg.core.namespaces import CDKG
from cdkg.core.settings import Settings
from cdkg.load import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"
ID = "https://w3id.org/cdkg/id/"


@pytest.fixture(scope="module")
def ds():
    return parse_file(FIXTURE)


def test_every_tie_of_the_weighted_projection(ds):
    g = project(ds, "comembership", weighting="newman")
    out = to_rdf(analyze(g, ["degree"])).graph(analysis_graph_name())
    ties = set(out.subjects(RDF.type, CDKG.Tie))
    assert len(ties) == g.number_of_edges() == 4
    for t in ties:
        assert len(set(out.objects(t, CDKG.tieEnd))) == 2
        assert out.value(t, CDKG.significant) is None  # no model tested it
    ab = next(t for t in ties if {str(x) for x in out.objects(t, CDKG.tieEnd)} == {ID + "city/a", ID + "city/b"})
    # A and B share N1 (3 members: 1/2) and N2 (2 members: 1/1)
    assert out.value(ab, CDKG.sharedCount) == Literal(2, datatype=XSD.integer)
    assert out.value(ab, CDKG.tieWeight).toPython() == pytest.approx(1.5)


def test_backbone_ties_carry_model_p_value_and_significance(ds, tmp_path):
    g = project(ds, "comembership", backbone={"model": "sdsm", "alpha": 0.9, "mtc": "holm"})
    a = analyze(g, [])
    out = to_rdf(a).graph(analysis_graph_name())
    ties = set(out.subjects(RDF.type, CDKG.Tie))
    assert ties and len(ties) == len(g.cdkg_backbone.p)
    flags = {out.value(t, CDKG.significant).toPython() for t in ties}
    assert flags == {False}  # below 0.9 uncorrected, none survives Holm over 6 tests
    model = {out.value(t, CDKG.backboneModel) for t in ties}
    assert {str(m) for m in model} == {ID + "analysis/model/sdsm"}
    # the same triples from the fast writer, read by a second parser, answer query 040
    path = tmp_path / "ties.trig"
    write_trig(analyze(project(ds, "comembership", backbone={"model": "sdsm", "alpha": 0.9}), []), path)
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    text = (Settings().queries_dir / "040_significant_ties.rq").read_text(encoding="utf-8")
    text = text.replace("?tie cdkg:tieEnd ?city", f"BIND(<{ID}city/a> AS ?city) ?tie cdkg:tieEnd ?city")
    rows = list(store.query(text, use_default_graph_as_union=True))
    assert {r["other"].value.rsplit("/", 1)[-1] for r in rows} <= {"b", "c"}
    assert rows and all(0 < float(r["pValue"].value) < 0.9 for r in rows)
