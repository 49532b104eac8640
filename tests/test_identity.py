"""Identity of places: one real place, one IRI, decided once, explainably and reproducibly."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from cdkg.core.settings import Settings
from cdkg.importers import open_session
from cdkg.importers.evaluate import evaluate
from cdkg.importers.memberships import PRESETS, import_memberships
from cdkg.importers.model import CityRef
from cdkg.importers.partnerships import import_p190, import_pairs

from conftest import ROOT, SOURCES, need_shared

FIX = ROOT / "tests" / "fixtures"
GRAPH = [FIX / "importers" / "graph" / "cities.trig"]
ID = "https://w3id.org/cdkg/id/"
DAY = dt.date(2026, 1, 2)


def session(tmp_path, name="t", source="t.csv", **kw):
    return open_session(source, name, tmp_path / "imports", Settings(), graph=GRAPH, today=DAY, **kw)


def quads(path: Path) -> set:
    return {(q.subject.value, q.predicate.value, str(q.object), q.graph_name.value)
            for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TRIG)}


# --- name matching ------------------------------------------------------------------------

def test_hand_written_name_set_precision_and_recall():
    score = evaluate(FIX / "identity" / "names.csv")
    print(f"precision {score.precision:.4f}, recall {score.recall:.4f} ({score.tp} tp, {score.fp} fp, {score.fn} fn)")
    assert score.precision >= 0.995, score.wrong
    assert score.recall >= 0.95, score.missed
    assert set(score.by_category) >= {"namesakes", "qualifiers", "districts", "scripts", "alternate-far",
                                      "constituent", "typos"}


def test_decisions_say_how_and_why(tmp_path):
    r = session(tmp_path).resolver
    m, _ = r.resolve(CityRef("Leck", "DE", lat=54.77, lon=8.98))
    assert m.how == "matched-by-name" and m.ref.geonames_id == 2879758 and "coordinates" in m.reason
    m, _ = r.resolve(CityRef("Strasbourg", "FR", geonames_id=2826258))  # Strasburg's id on a French row
    assert m.ref.geonames_id != 2826258 and any("rejected" in c for c in m.conflicts)
    m, why = r.resolve(CityRef("Cambridge"))
    assert m is None and "ambiguous" in why
    m, _ = r.resolve(CityRef("Gotheburg", "SE"))
    assert m.how == "new-place" and any("Gothenburg" in s for s in m.suggestions)
    m, _ = r.resolve(CityRef("Москва", "RU"))
    assert m.city.endswith("/city/moscow-ru-524901")
    m, why = r.resolve(CityRef("Москва-на-Луне"))  # no match, no country: never a country-named node
    assert m is None and "country" in why


def test_a_name_that_is_also_a_much_larger_places_other_name_is_flagged(tmp_path):
    # Wikidata's "Breslau" (German labels, no country): GeoNames knows a town of that name in
    # Ontario, and the name as one of Wrocław's; the match is kept, but flagged for review
    r = session(tmp_path).resolver
    m, _ = r.resolve(CityRef("Breslau", wikidata_id="Q1799"))
    assert m.how == "matched-by-name"
    assert any("Wrocław (PL, 3081368)" in c and "merges file" in c for c in m.conflicts)
    m, _ = r.resolve(CityRef("Breslau", "PL", wikidata_id="Q1799"))     # a country decides
    assert m.ref.geonames_id == 3081368 and not m.conflicts
    m, _ = r.resolve(CityRef("Weimar", "DE"))                            # no larger rival: no flag
    assert not m.conflicts


def test_districts_written_two_ways_are_one_place(tmp_path):
    r = session(tmp_path).resolver
    a, _ = r.resolve(CityRef("Wieden (Wien)", "AT"))
    b, _ = r.resolve(CityRef("Wien – Wieden", "AT"))
    assert a.city == b.city and a.how == "new-place" and "vienna" not in a.city


# --- reproducibility ----------------------------------------------------------------------

def _cdkg(*args, seed: str, cwd: Path) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-m", "cdkg", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def _pairs_table(folder: Path) -> Path:
    path = folder / "Twin Towns (2024).csv"  # a file name that is not slug-shaped
    path.write_text("city_a,country_a,city_b,country_b,kind,themes\n"
                    "Aarhus,DK,Harbin,China,twinning,culture\n"
                    "Cambridge,England,Heidelberg,Deutschland,twinning,education\n"
                    "Boston,UK,Boston,USA,friendship,\n"
                    "Newport,Wales,Kutaisi,Georgia,twinning,sport\n", encoding="utf-8")
    return path


def test_import_order_and_hash_seed_do_not_change_a_byte(tmp_path):
    """Three imports in two orders under two hash seeds, each built with the curated graph:
    the built graphs are byte for byte the same."""
    table = _pairs_table(tmp_path)
    jobs = {
        "etmun": ["import", "memberships", str(FIX / "importers" / "etmun_sample.csv"), "--preset", "etmun"],
        "p190": ["import", "p190", str(FIX / "importers" / "p190_relations.tsv"),
                 "--names", str(FIX / "importers" / "p190_names.tsv")],
        "pairs": ["import", "pairs", str(table)],
    }
    outputs = []
    for order, seed in ((["etmun", "p190", "pairs"], "1"), (["pairs", "p190", "etmun"], "2")):
        work = tmp_path / f"run-{seed}"
        for name in order:
            _cdkg(*jobs[name], "--out", str(work / "imports"), seed=seed, cwd=tmp_path)
        _cdkg("build", "--include", str(work / "imports"), "--output", str(work / "out"), "--formats", "nq,trig",
              "--no-source-check", "-q", seed=seed, cwd=tmp_path)
        outputs.append(work)
    a, b = outputs
    for name in ("etmun-sample", "p190-relations", "twin-towns-2024"):
        trig_a = (a / "imports" / f"{name}.trig").read_bytes()
        trig_b = (b / "imports" / f"{name}.trig").read_bytes()
        assert re.sub(rb'"\d{4}-\d\d-\d\d"\^\^xsd:date', b"", trig_a) == re.sub(rb'"\d{4}-\d\d-\d\d"\^\^xsd:date', b"", trig_b)
    assert (a / "out" / "cdkg.nq").read_bytes() == (b / "out" / "cdkg.nq").read_bytes()
    assert (a / "out" / "cdkg.trig").read_bytes() == (b / "out" / "cdkg.trig").read_bytes()


def test_row_graphs_are_keyed_by_content(tmp_path):
    table = tmp_path / "pairs.csv"
    rows = ["city_a,country_a,city_b,country_b", "Aarhus,DK,Harbin,CN", "Oslo,NO,Vejle,DK", "Paris,FR,Vejle,DK"]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    s = session(tmp_path, "p1", "pairs.csv")
    import_pairs(table, {"city_a": "city_a", "country_a": "country_a", "city_b": "city_b", "country_b": "country_b"}, s)
    first = {g for *_, g in quads(s.finish().output) if "/import/p1/row-" in g}
    table.write_text("\n".join([rows[0]] + rows[2:]) + "\n", encoding="utf-8")  # the first row removed
    s = session(tmp_path, "p1", "pairs.csv")
    import_pairs(table, {"city_a": "city_a", "country_a": "country_a", "city_b": "city_b", "country_b": "country_b"}, s)
    second = {g for *_, g in quads(s.finish().output) if "/import/p1/row-" in g}
    assert len(first) == 3 and len(second) == 2 and second < first


# --- every row imported or reported --------------------------------------------------------

def test_every_row_is_imported_or_reported(tmp_path):
    table = _pairs_table(tmp_path)
    s = session(tmp_path, "pairs", table.name)
    from cdkg.importers.tables import default_mapping, read_table
    from cdkg.importers.partnerships import PAIR_FIELDS

    import_pairs(table, default_mapping(read_table(table)[0], PAIR_FIELDS), s)
    report = s.finish()
    imported = report.counts["partnerships"]
    reported = {p.row for p in report.problems + report.unmatched + report.skipped}
    assert imported + len(reported) == 4, (report.summary(), reported)
    words = {p.value for p in report.vocabulary}
    assert {"education", "sport"} <= words, "an unknown theme is kept and reported, the row imported"
    # the UK's constituent countries and English country names are understood
    assert not [p for p in report.problems if "country" in p.reason]


def test_p190_missing_pairs_are_each_reported(tmp_path):
    s = session(tmp_path, "p190", "p190_relations.tsv")
    import_p190(FIX / "importers" / "p190_relations.tsv", s, FIX / "importers" / "p190_names.tsv")
    report = s.finish()
    lines = [l for l in (FIX / "importers" / "p190_relations.tsv").read_text().splitlines() if l.strip()]
    claims = report.counts["P190 claims"]
    reported = {p.row for p in report.problems + report.skipped}
    assert claims + len(reported) == len(lines)


# --- reviewed decisions ----------------------------------------------------------------------

def test_merges_file_same_and_different(tmp_path):
    merges = tmp_path / "merges.csv"
    merges.write_text("decision,left,right,note\n"
                      "same,geonames:2655138,wikidata:Q311975,Boston in Lincolnshire is the item Q311975\n"
                      "different,wikidata:Q28001,geonames:2792413,Leck is not Liège\n", encoding="utf-8")
    r = session(tmp_path, merges=merges).resolver
    m, _ = r.resolve(CityRef("Boston", wikidata_id="Q311975"))
    assert m.city.endswith("/city/boston-gb-2655138") and m.how == "matched-by-id"
    m, _ = r.resolve(CityRef("Leck", wikidata_id="Q28001", lat=50.63, lon=5.57))  # Liège's coordinates
    assert "liege" not in m.city


def test_merges_file_errors_name_the_line(tmp_path):
    from cdkg.core.errors import InputError
    from cdkg.importers.merges import read_merges

    bad = tmp_path / "merges.csv"
    bad.write_text("decision,left,right,note\nsame,city:a,city:b,\nmaybe,city:a,city:c,\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_merges(bad)
    assert err.value.location.line == 3


def test_build_applies_same_decisions_to_included_data(scratch, tmp_path):
    from cdkg.build import build

    imports = tmp_path / "imports"
    s = open_session("t.csv", "t", imports, Settings(root=scratch), graph=GRAPH, today=DAY)
    a, _ = s.resolver.resolve(CityRef("Wieden (Wien)", "AT"))
    b, _ = s.resolver.resolve(CityRef("Wien", "AT"))  # (a decision a researcher might make: one place)
    from cdkg.importers.partnerships import pair_triples

    s.record(2, pair_triples(s, a, b), content=["x"])
    s.finish()
    assert a.city != b.city
    (scratch / "graph" / "crosswalk" / "merges.csv").write_text(
        f"decision,left,right,note\nsame,{b.city.replace(ID + 'city/', 'city:')},{a.city.replace(ID + 'city/', 'city:')},test\n",
        encoding="utf-8")
    result = build(Settings(root=scratch, output=tmp_path / "out"), include=[imports], write=False, check_sources=False)
    names = {q.subject.value for q in result.store.quads_for_pattern(None, None, None, None)}
    assert a.city not in names and b.city in names


def test_network_crosswalk_maps_etmun_codes_to_curated_networks(tmp_path):
    s = session(tmp_path)
    s.crosswalk_source = "etmun"
    s.resolver.index.curated.add(ID + "network/who-european-healthy-cities")
    iri, how = s.resolver.network("WHO European Healthy Cities Network (WHO Healthy Cities)", "WHO", "F3238", "etmun")
    assert (iri, how) == (ID + "network/who-european-healthy-cities", "crosswalk")


# --- labels, reconcile, curated fidelity ----------------------------------------------------

def test_library_queries_fall_back_to_untagged_labels(tmp_path):
    from cdkg.query import QueryLibrary

    st = pyoxigraph.Store()
    st.load(b'@prefix cdkg: <https://w3id.org/cdkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
            b'<http://x/n> a cdkg:CityNetwork ; rdfs:label "Union of Baltic Cities" ; cdkg:foundingYear "1991" .\n'
            b'<http://x/m> a cdkg:CityNetwork ; rdfs:label "Eurocities"@en , "Eurocities (old)" ; cdkg:foundingYear "1986" .',
            format=pyoxigraph.RdfFormat.TURTLE)
    q = QueryLibrary(ROOT / "queries").get("networks_by_founding_year")
    rows = {r["network"].value: r["networkLabel"].value for r in st.query(q.text)}
    assert rows == {"http://x/n": "Union of Baltic Cities", "http://x/m": "Eurocities"}


def test_reconcile_counts_duplicate_candidates(tmp_path):
    from cdkg.cli import main

    g = tmp_path / "g.nq"
    c = "https://w3id.org/cdkg/ontology#"
    t = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    w = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    lines = []
    for iri, gn, cc, lat in (("a", 1, "DE", 50.0), ("b", 1, "DE", 50.01), ("c", 2, "FR", 10.0)):
        lines += [f'<http://x/{iri}> <{t}> <{c}City> .', f'<http://x/{iri}> <{c}geonamesId> "{gn}" .',
                  f'<http://x/{iri}> <{c}countryCode> "{cc}" .', f'<http://x/{iri}> <{w}lat> "{lat}" .',
                  f'<http://x/{iri}> <{w}long> "8.0" .']
    lines += [f'<http://x/c> <{c}countryCode> "ES" .', f'<http://x/c> <{w}lat> "12.0" .']
    g.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["reconcile", str(g), "--out", str(tmp_path / "r.csv")]) == 0
    text = (tmp_path / "r.csv").read_text()
    assert "shared-geonames-id,http://x/a http://x/b" in text and "two-countries,http://x/c" in text
    assert "far-coordinates,http://x/c" in text


def test_curated_country_links_are_stated_by_their_cited_lines():
    """A curated cdkg:inCountry in a document's citation graph needs lines that name the
    country; other countries of places come from GeoNames or pycountry (identifiers.trig)."""
    need_shared(SOURCES)
    from rdflib import Dataset, RDFS, SKOS

    from cdkg.core.namespaces import CDKG
    from cdkg.load import parse_file

    texts = {p.name[:3]: p.read_text(encoding="utf-8").splitlines() for p in SOURCES.glob("0*.txt")}
    ds = Dataset()
    for path in sorted((ROOT / "graph").glob("0*.trig")):
        parse_file(path, into=ds)
    names = {}
    for s, p, o, _ in ds.quads((None, None, None, None)):
        if p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            names.setdefault(s, set()).add(re.sub(r"\s+", " ", str(o).lower()))
    links = list(ds.quads((None, CDKG.inCountry, None, None)))
    assert links
    for s, _, country, g in links:
        name = str(getattr(g, "identifier", g))
        doc, start, end = re.search(r"/source/(\d{3})/L(\d+)(?:-(\d+))?$", name).groups()
        lines = " ".join(texts[doc][int(start) - 1:int(end or start)])
        lines = re.sub(r"\s+", " ", re.sub(r"-\s*\n?\s*", "", lines).lower())
        assert any(n in lines or n in " ".join(texts[doc][int(start) - 1:int(end or start)]).lower()
                   for n in names.get(country, ())), f"{s} -> {country} in {name}: the lines do not name the country"
