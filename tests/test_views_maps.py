"""The map, labels, pictures and large views (issue 13), in real headless Chromium: the basemap is
drawn where it belongs and no request leaves the page; the export buttons download PNG and SVG;
labels never overlap and the top nodes are always labelled; hover cards stay in the window;
``cdkg view --png/--svg/--geojson`` write figures and GeoJSON; sigma.js draws large graphs."""

import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from browser import Browser
from cdkg.analysis import project
from cdkg.cli import main
from cdkg.load import parse_file
from cdkg.views import write_map_view, write_network_view
from cdkg.views.basemap import equal_earth, great_circle
from cdkg.views.sigma import choose_renderer

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"
DRAWN = "window.cdkgView && window.cdkgView.drawn"
LAND, OCEAN = [244, 241, 232], [219, 231, 240]  # the map's fill colours (#f4f1e8, #dbe7f0)


@pytest.fixture(scope="module")
def ds():
    return parse_file(FIXTURE)


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def dense(n: int = 227, seed: int = 3) -> nx.Graph:
    """A scale-free graph of ``n`` cities in northern Europe (like the 227-node Nordic view)."""
    import random

    rng = random.Random(seed)
    g = nx.barabasi_albert_graph(n, 2, seed=seed)
    for u in g:
        g.nodes[u].update(kind="city", label=f"City number {u}", lat=rng.uniform(54, 66), lon=rng.uniform(5, 30))
    return g


def overlaps(boxes) -> list:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]]


def test_equal_earth_matches_proj():
    # pinned from pyproj 3.8.0: Transformer.from_crs("+proj=lonlat +R=1", "+proj=eqearth +R=1")
    for (lon, lat), (x, y) in [((180, 0), (2.7066299836960748, 0.0)), ((12.57, 55.68), (0.1484162319109821, 1.0277856883238228)),
                               ((-75, -40), (-0.9995432930377597, -0.7746211959189299)), ((0, 90), (0.0, 1.3173627591574133))]:
        got = equal_earth(lon, lat)
        assert abs(got[0] - x) < 1e-12 and abs(got[1] - y) < 1e-12


def test_great_circle_leaves_the_straight_line():
    arc = great_circle(12.57, 55.68, -74.0, 40.7)  # Copenhagen - New York goes north, over the Atlantic
    assert arc[0].tolist() == [12.57, 55.68] and arc[-1].tolist() == [-74.0, 40.7]
    assert 58.5 < arc[:, 1].max() < 59.5  # the vertex of the route, north of both ends


def test_basemap_drawn_where_it_belongs_and_offline(tmp_path, ds, browser):
    path = write_map_view(project(ds, "partnership"), tmp_path / "m.html")
    p = browser.open(path, "window.cdkgMap")
    got = p.page.evaluate("""() => {
        const v = cdkgMap.view(), out = {countries: cdkgMap.state.countriesDrawn};
        for (const [name, lon, lat] of [["poland", 19.5, 52.0], ["northsea", 3.5, 56.5]]) {
            const q = cdkgMap.project(lon, lat);
            cdkgMap.setView(v.k, v.W / 2 - q[0] * v.k, v.H / 2 - q[1] * v.k);
            out[name] = cdkgMap.pixel(Math.round(v.W / 2), Math.round(v.H / 2)).slice(0, 3);
        }
        return out; }""")
    assert got["countries"] > 5
    assert got["poland"] == LAND and got["northsea"] == OCEAN
    assert "Natural Earth" in p.page.inner_text("#legend")
    assert p.console_errors == [] and p.blocked == []
    assert "http://" not in path.read_text().split("<script")[0] and "https://" not in path.read_text().split("<script")[0]


def download(page, button):
    with page.expect_download() as info:
        page.click(button)
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def check_png_svg(page, kind):
    name, png = download(page, "#export-png")
    assert name.endswith(".png") and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 1000 and height >= 600
    name, svg = download(page, "#export-svg")
    root = ET.fromstring(svg)
    assert name.endswith(".svg") and root.tag.endswith("svg")
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert {"circle", "text"} <= tags, (kind, tags)
    return root


def test_export_buttons_download_png_and_svg(tmp_path, ds, browser):
    root = check_png_svg(browser.open(write_map_view(project(ds, "partnership"), tmp_path / "m.html"), "window.cdkgMap").page, "map")
    assert len([el for el in root.iter() if el.tag.endswith("path")]) > 5  # countries and ties
    for renderer in ("vis", "sigma"):
        path = write_network_view(project(ds, "comembership"), tmp_path / f"{renderer}.html", renderer=renderer)
        p = browser.open(path, DRAWN)
        root = check_png_svg(p.page, renderer)
        assert len([el for el in root.iter() if el.tag.endswith("circle")]) >= 4
        assert p.console_errors == [] and p.blocked == []


@pytest.mark.parametrize("renderer", ["vis", "sigma"])
def test_labels_top_nodes_and_no_overlap(tmp_path, browser, renderer):
    g = dense()
    path = write_network_view(g, tmp_path / "v.html", renderer=renderer)
    p = browser.open(path, DRAWN)
    p.page.wait_for_function("window.cdkgView.labels.length > 0")
    got = p.page.evaluate("() => ({labels: cdkgView.labels, top: cdkgView.data.rank.slice(0, 20), w: document.getElementById('graph').clientWidth, h: document.getElementById('graph').clientHeight})")
    labelled = {b["id"] for b in got["labels"]}
    assert set(got["top"]) <= labelled
    assert len(got["labels"]) > 20 and overlaps(got["labels"]) == []
    assert all(0 <= b["x"] and b["x"] + b["w"] <= got["w"] and 0 <= b["y"] and b["y"] + b["h"] <= got["h"] for b in got["labels"])
    assert p.console_errors == []


def test_map_labels_grow_with_zoom_and_never_overlap(tmp_path, browser):
    path = write_map_view(dense(), tmp_path / "m.html")
    p = browser.open(path, "window.cdkgMap")
    before = p.page.evaluate("() => cdkgMap.state.labels")
    after = p.page.evaluate("() => { const v = cdkgMap.view(); cdkgMap.setView(v.k * 3, v.W / 2 - (v.W / 2 - v.tx) * 3, v.H / 2 - (v.H / 2 - v.ty) * 3); return cdkgMap.state.labels; }")
    top = p.page.evaluate("() => cdkgMap.top")
    assert set(top) <= {b["id"] for b in before} and overlaps(before) == [] and overlaps(after) == []
    v = p.page.evaluate("() => cdkgMap.view()")
    # the labels that were in the middle third before zooming in three times: more now
    inside = [b for b in before if 0 <= v["W"] / 2 + (b["ax"] - v["W"] / 2) * 3 <= v["W"] and 0 <= v["H"] / 2 + (b["ay"] - v["H"] / 2) * 3 <= v["H"]]
    assert len(before) > 20 and len(after) > len(inside)


def test_hover_card_stays_in_the_window(tmp_path, ds, browser):
    p = browser.open(write_network_view(project(ds, "comembership"), tmp_path / "v.html"), DRAWN)
    box = p.page.evaluate("""() => { cdkgView.network.emit('hoverNode',
        {node: cdkgView.byIri['https://w3id.org/cdkg/id/city/c'], pointer: {DOM: {x: innerWidth - 5, y: innerHeight - 50}}});
        const r = document.getElementById('card').getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight]; }""")
    assert box[0] >= 0 and box[1] >= 0 and box[2] <= box[4] and box[3] <= box[5]


def test_sigma_page_filters_and_cards(tmp_path, ds, browser):
    assert choose_renderer(2001) == "sigma" and choose_renderer(2000) == "vis"
    path = write_network_view(project(ds, "comembership"), tmp_path / "s.html", renderer="sigma")
    p = browser.open(path, DRAWN)
    page = p.page
    assert page.evaluate("() => [cdkgView.renderer_name, cdkgView.nodeView.length, cdkgView.graph.order]") == ["sigma", 4, 4]
    page.select_option("#f-country", "Beland")
    assert page.evaluate("() => cdkgView.nodeView.length") == 2 and "2 of 4 nodes" in page.inner_text("#status")
    page.click("#f-reset")
    page.wait_for_function("window.cdkgView.cardsLoaded")
    card = page.evaluate("() => cdkgView.nodeCard(cdkgView.byIri['https://w3id.org/cdkg/id/city/c'])")
    assert "Charlie" in card and "Beland" in card and "source 001, lines 10-12" in card
    assert p.console_errors == [] and p.blocked == []


def test_cli_writes_figures_and_geojson(tmp_path, capsys):
    png, svg, gj = tmp_path / "f.png", tmp_path / "f.svg", tmp_path / "c.geojson"
    assert main(["view", "-i", str(FIXTURE), "-p", "partnership", "--png", str(png), "--svg", str(svg), "--no-html",
                 "--width", "4", "--height", "3", "--dpi", "100"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png.read_bytes()[16:24]) == (400, 300)
    texts = [el.text or "" for el in ET.parse(svg).iter() if el.tag.endswith("text")]
    first = svg.read_bytes()
    assert main(["view", "-i", str(FIXTURE), "-p", "partnership", "--svg", str(svg), "--no-html",
                 "--width", "4", "--height", "3", "--dpi", "100"]) == 0
    assert svg.read_bytes() == first  # same inputs, same bytes
    assert not (tmp_path / "partnership.html").exists()
    mpng = tmp_path / "m.png"
    assert main(["view", "-i", str(FIXTURE), "-p", "partnership", "--map", "--png", str(mpng), "--geojson", str(gj),
                 "--no-html", "--dpi", "50", "--colour-by", "pagerank"]) == 0
    assert struct.unpack(">II", mpng.read_bytes()[16:24]) == (500, 300)
    fc = json.loads(gj.read_text())
    kinds = [f["geometry"]["type"] for f in fc["features"]]
    assert kinds.count("Point") == 4 and kinds.count("LineString") == 4  # E has no coordinates
    assert {f["properties"]["label"] for f in fc["features"] if f["geometry"]["type"] == "Point"} == {"Alpha", "Bravo", "Charlie", "Delta"}
    assert texts  # the legend at least
    capsys.readouterr()
    assert main(["view", "-i", str(FIXTURE), "--png", str(tmp_path / "x.svg")]) != 0
    assert "must end in .png" in capsys.readouterr().err
    bad = tmp_path / "bad.html"
    assert main(["view", "-i", str(FIXTURE), "-p", "partnership", "--map", "--colour-by", "fame", "-o", str(bad)]) != 0
    assert "unknown measure to colour cities by 'fame'" in capsys.readouterr().err and not bad.exists()


def test_map_colours_by_a_measure(tmp_path, ds, browser):
    p = browser.open(write_map_view(project(ds, "partnership"), tmp_path / "m.html", colour_by="degree"), "window.cdkgMap")
    legend = p.page.inner_text("#legend")
    assert legend.count("degree:") == 3  # low, middle and high values of the ramp
    colours = p.page.evaluate("() => JSON.parse(document.getElementById('cdkg-data').textContent).cities.map(c => c.c)")
    assert len(set(colours)) > 1


def test_sigma_view_moves_a_copy_then_draws_again(tmp_path, browser):
    path = write_network_view(dense(600), tmp_path / "s.html", renderer="sigma")
    p = browser.open(path, DRAWN)
    page = p.page
    before = page.evaluate("() => [cdkgView.moves, cdkgView.frames, cdkgView.renderer.getCamera().getState().x]")
    page.mouse.move(640, 420)
    page.mouse.down()
    for i in range(1, 20):
        page.mouse.move(640 + 6 * i, 420 + 2 * i)
    page.mouse.up()
    page.wait_for_function(f"cdkgView.frames > {before[1]}")  # the full picture again, once the drag stopped
    after = page.evaluate("() => [cdkgView.moves, cdkgView.frames, cdkgView.renderer.getCamera().getState().x, cdkgView.labels]")
    assert after[0] > before[0] and after[2] != before[2]
    assert overlaps(after[3]) == [] and len(after[3]) >= 20
    assert p.console_errors == []
