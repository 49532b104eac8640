"""Stage 5: the query library (``queries/*.rq``), parameter binding, and running queries on the
embedded store or on any SPARQL 1.1 endpoint, with results as tables, SPARQL result formats,
RDF, or pandas DataFrames."""

from cdkg.query.library import LibraryQuery, Param, QueryLibrary, lint_query, parse_query_file
from cdkg.query.params import bind, bind_params, parse_assignments, term_for
from cdkg.query.remote import add_missing_prefixes, query_endpoint
from cdkg.query.results import FORMATS, QueryResult, compact
from cdkg.query.run import QueryText, query_dataframe, resolve, run, run_library

__all__ = [
    "LibraryQuery", "Param", "QueryLibrary", "lint_query", "parse_query_file",
    "bind", "bind_params", "parse_assignments", "term_for",
    "add_missing_prefixes", "query_endpoint",
    "FORMATS", "QueryResult", "compact",
    "QueryText", "query_dataframe", "resolve", "run", "run_library",
]
