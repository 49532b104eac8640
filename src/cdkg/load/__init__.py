"""Stage 1: read the ontology, the shapes and the curated graph files into RDF, with clear
errors for bad input, and derive the citation records from the names of the citation graphs."""

from cdkg.load.citations import Citation, parse_citation, citation_triples
from cdkg.load.parse import file_syntax_error, parse_file
from cdkg.load.sources import Sources, load_sources
from cdkg.load.mentions import MentionProblem, check_mentions

__all__ = [
    "Citation",
    "parse_citation",
    "citation_triples",
    "parse_file",
    "file_syntax_error",
    "Sources",
    "load_sources",
    "MentionProblem",
    "check_mentions",
]
