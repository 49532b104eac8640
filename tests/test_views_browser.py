"""The views in a real headless Chromium: nodes and edges drawn, legend shown, no console
errors, no request to the network, filters, ego view and hover cards working."""

import re
from pathlib import Path

import networkx as nx
import pytest

from browser import Browser
from cdkg.analysis import analyze, project
from cdkg.cli import main
from cdkg.load import parse_file
from cdkg.views import map_view, network_view, write_map_view, write_network_view

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"
DRAWN = "window.cdkgView && window.cdkgView.drawn"


@pytest.fixture(scope="module")
def ds():
    return parse_file(FIXTURE)


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def no_remote_resources(html: str) -> None:
    assert not re.search(r"<(script|link|img)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)


def test_network_view_draws_in_chromium(tmp_path, ds, browser):
    g = project(ds, "multilayer")
    a = analyze(g, ["degree", "betweenness"])
    path = write_network_view(g, tmp_path / "v.html", size_by="betweenness", values=a.values)
    no_remote_resources(path.read_text())
    p = browser.open(path, DRAWN)
    got = p.page.evaluate("""() => ({nodes: cdkgView.nodes.length, edges: cdkgView.edges.length,
        drawnNodes: cdkgView.network.body.nodeIndices.length, drawnEdges: cdkgView.network.body.edgeIndices.length,
        legend: document.getElementById('legend').innerText,
        legendVisible: document.getElementById('legend').getBoundingClientRect().height > 0})""")
    assert got["nodes"] == g.number_of_nodes() == 8
    assert got["edges"] == g.number_of_edges() == 12
    assert got["drawnNodes"] == 8 and got["drawnEdges"] == 12
    assert got["legendVisible"] and "city (5)" in got["legend"] and "network (3)" in got["legend"]
    assert "betweenness" in got["legend"]
    assert p.console_errors == [] and p.blocked == []


def test_filters_ego_and_hover_card(tmp_path, ds, browser):
    g = project(ds, "comembership")
    path = write_network_view(g, tmp_path / "v.html")
    p = browser.open(path, DRAWN)
    page = p.page
    shown = lambda: page.evaluate("() => cdkgView.nodeView.length")  # noqa: E731
    assert shown() == 4
    page.select_option("#f-country", "Beland")
    assert shown() == 2 and "2 of 4 nodes" in page.inner_text("#status")
    page.click("#f-reset")
    page.select_option("#f-network", "Network Three")
    assert shown() == 2
    page.click("#f-reset")
    page.select_option("#f-function", "knowledge sharing")
    assert shown() == 1
    page.click("#f-reset")
    page.fill("#f-ego", "Delta")
    page.dispatch_event("#f-ego", "change")
    assert sorted(page.evaluate("() => cdkgView.nodeView.get().map(n => n.iri)")) == [
        "https://w3id.org/cdkg/id/city/c", "https://w3id.org/cdkg/id/city/d"]
    page.focus("#f-ego")  # the list of city names is made when first wanted
    assert page.evaluate("() => document.getElementById('cities').childElementCount") == 4  # the 4 cities
    page.click("#f-reset")
    page.evaluate("""() => cdkgView.network.emit('hoverNode',
        {node: cdkgView.byIri['https://w3id.org/cdkg/id/city/c'], pointer: {DOM: {x: 50, y: 50}}})""")
    card = page.inner_text("#card")
    assert "Charlie" in card and "Beland" in card and "source 001, lines 10-12" in card
    assert "https://w3id.org/cdkg/id/city/c" in card  # the IRI, not the page's short id
    page.evaluate("""() => cdkgView.network.emit('hoverEdge',
        {edge: cdkgView.edges.getIds()[0], pointer: {DOM: {x: 50, y: 50}}})""")
    assert "weight" in page.inner_text("#card")
    assert p.console_errors == [] and p.blocked == []


def test_large_view_has_physics_off_and_opens(tmp_path, browser):
    g = nx.gnm_random_graph(1500, 3000, seed=1)
    nx.set_node_attributes(g, "city", "kind")
    path = write_network_view(g, tmp_path / "big.html", size_by="degree")
    p = browser.open(path, DRAWN)
    got = p.page.evaluate("() => [cdkgView.nodes.length, cdkgView.edges.length, cdkgView.data.meta.physics]")
    assert got == [1500, 3000, False]
    assert p.console_errors == []


def test_map_view_in_chromium(tmp_path, ds, browser):
    g = project(ds, "bipartite")
    path = write_map_view(g, tmp_path / "m.html", size_by="degree")
    no_remote_resources(path.read_text())
    p = browser.open(path, "window.cdkgMap")
    got = p.page.evaluate("() => [cdkgMap.cities, cdkgMap.ties, document.getElementById('legend').innerText]")
    # 4 cities with coordinates; the 3 networks have none; ties between placed nodes only: none in bipartite
    assert got[0] == 4 and got[1] == 0
    assert "3 nodes without coordinates not drawn" in got[2]
    g2 = project(ds, "partnership")
    path = write_map_view(g2, tmp_path / "m2.html")
    p = browser.open(path, "window.cdkgMap")
    # E has no coordinates: ties A-B, A-C, B-C, C-D drawn
    assert p.page.evaluate("() => [cdkgMap.cities, cdkgMap.ties]") == [4, 4]
    assert p.console_errors == [] and p.blocked == []


def test_views_do_not_change_the_graph(ds):
    g = project(ds, "comembership")
    before = (nx.to_dict_of_dicts(g), dict(g.nodes(data=True)), dict(g.graph))
    network_view(g, size_by="pagerank")
    map_view(g)
    assert (nx.to_dict_of_dicts(g), dict(g.nodes(data=True)), dict(g.graph)) == before


def test_cli_view_writes_page_and_refuses_empty_or_unknown(tmp_path, capsys, browser):
    out = tmp_path / "v.html"
    assert main(["view", "-i", str(FIXTURE), "-p", "partnership", "--ego", "alpha", "-o", str(out)]) == 0
    p = browser.open(out, DRAWN)
    assert p.page.evaluate("() => cdkgView.nodes.length") == 4  # Alpha, Bravo, Charlie, Echo
    for argv, message in [(["--ego", "Zulu"], "unknown city 'Zulu'"),
                          (["--country", "beland", "--theme", "culture", "-p", "partnership"], "has no nodes"),
                          (["--size-by", "fame"], "unknown measure 'fame'")]:
        bad = tmp_path / "bad.html"
        assert main(["view", "-i", str(FIXTURE), "-o", str(bad), *argv]) != 0
        assert message in capsys.readouterr().err
        assert not bad.exists()
