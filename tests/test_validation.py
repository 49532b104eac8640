"""Each shape and each data check, on a tiny invalid fixture with the expected report.

Every fixture in tests/fixtures/invalid/ starts with ``# expect: SEVERITY | FOCUS | PROPERTY | TEXT``
lines; the build of that fixture alone must report each expected finding, and must fail exactly
when a violation is expected.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cdkg.build import BuildFailed, build
from cdkg.core.settings import Settings

from conftest import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.trig"))


def expectations(path: Path) -> list[tuple[str, str, str | None, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            severity, focus, prop, text = (part.strip() for part in line[len("# expect:"):].split("|"))
            found.append((severity, focus, None if prop == "-" else prop, text))
    return found


def mini_project(tmp_path: Path, fixture: Path) -> Settings:
    (tmp_path / "graph").mkdir()
    os.symlink(ROOT / "ontology", tmp_path / "ontology")
    os.symlink(ROOT / "queries", tmp_path / "queries")
    (tmp_path / "graph" / fixture.name).write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    return Settings(root=tmp_path, output=tmp_path / "output")


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_fixture_report(tmp_path, fixture):
    expected = expectations(fixture)
    assert expected, f"{fixture.name} has no '# expect:' line"
    settings = mini_project(tmp_path, fixture)
    if any(e[0] == "violation" for e in expected):
        with pytest.raises(BuildFailed) as info:
            build(settings, check_sources=False)
        findings = info.value.findings
        assert not (tmp_path / "output").exists()
    else:
        findings = build(settings, check_sources=False).findings
        assert (tmp_path / "output" / "cdkg.ttl").exists()
    for severity, focus, prop, text in expected:
        assert any(f.severity == severity and f.focus == focus and f.path == prop and text in f.message for f in findings), (
            f"expected {severity} on {focus} {prop}: {text!r}; got:\n" + "\n".join(map(str, findings)))


def test_the_base_of_the_fixtures_is_clean(tmp_path):
    base = FIXTURES[0].read_text(encoding="utf-8").split("\ns001:L3-4", 1)[0]
    clean = tmp_path / "clean.trig"
    clean.write_text(base.replace("# expect:", "# was:"), encoding="utf-8")
    result = build(mini_project(tmp_path, clean), check_sources=False)
    assert result.violations == []
