"""Projections of the hand-made fixture graph (tests/fixtures/analysis/small.trig, whose
header comment lists the memberships and partnerships the expected values follow from)."""

from pathlib import Path

import networkx as nx
import pytest

from cdkg.analysis import EmptyResultError, UnknownNameError, extract, project
from cdkg.load import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"
ID = "https://w3id.org/cdkg/id/"


def c(x):
    return f"{ID}city/{x}"


def n(x):
    return f"{ID}network/{x}"


@pytest.fixture(scope="module")
def facts():
    return extract(parse_file(FIXTURE))


def edges(g):
    return {(frozenset((u, v)), d["weight"]) for u, v, d in g.edges(data=True)}


def test_bipartite_memberships_on_cities(facts):
    g = project(facts, "bipartite")
    assert set(g) == {c("a"), c("b"), c("c"), c("d"), n("n1"), n("n2"), n("n3")}
    assert {frozenset(e) for e in g.edges} == {frozenset(e) for e in [
        (c("a"), n("n1")), (c("a"), n("n2")), (c("b"), n("n1")), (c("b"), n("n2")),
        (c("c"), n("n1")), (c("c"), n("n3")), (c("d"), n("n3"))]}
    assert g.nodes[c("a")]["label"] == "Alpha" and g.nodes[c("a")]["kind"] == "city"
    assert g.nodes[c("a")]["country"] == "Aland" and g.nodes[c("a")]["bipartite"] == 0
    assert g.nodes[n("n3")]["kind"] == "network" and g.nodes[n("n3")]["bipartite"] == 1
    assert g.edges[c("a"), n("n1")]["functions"] == ["knowledge sharing"]
    assert g.edges[c("a"), n("n1")]["start"] == 2005
    assert g.edges[c("a"), n("n1")]["sources"] == ["source 001, lines 20-25"]
    assert g.graph["projection"] == "bipartite"


def test_no_type_or_provenance_noise(facts):
    g = project(facts, "multilayer")
    assert all(u.startswith((f"{ID}city/", f"{ID}network/")) for u in g)
    for _, d in g.nodes(data=True):
        assert not any("type" in k for k in d)


def test_comembership_is_weighted_by_shared_networks(facts):
    g = project(facts, "comembership")
    assert edges(g) == {(frozenset((c("a"), c("b"))), 2), (frozenset((c("a"), c("c"))), 1),
                        (frozenset((c("b"), c("c"))), 1), (frozenset((c("c"), c("d"))), 1)}
    assert g.edges[c("a"), c("b")]["networks"] == ["Network One", "Network Two"]


def test_partnership_graph_and_its_filters(facts):
    g = project(facts, "partnership")
    assert edges(g) == {(frozenset((c("a"), c("e"))), 1), (frozenset((c("c"), c("d"))), 1),
                        (frozenset((c("a"), c("b"))), 1), (frozenset((c("a"), c("c"))), 1),
                        (frozenset((c("b"), c("c"))), 1)}
    assert g.edges[c("a"), c("e")]["kinds"] == ["twinning"]
    assert g.edges[c("a"), c("e")]["themes"] == ["culture"]
    climate = project(facts, "partnership", theme="climate")
    assert c("e") not in climate and climate.number_of_edges() == 4
    twin = project(facts, "partnership", kind="twinning")
    assert set(twin) == {c("a"), c("e")}
    # A-E began in 1990 and has no end year, so it still runs after 2000; A-B-C is undated
    assert set(project(facts, "partnership", since=2000)) == {c("a"), c("e"), c("c"), c("d")}
    assert set(project(facts, "partnership", until=2000)) == {c("a"), c("e")}


def test_filters_by_function_network_country_and_time(facts):
    assert set(project(facts, "bipartite", function="knowledge-sharing").edges) == {(c("a"), n("n1"))}
    assert set(project(facts, "bipartite", function="fn:lobbying")) == {c("c"), n("n3")}
    # network_function: networks that provide lobbying (N3) -> C and D
    assert set(project(facts, "comembership", network_function="lobbying")) == {c("c"), c("d")}
    assert set(project(facts, "bipartite", network="Network Two")) == {c("a"), c("b"), n("n2")}
    assert set(project(facts, "comembership", country="BE")) == {c("c"), c("d")}
    assert set(project(facts, "comembership", country="aland")) == {c("a"), c("b")}
    # 2012: A (2005-) and B (2010-) in N1; C left N1 in 2008; undated memberships dropped
    g = project(facts, "comembership", year=2012)
    assert edges(g) == {(frozenset((c("a"), c("b"))), 1)}
    g = project(facts, "comembership", year=2012, include_undated=True)
    assert edges(g) == {(frozenset((c("a"), c("b"))), 2), (frozenset((c("c"), c("d"))), 1)}
    g = project(facts, "bipartite", until=2004)
    assert set(g.edges) == {(c("c"), n("n1"))}


def test_multilayer_keeps_layers_apart(facts):
    g = project(facts, "multilayer")
    assert isinstance(g, nx.MultiGraph)
    assert g.number_of_edges() == 7 + 5
    assert set(g[c("a")][c("b")]) == {"partnership"}
    assert set(g[c("a")][n("n1")]) == {"membership"}
    g3 = project(facts, "multilayer", layers=("membership", "comembership", "partnership"))
    assert set(g3[c("a")][c("b")]) == {"comembership", "partnership"}


@pytest.mark.parametrize("kwargs, words", [
    (dict(name="cities"), ["unknown projection 'cities'", "bipartite, comembership, multilayer, partnership"]),
    (dict(name="bipartite", function="lobying"), ["unknown function 'lobying'", "did you mean: lobbying", "knowledge sharing"]),
    (dict(name="bipartite", country="Narnia"), ["unknown country 'Narnia'", "Aland, Beland"]),
    (dict(name="partnership", kind="marriage"), ["unknown partnership kind", "twinning"]),
    (dict(name="partnership", theme="sports"), ["unknown theme 'sports'", "climate, culture"]),
    (dict(name="bipartite", network="n9"), ["unknown network 'n9'", "Network One"]),
])
def test_unknown_names_list_the_valid_ones(facts, kwargs, words):
    name = kwargs.pop("name")
    with pytest.raises(UnknownNameError) as err:
        project(facts, name, **kwargs)
    for w in words:
        assert w in str(err.value)


def test_empty_result_says_so(facts):
    with pytest.raises(EmptyResultError, match="has no nodes"):
        project(facts, "comembership", year=1900)
    assert project(facts, "comembership", year=1900, allow_empty=True).number_of_nodes() == 0


def test_reads_rdflib_graph_and_oxigraph_store_alike(facts):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    a = project(facts, "comembership")
    b = project(store, "comembership")
    assert edges(a) == edges(b)
    assert dict(a.nodes(data="label")) == dict(b.nodes(data="label"))


def test_a_projection_with_more_ties_than_max_ties_stops_with_the_count_and_the_way_out(facts, tmp_path):
    """n1 has 3 members (3 pairs), n2 and n3 two each: at most 5 pairs, 4 distinct ties (a-b
    share two networks). The whole ETMUN table has 47 million, which no machine here holds as a
    graph: the projection stops before building it, naming the count and the largest networks."""
    from cdkg.analysis import TooManyTiesError
    from cdkg.cli import main

    assert project(facts, "comembership", max_ties=4).number_of_edges() == 4
    assert project(facts, "comembership", max_ties=None).number_of_edges() == 4
    with pytest.raises(TooManyTiesError) as err:
        project(facts, "comembership", max_ties=3)
    assert "has 4 ties" in str(err.value) and "Network One (3 members, 3 pairs)" in str(err.value)
    assert "--exclude-network" in str(err.value)
    with pytest.raises(TooManyTiesError):
        project(facts, "multilayer", layers=("comembership",), max_ties=3)
    assert project(facts, "partnership", max_ties=1).number_of_edges() > 1  # the limit is for co-membership
    out = tmp_path / "view.html"
    assert main(["view", "-i", str(FIXTURE), "-p", "comembership", "--max-ties", "3", "--out", str(out)]) == 2
    assert not out.exists()
    assert main(["view", "-i", str(FIXTURE), "-p", "comembership", "--max-ties", "-1", "--out", str(out)]) == 2
