"""The query library's files: names, headers, declared prefixes, columns and params."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cdkg.core.settings import Settings
from cdkg.query import QueryLibrary, lint_query, parse_query_file
from cdkg.query.library import FILE_NAME

QUERIES = Settings().queries_dir
LIBRARY = QueryLibrary(QUERIES)


def test_the_library_answers_at_least_twenty_questions():
    assert len(LIBRARY) >= 20


def test_file_names_and_numbers_are_unique():
    for path in QUERIES.glob("*"):
        if path.is_file():
            assert FILE_NAME.match(path.name), f"{path.name} is not NNN_snake_name.rq"
    numbers = [q.number for q in LIBRARY]
    names = [q.name for q in LIBRARY]
    assert len(set(numbers)) == len(numbers)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("query", LIBRARY.queries, ids=lambda q: q.id)
def test_header_is_complete_and_consistent(query):
    assert lint_query(query) == []


@pytest.mark.parametrize("query", LIBRARY.queries, ids=lambda q: q.id)
def test_header_block_opens_the_file(query):
    first = query.text.splitlines()[0]
    assert first.startswith("# title: ")


def test_lint_finds_the_problems_it_should(tmp_path):
    bad = tmp_path / "001_bad.rq"
    bad.write_text(
        "# title: Bad\n# question: not a question\n# columns: a, b\n# tags: x\n"
        "# param: city | city: | aarhus | the city\n"
        "SELECT ?a WHERE { ?a org:member ?m }\n"
    )
    problems = "\n".join(lint_query(parse_query_file(bad)))
    assert "question should be a question" in problems
    assert "prefix 'org:' is used but not declared" in problems
    assert "the query selects ['a']" in problems
    assert "param city is not used" in problems


def test_every_query_parses(tmp_path):
    import pyoxigraph as ox

    store = ox.Store()
    for query in LIBRARY:
        body = re.sub(r"(?m)^#.*$", "", query.text)
        store.query(body)  # raises SyntaxError on a bad query
