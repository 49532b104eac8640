#!/usr/bin/env bash
# System packages the tests use. Idempotent: each package is installed only when its command is
# missing. Each helper's section is self-contained; add yours as one more `need` line.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
UPDATED=""

# need COMMAND PACKAGE: install PACKAGE (Debian) unless COMMAND is already on the PATH.
need() {
    local command="$1" package="$2"
    if command -v "$command" >/dev/null 2>&1; then
        return 0
    fi
    if [ -z "$UPDATED" ]; then
        $SUDO apt-get update -qq
        UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package"
}

# publishing tests (issue 5): Raptor's `rapper` parses every dump independently of rdflib and
# Oxigraph; headless Chromium opens a published resource page.
need rapper raptor2-utils
need chromium chromium
