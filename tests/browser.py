"""Open a page in a real headless Chromium (Debian's ``chromium``, driven by Playwright's Python
package through ``executable_path``; no browser download). Every http(s) request is blocked and
recorded, so a page that needs the network shows it; console errors are collected."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CDKG_CHROMIUM"), "chromium", "chromium-browser", "/usr/bin/chromium"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def require_chromium() -> str:
    """The Chromium executable; in CI (``CI`` set) a missing browser fails the test, never skips it."""
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's chromium (.ci/install-system-deps.sh) or set CDKG_CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        import playwright  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the playwright Python package is missing: pip install -e '.[test]'")
        pytest.skip("playwright not installed")
    return path


@dataclass
class Page:
    page: object
    console_errors: list = field(default_factory=list)
    blocked: list = field(default_factory=list)


class Browser:
    """``with Browser() as b: p = b.open(path)`` opens a file in a fresh headless Chromium profile."""

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        executable = require_chromium()
        self._profile = tempfile.mkdtemp(prefix="cdkg-chromium-")
        self._pw = sync_playwright().start()
        self._context = self._pw.chromium.launch_persistent_context(
            self._profile, executable_path=executable, headless=True, args=ARGS,
            viewport={"width": 1280, "height": 800})
        return self

    def open(self, path: Path, wait_for: str | None = None, timeout_ms: int = 60_000) -> Page:
        page = self._context.new_page()
        result = Page(page)
        page.on("console", lambda m: result.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.console_errors.append(str(e)))

        def route(r):
            if r.request.url.startswith(("http://", "https://")):
                result.blocked.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        page.route("**/*", route)
        page.goto(Path(path).resolve().as_uri())
        if wait_for:
            page.wait_for_function(wait_for, timeout=timeout_ms)
        return result

    def __exit__(self, *exc):
        self._context.close()
        self._pw.stop()
        shutil.rmtree(self._profile, ignore_errors=True)
