"""The tutorial's commands really work: every ``sh`` block of docs/tutorial.md runs, in order, in
one shell in a fresh folder (only ``cdkg serve``, which runs until stopped, is left out), and the
study it makes holds what the tutorial says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SOURCES, need_shared

TUTORIAL = ROOT / "docs" / "tutorial.md"
#: The researcher's own document of step 3 (a test text: line 3 names Aarhus and Eurocities).
NOTES = "Notes of a study visit to Aarhus\n\nAarhus Kommune takes part in Eurocities.\n"


def tutorial_script() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", TUTORIAL.read_text(encoding="utf-8"), re.S)
    lines = [line for block in blocks for line in block.splitlines() if not line.startswith("cdkg serve")]
    return "\n".join(lines) + "\n"


def test_the_tutorial_runs_as_written(tmp_path):
    need_shared(SOURCES)
    script = tutorial_script()
    assert "cdkg init nordic" in script and "cdkg all" in script and "cdkg new-source" in script
    # the document of step 3 is saved by the researcher before `cdkg new-source`
    script = script.replace("cdkg new-source", "mkdir -p sources && printf '%s' \"$NOTES\" > sources/005_study_visit_notes.txt\n"
                                               "cdkg new-source", 1)
    env = dict(os.environ, NOTES=NOTES, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("CDKG_HOME", None)
    env.pop("CDKG_PROJECT", None)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=1200)
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    study = tmp_path / "nordic"
    summary = json.loads((study / "output" / "summary.json").read_text(encoding="utf-8"))
    assert "005" in summary["sources"] and any("members.trig" in p for p in summary["includes"])
    # the custom analysis of step 8 and the view of step 7 are there, and the site
    analysis = study / "output" / "analysis"
    assert (analysis / "comembership.trig").is_file() and (analysis / "bipartite.trig").is_file()
    custom = [json.loads(p.read_text()) for p in analysis.glob("comembership-*.json")]
    assert any(c["parameters"] == {"country": ["Danmark"]} and set(c["measures"]) == {"degree", "betweenness"}
               for c in custom), custom
    assert (study / "output" / "views" / "comembership-københavn.html").is_file()
    assert (study / "site" / "disagreements.html").is_file()
    home = (study / "site" / "index.html").read_text(encoding="utf-8")
    assert "Ada Lovelace" in home and "Nordic capitals in city networks" in home
    # names in any language, in the commands' output
    assert "C40" in done.stdout            # city_networks_functions for københavn
