"""`cdkg publish` on the curated graph itself: every resource gets a page and its data, every
link between pages resolves, every dump parses to the graph, the description conforms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph

from cdkg.publish import SHAPES_FILE, publish

from _publishing import page_links
from conftest import ROOT

ID = "https://w3id.org/cdkg/id/"


@pytest.fixture(scope="module")
def real_site(built, tmp_path_factory):
    return publish(built.dataset, tmp_path_factory.mktemp("real") / "site", date="2026-11-22")


def test_every_resource_of_the_curated_graph_has_a_page_and_data(real_site, built):
    subjects = {str(s) for s in built.union.subjects() if str(s).startswith(ID)}
    assert real_site.skipped == []
    missing = [iri for iri in subjects
               if not (real_site.folder / (iri[len("https://w3id.org/cdkg/"):] + ".html")).is_file()]
    assert not missing, missing[:10]
    assert real_site.resources >= len(subjects)


def test_every_citation_page_names_its_document_and_lines(real_site, built):
    from cdkg.load import parse_citation

    citations = [str(g.identifier) for g in built.dataset.graphs() if parse_citation(str(g.identifier))]
    assert len(citations) > 100
    for iri in citations:
        c = parse_citation(iri)
        text = (real_site.folder / (iri[len("https://w3id.org/cdkg/"):] + ".html")).read_text(encoding="utf-8")
        lines = f"Lines {c.start}" + (f"–{c.end}" if c.end != c.start else "")
        assert lines in text, iri


def test_links_resolve_and_dumps_parse_and_description_conforms(real_site, built):
    broken = []
    for page in real_site.folder.rglob("*.html"):
        if page.name == "404.html" or page.parent.name == "views":
            continue
        for href in page_links(page).links:
            if "://" in href or href.startswith(("#", "mailto:", "data:")):
                continue
            if not (page.parent / href.partition("#")[0]).resolve().is_file():
                broken.append(f"{page.relative_to(real_site.folder)} -> {href}")
    assert not broken, broken[:10]
    nt = real_site.folder / "dumps" / "cdkg.nt"
    assert len(set(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES))) == len(built.union)
    description = Graph().parse(real_site.folder / "void.ttl").parse(real_site.folder / "dcat.ttl")
    conforms, _, text = validate(description, shacl_graph=Graph().parse(ROOT / SHAPES_FILE), advanced=True)
    assert conforms, text
