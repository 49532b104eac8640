"""The documentation: the user guide builds with MkDocs in strict mode (no broken link, no page
left out of the navigation), the README stays short and keeps the two commands, and the
licence and citation files are there and agree with the package."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from cdkg import __version__

from conftest import ROOT


def test_the_user_guide_builds_with_mkdocs_strict(tmp_path):
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "site" / "tutorial" / "index.html").is_file()


def test_every_page_of_docs_is_in_the_navigation():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    listed = {page for item in nav for page in item.values()}
    assert listed == {p.name for p in (ROOT / "docs").glob("*.md")}


def test_the_readme_is_short_and_keeps_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 200
    assert 'pip install -q -e . && .venv/bin/cdkg all' in readme
    assert 'pip install -q -e ".[test]" && .venv/bin/python -m pytest' in readme
    assert "docs/tutorial.md" in readme


def test_licences_and_citation_agree_with_the_package():
    for name in ("LICENSE", "LICENSE-DATA.md", "NOTICE.md", "CHANGELOG.md", "CITATION.cff"):
        assert (ROOT / name).is_file(), name
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by/4.0" in (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    notice = (ROOT / "NOTICE.md").read_text(encoding="utf-8")
    assert "GeoNames" in notice and "CC BY 4.0" in notice and "Wikidata" in notice and "CC0" in notice
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "license"):
        assert key in cff, key
    assert str(cff["version"]) == __version__
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\]", changelog, re.M)
