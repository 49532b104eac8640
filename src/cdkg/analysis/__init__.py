"""Network analysis of the knowledge graph: projections into NetworkX graphs, measures of
centrality and communities (computed by a fast engine behind NetworkX's definitions), and the
write-back of results as RDF and tables.

Examples
--------
>>> import networkx as nx
>>> a = analyze(nx.star_graph(3), ["degree"])
>>> a.values["degree"][0]
1.0
"""

from cdkg.analysis.facts import Facts, extract, read_facts
from cdkg.analysis.filters import EmptyResultError, Filters, TooManyTiesError, UnknownNameError
from cdkg.analysis.measures import MEASURES
from cdkg.analysis.projections import PROJECTIONS, describe, project
from cdkg.analysis.results import DEFAULT_MEASURES, Analysis, analyze
from cdkg.analysis.writeback import analysis_graph_name, to_rdf

__all__ = ["Facts", "extract", "read_facts", "Filters", "EmptyResultError", "TooManyTiesError", "UnknownNameError", "MEASURES",
           "PROJECTIONS", "describe", "project", "DEFAULT_MEASURES", "Analysis", "analyze",
           "analysis_graph_name", "to_rdf"]
