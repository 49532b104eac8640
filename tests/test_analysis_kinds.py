"""Node kinds on the curated graph: regions, municipality areas and metropolitan areas are
never projected as cities; they appear, with their own kind, only when asked for."""

from __future__ import annotations

import pytest

from cdkg.analysis import extract, project
from cdkg.analysis.kinds import KINDS, parse_kinds

ID = "https://w3id.org/cdkg/id/"
#: Every region, municipality area and metropolitan area of the curated graph (graph/*.trig).
REGIONS = {
    "hovedstaden": "Capital Region of Denmark", "sjaelland": "Region Zealand", "skane": "Scania",
    "halland": "Halland", "east-jutland": "East Jutland", "rajasthan": "Rajasthan",
    "california": "California", "greater-copenhagen": "Greater Copenhagen metropolitan region",
}
MUNICIPALITY_AREAS = ["viborg", "randers", "norddjurs", "syddjurs", "favrskov", "silkeborg", "odder",
                      "skanderborg", "horsens", "hedensted"]
NOT_CITIES = {f"{ID}region/{r}" for r in REGIONS} | {f"{ID}region/{m}-municipality" for m in MUNICIPALITY_AREAS}


@pytest.fixture(scope="module")
def facts():
    from cdkg.build.assemble import assemble
    from cdkg.core.settings import Settings

    return extract(assemble(Settings()).dataset)


def test_the_curated_regions_are_all_named_here(facts):
    declared = {iri for iri, types in facts.types.items()
                if types & {"https://w3id.org/cdkg/ontology#Region", "https://w3id.org/cdkg/ontology#MetropolitanArea"}}
    assert declared == NOT_CITIES
    for slug, label in REGIONS.items():
        assert facts.label(f"{ID}region/{slug}") == label


@pytest.mark.parametrize("projection", ["bipartite", "comembership", "partnership", "multilayer"])
def test_no_region_or_municipality_area_among_cities(facts, projection):
    g = project(facts, projection)
    assert not NOT_CITIES & set(g)
    assert {k for _, k in g.nodes(data="kind")} <= {"city", "network"}
    assert g.graph["record"]["kinds"] == ["city"]


def test_regions_and_municipality_areas_have_their_own_kind_when_asked_for(facts):
    g = project(facts, "bipartite", kinds="all")
    kinds = dict(g.nodes(data="kind"))
    for m in MUNICIPALITY_AREAS:
        assert kinds[f"{ID}region/{m}-municipality"] == "municipality"
    for r in ("hovedstaden", "sjaelland", "skane", "halland"):  # members of Greater Copenhagen
        assert kinds[f"{ID}region/{r}"] == "region"
    assert kinds[f"{ID}city/copenhagen"] == "city"
    only = project(facts, "comembership", kinds="region,municipality")
    assert {k for _, k in only.nodes(data="kind")} == {"region", "municipality"}
    assert only.graph["parameters"]["kinds"] == ["municipality", "region"]


def test_kinds_are_checked():
    assert parse_kinds("all") == tuple(KINDS)
    with pytest.raises(Exception, match="unknown node kind 'towns'"):
        parse_kinds("towns")
