"""The synthetic generator: reproducible by seed, skewed membership counts, valid TriG."""

from __future__ import annotations

import datetime as dt
import statistics

import pyoxigraph

from cdkg.cli import main
from cdkg.importers.synthetic import generate

DAY = dt.date(2026, 1, 1)


def test_same_seed_same_file_other_seed_other_file(tmp_path):
    generate(tmp_path / "a.trig", 500, seed=3, today=DAY)
    generate(tmp_path / "b.trig", 500, seed=3, today=DAY)
    generate(tmp_path / "c.trig", 500, seed=4, today=DAY)
    a, b, c = ((tmp_path / f"{x}.trig").read_bytes() for x in "abc")
    assert a == b and a != c


def test_graph_shape_and_skew(tmp_path):
    stats = generate(tmp_path / "g.trig", 2000, seed=1, networks=20, today=DAY)
    st = pyoxigraph.Store()
    st.bulk_load(path=str(stats.path), format=pyoxigraph.RdfFormat.TRIG)
    pre = "PREFIX cdkg: <https://w3id.org/cdkg/ontology#> PREFIX org: <http://www.w3.org/ns/org#> "
    q = lambda s: list(st.query(pre + s, use_default_graph_as_union=True))
    assert int(q("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a cdkg:City }")[0][0].value) == 2000
    counts = sorted((int(r[1].value) for r in q(
        "SELECT ?n (COUNT(?m) AS ?k) { ?m org:organization ?n } GROUP BY ?n")), reverse=True)
    assert sum(counts) == stats.memberships
    assert counts[0] > 4 * statistics.median(counts), counts  # a few big networks, many small ones
    pairs = int(q("SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a cdkg:Twinning }")[0][0].value)
    assert pairs == stats.partnerships
    assert not q("SELECT ?p { ?p a cdkg:Twinning ; cdkg:partner ?a } GROUP BY ?p HAVING (COUNT(DISTINCT ?a) != 2)")


def test_cli(tmp_path, capsys):
    out = tmp_path / "s.trig"
    assert main(["generate", "--cities", "300", "--seed", "2", "--out", str(out)]) == 0
    assert "300 cities" in capsys.readouterr().out and out.exists()
    assert main(["generate", "--cities", "0", "--out", str(out)]) == 1
