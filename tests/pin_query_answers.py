"""Write tests/query_answers/*.json from the curated graph as the build assembles it (read the diff!)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from cdkg.core.settings import Settings  # noqa: E402
from cdkg.query import QueryLibrary  # noqa: E402
from query_support import curated_store  # noqa: E402
from test_query_answers import ANSWERS, answer  # noqa: E402


def main() -> int:
    store = curated_store()
    ANSWERS.mkdir(exist_ok=True)
    for query in QueryLibrary(Settings().queries_dir):
        data = answer(query, store)
        (ANSWERS / f"{query.id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{query.id}: {len(data['rows'])} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
