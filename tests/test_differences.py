"""Differences between the two editions of the Copenhagen strategy as data: every difference the
curator flagged with "# EDITION DIFFERENCE" in the TriG files is a cdkg:SourceDifference that
cites both documents' lines, the library lists them, and the site shows them."""

from __future__ import annotations

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from cdkg.core.namespaces import CDKG
from cdkg.load import parse_citation

from conftest import ROOT, SOURCES, need_shared

GRAPH_HEAD = re.compile(r"^(s00[34]):L(\d+)(?:-(\d+))? \{")


def flagged_passages(path) -> list[tuple[str, int, int]]:
    """For each "# EDITION DIFFERENCE" flag of a TriG file (not the header that explains the
    flag), the citation graph it belongs to: the one it sits in, or the next one after it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for i, line in enumerate(lines):
        if "EDITION DIFFERENCE" not in line or "flagged with" in line or "are flagged" in line:
            continue
        if not line.lstrip().startswith("#") or line.startswith(" "):   # inside a graph: the enclosing one
            search = range(i, -1, -1)
        else:
            search = range(i, len(lines))
        for j in search:
            head = GRAPH_HEAD.match(lines[j])
            if head:
                start = int(head[2])
                found.append((head[1][1:], start, int(head[3] or start)))
                break
    return found


@pytest.fixture(scope="module")
def differences(built):
    union = built.union
    out = {}
    for diff in union.subjects(RDF.type, CDKG.SourceDifference):
        out[str(diff)] = [parse_citation(str(p)) for p in union.objects(diff, CDKG.comparesPassage)]
    return out


def test_every_flagged_edition_difference_is_a_fact_citing_both_editions(differences):
    flags = flagged_passages(ROOT / "graph" / "003_copenhagen_strategy_print.trig")
    flags += flagged_passages(ROOT / "graph" / "004_copenhagen_strategy_plain.trig")
    assert len([f for f in flags if f[0] == "003"]) == 7 and len([f for f in flags if f[0] == "004"]) == 10
    compared = [c for cs in differences.values() for c in cs]
    for document, start, end in flags:
        assert any(c.document == document and c.start <= end and start <= c.end for c in compared), \
            f"the flagged passage {document}:L{start}-{end} is compared by no cdkg:SourceDifference"
    assert len(differences) == 10
    for iri, passages in differences.items():
        assert {c.document for c in passages} == {"003", "004"}, iri


def test_each_difference_is_stated_in_the_graph_of_each_passage_it_compares(built, differences):
    for iri, passages in differences.items():
        for c in passages:
            assert (URIRef(iri), RDF.type, CDKG.SourceDifference) in built.dataset.graph(URIRef(c.iri)), (iri, c.iri)


def test_compared_lines_exist_in_the_documents(differences):
    need_shared(SOURCES)
    from cdkg.load import load_sources

    sources = load_sources(SOURCES)
    for iri, passages in differences.items():
        for c in passages:
            assert sources.has_range(c.document, c.start, c.end), (iri, c.iri)


def test_a_difference_missing_from_one_passage_is_a_violation(scratch):
    from cdkg.build import BuildFailed, build
    from cdkg.core.settings import Settings

    path = scratch / "graph" / "differences.trig"
    text = path.read_text(encoding="utf-8")
    start = text.index("s004:L21 {")
    path.write_text(text[:start] + text[text.index("}", start) + 1:], encoding="utf-8")
    with pytest.raises(BuildFailed, match="is not stated in that passage's citation graph"):
        build(Settings(root=scratch), write=False, check_sources=False)


def test_the_site_lists_every_difference_with_both_citations(built, differences, tmp_path):
    from cdkg.publish import publish

    site = publish(built.dataset, tmp_path / "site", date="2026-11-22")
    page = (site.folder / "disagreements.html").read_text(encoding="utf-8")
    assert "Where the sources disagree" in page and f"{len(differences)} recorded difference(s)" in page
    for iri, passages in differences.items():
        assert f'id="{iri.rsplit("/", 1)[-1]}"' in page
        for c in passages:
            lines = f"line {c.start}" if c.start == c.end else f"lines {c.start}–{c.end}"
            assert f"{c.document}, {lines}" in page, (iri, c.iri)
    home = (site.folder / "index.html").read_text(encoding="utf-8")
    assert 'href="disagreements.html"' in home and "How to cite" in home
