"""Helpers for the publishing tests: the fixture project, independent parsers, a JSON-LD loader,
an HTML link reader, a free port and a headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "publish"
BASE = "https://w3id.org/cdkg/"


def fixture_project(folder: Path) -> Path:
    """A project whose graph is the publishing fixture (ontology and checks are the real ones)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, target in (("ontology", ROOT / "ontology"), ("queries", ROOT / "queries"), ("graph", FIXTURE / "graph")):
        if not (folder / name).exists():
            os.symlink(target, folder / name)
    return folder


def need_tool(name: str) -> str:
    """The path of a system tool; skipped where it is missing, but never in CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (see .ci/install-system-deps.sh)")
        pytest.skip(f"{name} is not installed")
    return path


def rapper_count(path: Path, syntax: str) -> int:
    """Parse a file with Raptor's ``rapper`` (not rdflib, not Oxigraph); the triple count."""
    rapper = need_tool("rapper")
    done = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"rapper rejects {path}: {done.stderr}"
    # rapper -c prints "rapper: Parsing returned N triples" on stderr
    words = (done.stderr + done.stdout).split()
    return int(words[words.index("returned") + 1])


def site_loader(site: Path, base: str = BASE):
    """A pyld document loader that finds ``<base>...`` in the site folder (as the redirect would)."""
    def load(url, options=None):
        if not url.startswith(base):
            raise ValueError(f"no network in tests: {url}")
        path = site / url[len(base):]
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(path.read_text(encoding="utf-8"))}
    return load


def http_loader(url, options=None):
    """A pyld document loader over HTTP (urllib), asking for JSON-LD."""
    request = urllib.request.Request(url, headers={"Accept": "application/ld+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {"contextUrl": None, "documentUrl": response.geturl(), "document": json.loads(response.read())}


class Links(HTMLParser):
    """Every href/src of a page, the ids it defines, and the text by element id."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.langs = [], set(), []
        self._lang_stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(attrs[key])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("lang"):
            self.langs.append(attrs["lang"])


def page_links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_dom(url: str, timeout: int = 90) -> str:
    """The DOM of ``url`` after a real headless Chromium loaded it (scripts run)."""
    chromium = need_tool("chromium")
    profile = tempfile.mkdtemp(prefix="cdkg-chromium-")
    try:
        done = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--virtual-time-budget=5000", "--dump-dom", url],
            capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
