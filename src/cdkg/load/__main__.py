"""``python -m cdkg.load [FILE ...]``: parse the ontology and graph files and list problems
with cited line ranges (a quick check for curators; the tests run the same check)."""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Dataset

from cdkg.core.errors import CdkgError
from cdkg.core.settings import Settings
from cdkg.load.mentions import check_mentions
from cdkg.load.parse import parse_file
from cdkg.load.sources import load_sources


def main(argv: list[str]) -> int:
    settings = Settings()
    try:
        ds = Dataset()
        for path in sorted(settings.ontology_dir.glob("*.ttl")):
            parse_file(path, into=ds.default_graph if hasattr(ds, "default_graph") else ds)
        for folder in settings.graph_dirs:
            for path in sorted(Path(folder).glob("*.trig")):
                parse_file(path, into=ds)
        problems = check_mentions(ds, load_sources(settings.documents or settings.sources_dir))
    except CdkgError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    wanted = [Path(a).name for a in argv]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
