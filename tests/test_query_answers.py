"""Every library query's answer on the curated graph, pinned: exact rows, not "returns something".

The answers live in ``tests/query_answers/NNN_name.json``; after a deliberate change to the
graph or a query, run ``python tests/pin_query_answers.py``, read the diff, and commit it.
"""

from __future__ import annotations

import json

import pytest

from cdkg.core.settings import Settings
from cdkg.query import QueryLibrary, run
from query_support import curated_store, normalise

LIBRARY = QueryLibrary(Settings().queries_dir)
ANSWERS = Settings().root / "tests" / "query_answers"


@pytest.fixture(scope="module")
def curated():
    return curated_store()


def answer(query, store) -> dict:
    params = query.example_bindings()
    result = run(query.text, store=store, params=params, declared=query.params)
    columns = result.variables if result.kind == "select" else ["subject", "predicate", "object"]
    return {"params": params, "columns": columns, "rows": [list(r) for r in normalise(result.compact_rows())]}


@pytest.mark.parametrize("query", LIBRARY.queries, ids=lambda q: q.id)
def test_pinned_answer(query, curated):
    path = ANSWERS / f"{query.id}.json"
    assert path.exists(), f"no pinned answer for {query.id}: run python tests/pin_query_answers.py"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert answer(query, curated) == expected


def test_no_stale_answer_files():
    ids = {q.id for q in LIBRARY}
    assert sorted(p.stem for p in ANSWERS.glob("*.json") if p.stem not in ids) == []
