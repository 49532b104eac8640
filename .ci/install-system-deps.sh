#!/bin/sh
# System packages the test suite needs, installed only when missing (idempotent).
#  - chromium: the views are checked in a real headless Chromium (tests/test_views_browser.py),
#    driven by the playwright Python package with executable_path (no browser download);
#    the published site's pages are opened in it too (tests/test_deref.py).
#  - raptor2-utils: Raptor's `rapper` parses every published dump, independently of rdflib and
#    Oxigraph (tests/test_publish.py).
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v rapper >/dev/null 2>&1 || need="$need raptor2-utils"
command -v virtuoso-t >/dev/null 2>&1 || need="$need virtuoso-opensource-7-bin"
if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi
chromium --version
rapper --version
virtuoso-t --help 2>&1 | sed -n 2p
