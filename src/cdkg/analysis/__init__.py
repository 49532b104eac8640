"""Network analysis of the knowledge graph: projections into NetworkX graphs, measures of
centrality and communities, and the write-back of results as RDF."""

from cdkg.analysis.facts import Facts, extract
from cdkg.analysis.filters import EmptyResultError, Filters, UnknownNameError
from cdkg.analysis.projections import PROJECTIONS, describe, project

__all__ = ["Facts", "extract", "Filters", "EmptyResultError", "UnknownNameError",
           "PROJECTIONS", "describe", "project"]
