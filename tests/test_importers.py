"""Importers: template, membership and pair tables, P190 files, entity resolution, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pyoxigraph
import pytest

from cdkg.cli import main
from cdkg.core.errors import InputError
from cdkg.core.settings import Settings
from cdkg.importers import (
    PRESETS, import_memberships, import_networks, import_p190, import_pairs, import_template,
    open_session, template_text,
)

FIX = Path(__file__).parent / "fixtures" / "importers"
GRAPH = [FIX / "graph" / "cities.trig"]
DATASETS = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"
C = "https://w3id.org/cdkg/ontology#"
ID = "https://w3id.org/cdkg/id/"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DAY = dt.date(2026, 1, 2)


def session(tmp_path, name="test", source="t.csv", **kw):
    return open_session(source, name, tmp_path / "imports", Settings(), graph=GRAPH, today=DAY, **kw)


def store(path: Path) -> pyoxigraph.Store:
    s = pyoxigraph.Store()
    s.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TRIG)
    return s


def ask(s: pyoxigraph.Store, where: str) -> list:
    prologue = (f"PREFIX cdkg: <{C}> PREFIX org: <{ORG}> PREFIX city: <{ID}city/> PREFIX gov: <{ID}government/> "
                f"PREFIX network: <{ID}network/> PREFIX dcterms: <http://purl.org/dc/terms/> "
                f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
    result = s.query(prologue + where, use_default_graph_as_union=True)
    return bool(result) if isinstance(result, pyoxigraph.QueryBoolean) else list(result)


def etmun_import(tmp_path, strict=False):
    s = session(tmp_path, "etmun", "etmun_sample.csv")
    import_memberships(FIX / "etmun_sample.csv", PRESETS["etmun"], s, strict=strict)
    return s.finish()


# --- template ---------------------------------------------------------------------------

def test_template_cli_writes_header_and_refuses_to_overwrite(tmp_path, capsys):
    target = tmp_path / "mine.csv"
    assert main(["import", "--template", str(target)]) == 0
    header = target.read_text().splitlines()
    assert header == [template_text().strip()]
    assert {"record", "city", "network", "partner_city", "kind", "themes", "start", "end", "functions", "source"} <= set(header[0].split(","))
    assert main(["import", "--template", str(target)]) == 2
    assert "not overwriting" in capsys.readouterr().err


def test_filled_template_imports_every_record_kind(tmp_path):
    filled = tmp_path / "filled.csv"
    filled.write_text(template_text(example=True), encoding="utf-8")
    s = session(tmp_path, "filled", "filled.csv")
    import_template(filled, s)
    report = s.finish()
    assert not report.problems and not report.unmatched, report.problems + report.unmatched
    st = store(report.output)
    # Aarhus is the curated node (matched by its GeoNames id), governed by the curated gov:aarhus
    assert ask(st, "ASK { ?m a org:Membership ; org:member gov:aarhus ; org:organization ?n ; cdkg:startYear ?y . "
                   "?n rdfs:label 'Union of Baltic Cities' }")
    assert ask(st, "ASK { ?p a cdkg:Twinning ; cdkg:partner gov:aarhus , ?h ; cdkg:theme ?t . ?h cdkg:governs ?c . "
                   "?c cdkg:geonamesId ?id . FILTER(?h != gov:aarhus) }")
    assert not ask(st, "ASK { city:aarhus a cdkg:City }"), "a curated city must not be declared again"


def test_template_with_foreign_column_is_rejected(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("record,city,colour\ncity,Aarhus,blue\n")
    with pytest.raises(InputError, match="colour"):
        import_template(bad, session(tmp_path))


# --- membership tables ------------------------------------------------------------------

def test_etmun_rows_match_curated_cities_and_mint_new_ones(tmp_path):
    report = etmun_import(tmp_path)
    st = store(report.output)
    # Copenhagen (GeoNames 2618425) is the curated city: its memberships hang on gov:copenhagen
    nets = {str(r["n"].value).rsplit("/", 1)[-1] for r in ask(st, "SELECT ?n { ?m org:member gov:copenhagen ; org:organization ?n }")}
    assert nets == {"luci", "eurocities"}
    # Eurocities is the curated network, matched by label
    assert not ask(st, "ASK { network:eurocities a cdkg:CityNetwork }")
    # one node per city: Aachen's two rows and Copenhagen's repeated LUCI row do not duplicate anything
    cities = ask(st, "SELECT ?c (COUNT(DISTINCT ?id) AS ?n) { ?c a cdkg:City ; cdkg:geonamesId ?id } GROUP BY ?c")
    assert all(int(r["n"].value) == 1 for r in cities)
    ids = [r["id"].value for r in ask(st, "SELECT ?c ?id { ?c a cdkg:City ; cdkg:geonamesId ?id }")]
    assert len(ids) == len(set(ids)) and "2618425" not in ids
    assert len(ask(st, "SELECT DISTINCT ?m { ?m org:member gov:copenhagen ; org:organization network:luci }")) == 1
    # a span in the joining-year column gives start and end years
    assert ask(st, "ASK { ?m org:organization network:civitas ; cdkg:startYear ?s ; cdkg:endYear ?e ; org:member ?g . "
                   "?g cdkg:governs ?c . ?c cdkg:geonamesId 3247449 . FILTER(str(?s) = '2012' && str(?e) = '2016') }")
    # the stated role is kept; known roles map onto the roles scheme
    assert ask(st, "ASK { ?m org:member gov:copenhagen ; org:organization network:eurocities ; "
                   f"org:role <{ID}role/full-member> ; cdkg:statedRole 'Full Member' }}")


def test_etmun_problems_are_reported_with_row_and_column(tmp_path):
    report = etmun_import(tmp_path)
    bad = [p for p in report.problems if p.column == "lat"]
    assert len(bad) == 1 and bad[0].row == 10 and bad[0].value == "north"
    regions = [p for p in report.unmatched if "Region" in p.reason]
    assert len(regions) == 1 and regions[0].row == 8
    path = report.write(tmp_path / "r.csv")
    rows = list(csv.DictReader(path.open()))
    assert {(r["kind"], r["row"]) for r in rows} >= {("bad-input", "10"), ("unmatched", "8")}


def test_strict_stops_at_the_first_malformed_row_and_writes_nothing(tmp_path):
    s = session(tmp_path, "etmun", "etmun_sample.csv")
    with pytest.raises(InputError) as err:
        import_memberships(FIX / "etmun_sample.csv", PRESETS["etmun"], s, strict=True)
    s.abort()
    assert err.value.location.line == 10 and "lat" in err.value.message
    assert not (tmp_path / "imports" / "etmun.trig").exists()
    assert not [p for p in (tmp_path / "imports").iterdir()], "no temporary files left behind"


def test_every_fact_sits_in_a_cited_provenance_graph(tmp_path):
    report = etmun_import(tmp_path)
    st = store(report.output)
    citations = f"<{ID}graph/citations>"
    rows = ask(st, f"""SELECT ?g ?src ?row ?day WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {citations})
        OPTIONAL {{ GRAPH {citations} {{ ?g a cdkg:Citation ; dcterms:source ?src ; cdkg:sourceRow ?row ;
                                     cdkg:sourceDocument ?imp . ?imp cdkg:importedOn ?day }} }} }}""")
    assert rows and all(r["src"] is not None and r["day"] is not None for r in rows)
    assert {r["src"].value for r in rows} == {"etmun_sample.csv"}
    assert {r["day"].value for r in rows} == {"2026-01-02"}


def test_reimport_changes_nothing(tmp_path):
    first = etmun_import(tmp_path)
    out = first.output
    before = (out.read_bytes(), out.stat().st_mtime_ns)
    s = open_session("etmun_sample.csv", "etmun", tmp_path / "imports", Settings(), graph=GRAPH,
                     today=DAY + dt.timedelta(days=30))
    import_memberships(FIX / "etmun_sample.csv", PRESETS["etmun"], s)
    second = s.finish()
    assert first.changed and not second.changed
    assert (out.read_bytes(), out.stat().st_mtime_ns) == before


def test_networks_table_joins_by_code(tmp_path):
    nets = tmp_path / "networks.csv"
    nets.write_text("Name,Acronym,Code,Founded,Url\nLighting Urban Community International,LUCI,13935,2002,http://www.luciassociation.org/\n"
                    "Alliance of European Cultural Cities,AVEC,00535,1997,www.avecnet.net\n")
    s = session(tmp_path, "etmun", "etmun_sample.csv")
    found = import_networks(nets, PRESETS["etmun-networks"], s)
    import_memberships(FIX / "etmun_sample.csv", PRESETS["etmun"], s, networks=found)
    st = store(s.finish().output)
    assert ask(st, "ASK { network:luci cdkg:foundingYear ?y ; rdfs:label 'Lighting Urban Community International' . "
                   "?m org:member gov:copenhagen ; org:organization network:luci }")
    assert ask(st, "ASK { network:avec <http://xmlns.com/foaf/0.1/homepage> <http://www.avecnet.net> }")


def test_unknown_column_and_unknown_field_are_named(tmp_path, capsys):
    mapping = dict(PRESETS["etmun"], city="Locality")
    with pytest.raises(InputError, match="'Locality'.*Locality_Siege"):
        import_memberships(FIX / "etmun_sample.csv", mapping, session(tmp_path))
    with pytest.raises(InputError, match="unknown field 'citty'"):
        import_memberships(FIX / "etmun_sample.csv", {"citty": "Full_Name", "network": "Network_Name"}, session(tmp_path))
    code = main(["import", "memberships", str(FIX / "etmun_sample.csv"), "--map", "city=Nope", "--map", "network=Network_Name",
                 "--graph", str(GRAPH[0]), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "Nope" in err and "Traceback" not in err
    assert not (tmp_path / "o" / "etmun_sample.trig").exists()


def test_mapping_file(tmp_path):
    toml = tmp_path / "m.toml"
    toml.write_text('[columns]\ncity = "Locality_Siege"\ncountry = "CountryCode"\ngeonames_id = "geonameId"\nnetwork = "Network_Name"\n')
    out = tmp_path / "o"
    assert main(["import", "memberships", str(FIX / "etmun_sample.csv"), "--mapping", str(toml),
                 "--graph", str(GRAPH[0]), "--out", str(out), "--name", "sample"]) == 0
    assert (out / "sample.trig").exists() and (out / "sample.report.csv").exists()
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\ncity = \n')
    assert main(["import", "memberships", str(FIX / "etmun_sample.csv"), "--mapping", str(bad), "--out", str(out)]) == 2


# --- pairs ------------------------------------------------------------------------------

def test_p190_claims_in_both_directions_give_one_twinning(tmp_path):
    s = session(tmp_path, "p190", "p190_relations.tsv")
    import_p190(FIX / "p190_relations.tsv", s, FIX / "p190_names.tsv")
    report = s.finish()
    st = store(report.output)
    pairs = ask(st, "SELECT DISTINCT ?p { ?p a cdkg:Twinning ; cdkg:partner gov:aarhus }")
    assert len(pairs) == 1
    # both claims are cited: the pair is stated in two row graphs
    graphs = ask(st, f"SELECT DISTINCT ?g {{ GRAPH ?g {{ <{pairs[0]['p'].value}> cdkg:partner ?x }} }}")
    assert len(graphs) == 2
    # "Kopenhagen" (German label) is the curated Copenhagen: matched by Wikidata id, no new node
    assert ask(st, "ASK { ?p a cdkg:Twinning ; cdkg:partner gov:copenhagen , ?o . ?o cdkg:governs ?c . ?c cdkg:geonamesId 3143244 }")
    # Vejle (no ids in the graph) is matched through GeoNames by name and country
    assert not ask(st, "ASK { ?c a cdkg:City ; rdfs:label 'Vejle' }")
    assert [p.row for p in report.problems] == [6]
    assert [(p.row, "no name" in p.reason) for p in report.unmatched] == [(5, True)]


def test_pair_table_with_mapping_kinds_and_themes(tmp_path):
    table = tmp_path / "pairs.csv"
    table.write_text(
        "A,CA,B,CB,Kind,Topics,Since\n"
        "Aarhus,Denmark,Harbin,CN,sister city,culture,1984\n"
        "Harbin,China,Aarhus,DK,twinning,culture,1984\n"
        "Copenhagen,DK,Beijing,CN,strategic sector cooperation,climate;poetry,2012\n"
        "Springfield,,Aarhus,DK,,,\n"
        "Aarhus,DK,Aarhus,DK,,,\n"
        "Oslo,NO,Copenhagen,DK,alliance,,19x4\n")
    mapping = {"city_a": "A", "country_a": "CA", "city_b": "B", "country_b": "CB", "kind": "Kind",
               "themes": "Topics", "start": "Since"}
    s = session(tmp_path, "pairs", "pairs.csv")
    import_pairs(table, mapping, s)
    report = s.finish()
    st = store(report.output)
    assert len(ask(st, "SELECT DISTINCT ?p { ?p a cdkg:Twinning ; cdkg:partner gov:aarhus }")) == 1
    # an unknown theme never drops a row: it becomes a new concept of the themes scheme, reported
    assert ask(st, "ASK { ?p a cdkg:StrategicSectorCooperation ; cdkg:theme <https://w3id.org/cdkg/id/theme/poetry> . "
                   "<https://w3id.org/cdkg/id/theme/poetry> <http://www.w3.org/2004/02/skos/core#inScheme> ?s }")
    assert [(p.row, p.value) for p in report.vocabulary] == [(4, "poetry"), (7, "alliance")]
    bad = {(p.row, p.column) for p in report.problems}
    assert bad == {(7, "Since")}
    reasons = {p.row: p.reason for p in report.unmatched}
    assert "ambiguous" in reasons[5] or "country" in reasons[5]
    assert "same place" in {p.row: p.reason for p in report.skipped}[6]


def test_live_path_needs_reachable_endpoint(tmp_path, capsys):
    code = main(["import", "wikidata", "--endpoint", "http://127.0.0.1:9/sparql", "--twins-of", "Q25319",
                 "--graph", str(GRAPH[0]), "--out", str(tmp_path / "o"), "--timeout", "5"])
    err = capsys.readouterr().err
    assert code != 0 and "127.0.0.1:9" in err and "Traceback" not in err


# --- the real data sets (skipped where ../shared/datasets is absent) ---------------------

@pytest.mark.skipif(not (DATASETS / "etmun" / "memberships.csv").exists(), reason="shared datasets not present")
def test_real_etmun_memberships(tmp_path):
    s = session(tmp_path, "etmun", "memberships.csv")
    found = import_networks(DATASETS / "etmun" / "networks.csv", PRESETS["etmun-networks"], s)
    import_memberships(DATASETS / "etmun" / "memberships.csv", PRESETS["etmun"], s, networks=found)
    report = s.finish()
    st = store(report.output)
    assert report.counts["memberships"] > 16000
    nets = ask(st, "SELECT DISTINCT ?n { ?m org:member gov:copenhagen ; org:organization ?n }")
    assert len(nets) >= 5
    dupes = ask(st, "SELECT ?id { ?c a cdkg:City ; cdkg:geonamesId ?id } GROUP BY ?id HAVING (COUNT(DISTINCT ?c) > 1)")
    assert not dupes
    assert len(ask(st, "SELECT DISTINCT ?n { ?n a cdkg:CityNetwork }")) >= 50


def test_readme_shows_the_current_template():
    readme = (Path(__file__).resolve().parents[1] / "docs" / "importing.md").read_text(encoding="utf-8")
    assert template_text(example=True) in readme


def test_two_rows_stating_other_start_years_build_and_the_earliest_is_analysed(tmp_path):
    """ETMUN lists some cities twice in one network with other joining years (Aachen in the
    Climate Alliance: 1991 and 1997). Both rows' statements are kept, each in its row's graph;
    the build passes with a warning naming the membership (not a violation), and the analysis
    takes the earliest year."""
    import subprocess
    import sys

    from cdkg.analysis.facts import extract

    head = (FIX / "etmun_sample.csv").read_text(encoding="utf-8").splitlines()[0]
    row = ("Aachen,Aachen,DE,Europe,Western Europe,,Member,City,{year},,Climate Alliance,09999,City,Germany,"
           "{code},6.0838868,50.7753455,\"Aachen, Germany\",3247449,Aachen,6.08342,50.77664")
    table = tmp_path / "twice.csv"
    table.write_text("\n".join([head, row.format(year=1997, code="Z1"), row.format(year=1991, code="Z2")]) + "\n",
                     encoding="utf-8")
    run = [sys.executable, "-m", "cdkg"]
    done = subprocess.run([*run, "import", "memberships", str(table), "--preset", "etmun", "--out", str(tmp_path / "imports")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*run, "build", "--include", str(tmp_path / "imports"), "--output", str(tmp_path / "out"),
                           "--formats", "nq", "--no-source-check"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    assert "more than one start year" in out and "aachen-de-3247449--climate-alliance" in out
    st = pyoxigraph.Store()
    st.bulk_load(path=str(tmp_path / "out" / "cdkg.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    years = ask(st, f"SELECT DISTINCT ?y {{ <{ID}membership/aachen-de-3247449--climate-alliance> cdkg:startYear ?y }}")
    assert sorted(r["y"].value for r in years) == ["1991", "1997"]
    facts = extract(st)
    assert facts.memberships[f"{ID}membership/aachen-de-3247449--climate-alliance"].start == 1991
