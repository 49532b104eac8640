"""Hardening: a build never writes over what it did not make; empty includes are refused.

Each test here failed before the change (the build replaced or moved the folder's files, or
built in silence) and passes after it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdkg.build import build
from cdkg.build.guard import OutputRefused, check_output
from cdkg.core.errors import InputError
from cdkg.core.settings import Settings
from tests.conftest import run_cli


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_foreign_folder_is_refused_and_left_as_it_was(tmp_path, scratch):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    (out / "cdkg.ttl").write_text("my own turtle")
    before = _tree(out)
    with pytest.raises(OutputRefused, match="--force"):
        build(Settings(root=scratch, output=out), check_sources=False)
    assert _tree(out) == before


def test_force_keeps_the_users_other_files(tmp_path, scratch):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    build(Settings(root=scratch, output=out), check_sources=False, force=True)
    assert (out / "thesis.docx").read_bytes() == b"years of work"
    assert (out / "GENERATED.md").is_file() and (out / "cdkg.nq").is_file()


@pytest.mark.parametrize("force", [False, True])
def test_the_project_folder_is_never_an_output(scratch, force):
    before = _tree(scratch)
    with pytest.raises(OutputRefused, match="project"):
        build(Settings(root=scratch, output=scratch), check_sources=False, force=force)
    assert _tree(scratch) == before


def test_a_folder_above_the_project_is_refused(scratch):
    with pytest.raises(OutputRefused, match="holds the project"):
        check_output(scratch.parent, scratch, force=True)


@pytest.mark.parametrize("sign", ["cdkg.toml", ".git", "pyproject.toml"])
def test_another_project_or_repository_is_refused_even_with_force(tmp_path, sign):
    other = tmp_path / "other"
    (other / sign).mkdir(parents=True) if sign == ".git" else (other.mkdir(), (other / sign).write_text("x"))
    with pytest.raises(OutputRefused, match="project or repository"):
        check_output(other, tmp_path / "project", force=True)


def test_an_input_folder_is_refused(scratch):
    with pytest.raises(OutputRefused, match="input folder"):
        check_output(scratch / "graph" / "out", scratch, [scratch / "graph"], force=True)


def test_a_file_is_refused(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputRefused, match="is a file"):
        check_output(tmp_path / "f", tmp_path / "project")


def test_a_previous_build_is_replaced_and_user_folders_beside_it_are_kept(tmp_path, scratch):
    out = tmp_path / "out"
    build(Settings(root=scratch, output=out), check_sources=False)
    # folders a person made beside the output, with the names the old build used for its scratch
    for name in ("out.tmp-build", "out.old-build"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text("mine")
    build(Settings(root=scratch, output=out), check_sources=False)  # marked: accepted
    for name in ("out.tmp-build", "out.old-build"):
        assert (tmp_path / name / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_cli_refuses_dot_as_output_with_a_message(scratch):
    before = _tree(scratch / "graph")
    done = run_cli("build", "--output", str(scratch), "--force", "--no-source-check", "-q", home=scratch)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "never writes over it" in done.stderr
    assert _tree(scratch / "graph") == before


@pytest.mark.parametrize("content, message", [(b"", r"empty \(0 bytes\)"),
                                               (b"@prefix ex: <https://ex.org/> .\n# nothing\n", "holds no triple")])
def test_an_empty_include_is_refused(tmp_path, scratch, content, message):
    path = tmp_path / "empty.ttl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        build(Settings(root=scratch, output=tmp_path / "out"), include=[path], write=False, check_sources=False)
    assert "empty.ttl" in str(err.value)


def test_an_include_folder_without_rdf_is_refused(tmp_path, scratch):
    folder = tmp_path / "imports"
    folder.mkdir()
    (folder / "notes.txt").write_text("no rdf here")
    with pytest.raises(InputError, match="holds no RDF file"):
        build(Settings(root=scratch, output=tmp_path / "out"), include=[folder], write=False, check_sources=False)


def test_a_folder_with_only_cdkg_made_subfolders_is_accepted(tmp_path):
    out = tmp_path / "output"
    (out / "store").mkdir(parents=True)   # `cdkg serve` made its store before the first build
    check_output(out, tmp_path / "project")
    (out / "notes.txt").write_text("mine")
    with pytest.raises(OutputRefused):
        check_output(out, tmp_path / "project")
