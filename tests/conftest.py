"""Shared fixtures: the project's paths, a scratch copy of the project, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cdkg.core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
DATASETS = ROOT.parent / "shared" / "datasets"
PREFIXES = (ROOT / "graph" / "_prefixes.txt").read_text(encoding="utf-8")


def need_shared(path: Path) -> None:
    """Skip when ../shared is absent on a developer's machine; in CI it must be there."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(root=ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One build of the real graph, written to a temporary output folder."""
    from cdkg.build import build

    out = tmp_path_factory.mktemp("output") / "output"
    return build(Settings(root=ROOT, output=out))


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A copy of the project's ontology, graph and checks in a temporary folder."""
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def run_cli(*args: str, home: Path | None = None, sources: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if home is not None:
        env["CDKG_HOME"] = str(home)
    if sources is not None:
        env["CDKG_SOURCES"] = str(sources)
    return subprocess.run([sys.executable, "-m", "cdkg.cli", *args], capture_output=True, text=True, env=env, timeout=600)
