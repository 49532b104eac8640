"""Views of projections: a self-contained interactive network page (vis-network through pyvis,
inlined, no CDN), a map of cities by coordinates, and exports for Gephi (GEXF, GraphML)."""

from cdkg.views.export import flatten, write_gexf, write_graphml

__all__ = ["flatten", "write_gexf", "write_graphml"]
