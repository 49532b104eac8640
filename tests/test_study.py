"""A researcher's study end to end: `cdkg init`, an import, a sixth source document and a custom
analysis, through `cdkg all`, a notebook and `cdkg serve`. Each of them must see the import (and
the document), and no earlier result may be lost: a build keeps the views and analyses, the
notebook writes only to its scratch folder, and `cdkg all` keeps what the researcher made by hand."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from _publishing import chromium_dom, free_port
from conftest import ROOT
from test_deref import fetch, start, stop

MEMBERS = """Town,ISO,Network,Status,Source
Aarhus,DK,UBC,Member,ETMUN memberships data set (pgourdongeo/Chap3_LocationalAnalysis) line 512
Oslo,NO,BaltMet,Member,ETMUN memberships data set (pgourdongeo/Chap3_LocationalAnalysis) line 17313
"""
#: The researcher's own document (a test text): line 3 names Aarhus and Eurocities.
NOTES = "Notes of a study visit to Aarhus\n\nAarhus Kommune takes part in Eurocities.\n"
OWN_FACT = """
s005:L3 {
    membership:aarhus-eurocities a org:Membership ;
        org:member gov:aarhus ;
        org:organization network:eurocities .
}
"""
#: The custom analysis: only the imported networks, so it is empty unless the import was seen.
CUSTOM = """
[[analysis]]
projection = "bipartite"
network = "UBC,BaltMet"
measures = "degree"
"""


def cdkg(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cdkg.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env or study_env(), timeout=900)
    assert done.returncode == 0, f"cdkg {' '.join(args)}: {done.stderr[-3000:]}"
    return done


def study_env() -> dict:
    env = dict(os.environ)
    for name in ("CDKG_HOME", "CDKG_PROJECT", "CDKG_NOTEBOOK_OUTPUT", "CDKG_NOTEBOOK_SITE"):
        env.pop(name, None)
    return env


def digest(folder: Path) -> dict[str, str]:
    """Every file of a folder and a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sparql(url: str, query: str) -> dict:
    status, _, body = fetch(f"{url}?query={urllib.parse.quote(query)}", "application/sparql-results+json")
    assert status == 200, body[:500]
    return json.loads(body)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """The study after `cdkg init`, the import, `cdkg new-source` with one fact, the custom
    analysis, and a first `cdkg all`."""
    folder = tmp_path_factory.mktemp("work") / "nordic"
    cdkg("init", str(folder), "--title", "Nordic capitals", "--creator", "Ada Lovelace", cwd=folder.parent)
    (folder / "members.csv").write_text(MEMBERS, encoding="utf-8")
    cdkg("import", "memberships", "members.csv", "--map", "city=Town", "--map", "country=ISO", "--map", "network=Network",
         "--map", "role=Status", "--map", "source=Source", cwd=folder)
    (folder / "sources" / "005_study_visit_notes.txt").write_text(NOTES, encoding="utf-8")
    cdkg("new-source", "sources/005_study_visit_notes.txt", "--title", "Notes of a study visit", cwd=folder)
    trig = folder / "graph" / "005_study_visit_notes.trig"
    trig.write_text(trig.read_text(encoding="utf-8") + OWN_FACT, encoding="utf-8")
    with open(folder / "cdkg.toml", "a", encoding="utf-8") as handle:
        handle.write(CUSTOM)
    done = cdkg("all", "--date", "2026-11-22", cwd=folder)
    return {"folder": folder, "all": done}


def test_cdkg_all_saw_the_import_the_document_and_the_custom_analysis(study):
    folder = study["folder"]
    summary = json.loads((folder / "output" / "summary.json").read_text(encoding="utf-8"))
    assert any(p.endswith("members.trig") for p in summary["includes"]) and summary["imported_quads"] > 0
    assert summary["sources"]["005"]["citations"] >= 2 and summary["sources_checked"]
    custom = [json.loads(p.read_text()) for p in (folder / "output" / "analysis").glob("bipartite-*.json")]
    assert len(custom) == 1 and custom[0]["parameters"] == {"network": ["UBC", "BaltMet"]}
    assert custom[0]["network"] == 2 and custom[0]["city"] == 2          # Aarhus in UBC, Oslo in BaltMet
    nq = (folder / "site" / "dumps" / "cdkg.nq").read_text(encoding="utf-8")
    assert "BaltMet" in nq and "/id/source/005/L3>" in nq
    assert (folder / "site" / "id" / "source" / "005.html").is_file()


def test_the_published_description_and_home_page_cite_the_study(study):
    from pyshacl import validate
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, FOAF, RDFS

    from cdkg.publish import SHAPES_FILE

    site = study["folder"] / "site"
    dcat = Graph().parse(site / "dcat.ttl")
    dataset = URIRef("https://w3id.org/cdkg/id/dataset/cdkg")
    creators = {str(dcat.value(c, FOAF.name)) for c in dcat.objects(dataset, DCTERMS.creator)}
    assert creators == {"Ada Lovelace"}
    assert (dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in dcat
    assert (None, DCTERMS.title, Literal("Nordic capitals", lang="en")) in dcat
    rights = " ".join(str(dcat.value(r, RDFS.label)) for r in dcat.objects(dataset, DCTERMS.rights))
    assert "Ada Lovelace (2026). Nordic capitals" in rights and "GeoNames" in rights and "Wikidata" in rights
    description = Graph().parse(site / "void.ttl").parse(site / "dcat.ttl")
    conforms, _, report = validate(description, shacl_graph=Graph().parse(ROOT / SHAPES_FILE), advanced=True)
    assert conforms, report
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "How to cite" in home and "Ada Lovelace (2026). Nordic capitals" in home and "@misc{" in home


def test_a_build_keeps_earlier_results_and_says_so(study):
    folder = study["folder"]
    cdkg("view", "-p", "comembership", "--ego", "Oslo", cwd=folder)         # a result made by hand
    by_hand = folder / "output" / "views" / "comembership-oslo.html"
    before = digest(folder / "output" / "analysis") | {"view": hashlib.sha256(by_hand.read_bytes()).hexdigest()}
    done = cdkg("build", cwd=folder)
    assert "kept analysis/, views/" in done.stdout.replace("\n", " ")
    after = digest(folder / "output" / "analysis") | {"view": hashlib.sha256(by_hand.read_bytes()).hexdigest()}
    assert after == before
    # building without the study's import says that its facts are no longer in the output
    done = cdkg("--project", str(folder / "cdkg.toml"), "build", "--include", str(folder / "graph"), "-q", cwd=ROOT)
    assert "members.trig" in done.stderr and "no longer in it" in done.stderr
    cdkg("build", "-q", cwd=folder)
    # and `cdkg all` again keeps the view made by hand
    cdkg("all", "--date", "2026-11-22", cwd=folder)
    assert by_hand.is_file()


def test_a_notebook_works_on_the_study_in_its_scratch_folder(study, tmp_path):
    folder = study["folder"]
    untouched = {name: digest(folder / name) for name in ("output", "site")}
    env = study_env() | {"CDKG_PROJECT": str(folder / "cdkg.toml")}
    old = {k: os.environ.get(k) for k in env if os.environ.get(k) != env[k] or k not in os.environ}
    os.environ.update({"CDKG_PROJECT": env["CDKG_PROJECT"]})
    for name in ("CDKG_HOME", "CDKG_NOTEBOOK_OUTPUT", "CDKG_NOTEBOOK_SITE"):
        os.environ.pop(name, None)
    try:
        path = ROOT / "notebooks" / "01_asking_the_graph.ipynb"
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    scratch = folder / "scratch" / "01_asking_the_graph" / "output"
    summary = json.loads((scratch / "summary.json").read_text(encoding="utf-8"))
    assert any(p.endswith("members.trig") for p in summary["includes"]) and "005" in summary["sources"]
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert str(folder / "cdkg.toml") in printed
    assert {name: digest(folder / name) for name in ("output", "site")} == untouched


def test_cdkg_serve_serves_the_study_with_its_prefixes(study, tmp_path):
    folder = study["folder"]
    port, site_port = free_port(), free_port()
    process = start(["serve", "--port", str(port), "--store", str(tmp_path / "store"), "--site",
                     "--site-port", str(site_port)], study_env() | {"CDKG_PROJECT": str(folder / "cdkg.toml")},
                    f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    try:
        found = sparql(f"http://127.0.0.1:{port}/query", """
            SELECT DISTINCT ?network WHERE { ?m <http://www.w3.org/ns/org#organization> ?network .
              FILTER (STRENDS(STR(?network), "baltmet")) }""")
        assert found["results"]["bindings"], "the endpoint does not hold the imported membership"
        cited = sparql(f"http://127.0.0.1:{port}/query", """
            ASK { GRAPH <https://w3id.org/cdkg/id/source/005/L3> { ?m <http://www.w3.org/ns/org#member> ?g } }""")
        assert cited["boolean"] is True
        status, _, body = fetch(f"http://127.0.0.1:{site_port}/disagreements.html")
        assert status == 200 and b"Where the sources disagree" in body
        editor = tmp_path / "store" / "editor.html"
        page = editor.read_text(encoding="utf-8")
        # (the page's script JSON escapes < and >, so that no data can end the script element)
        assert "PREFIX s005: \\u003chttps://w3id.org/cdkg/id/source/005/\\u003e" in page
        # in a real browser, a new editor tab starts with the study's prefixes
        dom = chromium_dom(editor.resolve().as_uri())
        first_line = re.search(r'class=" CodeMirror-line ".{0,300}?>PREFIX</span>.{0,200}?>cdkg:</span>', dom, re.S)
        assert first_line, "YASGUI's editor does not start with the study's prefixes"
    finally:
        stop(process)
