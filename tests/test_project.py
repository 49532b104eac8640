"""The study's project file: found from the working folder up, every bad key or value named with
file and line, flags overriding it, `cdkg init` and `cdkg new-source` never overwriting, and a
registered document's lines checked like the curated ones'."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdkg.core.errors import InputError
from cdkg.core.discover import find_project_file, resolve_project
from cdkg.core.project import load_project

from conftest import ROOT


def cdkg(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CDKG_HOME", "CDKG_PROJECT")}
    return subprocess.run([sys.executable, "-m", "cdkg.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=600)


@pytest.fixture
def study(tmp_path) -> Path:
    done = cdkg("init", "study", "--title", "Test study", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / "study"


@pytest.mark.parametrize("text, line, words", [
    ('[study]\ntitle = "x"\ntitel = "y"\n', 3, "unknown key 'titel' in [study] (did you mean: title?)"),
    ('[graph]\nimports = "imports"\n', 2, "[graph] imports must be a list of strings"),
    ('[study]\nbase = "not an iri"\n', 2, "base must be an http(s) IRI"),
    ('[sources.documents]\n"00 5" = "x.txt"\n', 2, "source id '00 5'"),
    ('[[creator]]\nname = "A"\norcid = "1234"\n', 3, "orcid must look like"),
    ('[study\ntitle = "x"\n', 1, "TOML syntax error"),
    ('[studdy]\n', 1, "unknown table [studdy] (did you mean: study?)"),
    ('[publisher]\nurl = "https://example.org/"\n', 1, "[publisher] needs a name"),
])
def test_every_bad_key_or_value_is_named_with_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "cdkg.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_project(path)
    assert str(err.value).startswith(f"{path}:{line}"), str(err.value)
    assert words in str(err.value)


def test_a_bad_project_file_stops_every_command_without_a_traceback(study):
    path = study / "cdkg.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('site = "site"', 'site = 3'), encoding="utf-8")
    for args in (["build"], ["query", "--list"], ["all"]):
        done = cdkg(*args, cwd=study / "graph")          # found from a folder below the study
        assert done.returncode == 2, done.stderr
        assert "cdkg.toml:" in done.stderr and "site must be a string" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_bad_analysis_option_stops_cdkg_all_before_building(study):
    with open(study / "cdkg.toml", "a", encoding="utf-8") as handle:
        handle.write('\n[[analysis]]\nprojecton = "bipartite"\n')
    done = cdkg("all", cwd=study)
    assert done.returncode == 2
    line = len((study / "cdkg.toml").read_text(encoding="utf-8").splitlines())
    assert f"cdkg.toml:{line}: [[analysis]] has no option 'projecton'" in done.stderr
    assert "did you mean: projection?" in done.stderr
    assert not (study / "output").exists()


def test_the_project_is_found_from_below_and_flags_override_it(study, tmp_path):
    assert find_project_file(study / "graph") == study / "cdkg.toml"
    project = resolve_project(study)
    assert project.graph[0] == ROOT / "graph" and project.graph[-1] == study / "graph"    # curated first
    assert {"000", "004"} <= set(project.documents) and project.imports == [study / "imports"]
    path = study / "cdkg.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('base = "https://w3id.org/cdkg/"',
                                                             'base = "https://example.org/nordic/"'), encoding="utf-8")
    done = cdkg("build", "--check-only", "-q", cwd=study)
    assert done.returncode == 0, done.stderr
    done = cdkg("build", "-q", "--formats", "nt", "--base", "https://example.org/flag/", cwd=study)
    assert done.returncode == 0, done.stderr
    text = (study / "output" / "cdkg.nt").read_text(encoding="utf-8")
    assert "<https://example.org/flag/id/city/copenhagen>" in text and "example.org/nordic/" not in text
    done = cdkg("build", "-q", "--formats", "nt", cwd=study)
    assert "<https://example.org/nordic/id/city/copenhagen>" in (study / "output" / "cdkg.nt").read_text(encoding="utf-8")


def test_outside_any_study_the_package_curated_graph_is_the_study(tmp_path):
    from cdkg.core.discover import package_project

    project = package_project()
    assert project.path == ROOT / "cdkg.toml" and project.graph == [ROOT / "graph"]
    assert sorted(project.documents) == ["000", "001", "002", "003", "004"]
    done = cdkg("query", "--list", cwd=tmp_path)
    assert done.returncode == 0 and "edition_differences" in done.stdout


def test_init_and_new_source_never_overwrite(study, tmp_path):
    before = (study / "cdkg.toml").read_bytes()
    done = cdkg("init", str(study), cwd=tmp_path)
    assert done.returncode == 1 and "never overwritten" in done.stderr
    assert (study / "cdkg.toml").read_bytes() == before
    notes = study / "sources" / "interviews.txt"
    notes.write_text("Interview in Aarhus Kommune\n\nAarhus and Eurocities\n", encoding="utf-8")
    done = cdkg("new-source", "sources/interviews.txt", "--id", "nordic-interviews", cwd=study)
    assert done.returncode == 0, done.stderr
    assert load_project(study).documents["nordic-interviews"] == notes
    trig = study / "graph" / "nordic-interviews_interviews.trig"
    text = trig.read_text(encoding="utf-8")
    assert "@prefix snordic-interviews:" in text and "snordic-interviews:L1 {" in text
    for args, words in ((["new-source", "sources/interviews.txt", "--id", "nordic-interviews"], "is taken"),
                        (["new-source", "sources/missing.txt"], "source document not found"),
                        (["new-source", "sources/interviews.txt", "--id", "000"], "is taken")):
        done = cdkg(*args, cwd=study)
        assert done.returncode != 0 and words in done.stderr, done.stderr
    assert trig.read_text(encoding="utf-8") == text


def test_a_registered_document_is_cited_and_line_checked_like_the_curated_ones(study):
    from conftest import SOURCES, need_shared

    need_shared(SOURCES)
    (study / "sources" / "005_notes.txt").write_text("Notes on Aarhus\n\nAarhus Kommune and Eurocities\n",
                                                     encoding="utf-8")
    assert cdkg("new-source", "sources/005_notes.txt", cwd=study).returncode == 0
    trig = study / "graph" / "005_notes.trig"
    good = trig.read_text(encoding="utf-8") + (
        "s005:L3 {\n    membership:aarhus-eurocities a org:Membership ;\n"
        "        org:member gov:aarhus ;\n        org:organization network:eurocities .\n}\n")
    trig.write_text(good, encoding="utf-8")
    done = cdkg("build", cwd=study)
    assert done.returncode == 0, done.stderr
    assert "│ 005" in done.stdout
    trig.write_text(good.replace("s005:L3 {", "s005:L9 {"), encoding="utf-8")
    done = cdkg("build", "--check-only", cwd=study)
    assert done.returncode == 1 and "no lines 9-9 in document 005 (4 lines)" in done.stderr
    trig.write_text(good.replace("s005:L3 {", "<https://w3id.org/cdkg/id/source/006/L1> {"), encoding="utf-8")
    done = cdkg("build", "--check-only", cwd=study)
    assert done.returncode == 1 and "document '006' is not a registered source" in done.stderr


def test_a_project_file_is_parsed_again_when_its_text_changes(tmp_path, monkeypatch):
    """The parse of cdkg.toml is kept in the per-user cache beside the text it came from: an
    edited file is read anew, a broken one is still refused, and the keys are checked each time."""
    monkeypatch.setenv("CDKG_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "study" / "cdkg.toml"
    path.parent.mkdir()
    path.write_text('[study]\ntitle = "One"\n', encoding="utf-8")
    assert load_project(path).title == "One"
    assert len(list((tmp_path / "cache" / "projects").glob("*.json"))) == 1
    assert load_project(path).title == "One"  # from the cache
    path.write_text('[study]\ntitle = "Two"\n', encoding="utf-8")
    assert load_project(path).title == "Two"
    path.write_text('[study]\ntitel = "Two"\n', encoding="utf-8")
    with pytest.raises(InputError, match="titel"):
        load_project(path)
    path.write_text('[study]\ntitle = "Two\n', encoding="utf-8")
    with pytest.raises(InputError, match="TOML syntax error"):
        load_project(path)
