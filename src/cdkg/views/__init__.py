"""Views of projections: a self-contained interactive network page (vis-network through pyvis,
inlined, no CDN), a map of cities by coordinates, and exports for Gephi (GEXF, GraphML)."""

from cdkg.views.export import flatten, write_gexf, write_graphml

__all__ = ["flatten", "write_gexf", "write_graphml"]
from cdkg.views.network import ego, layout, network_view, write_network_view

__all__ += ["ego", "layout", "network_view", "write_network_view"]
from cdkg.views.map import map_view, write_map_view

__all__ += ["map_view", "write_map_view"]
from cdkg.views.figure import map_figure, network_figure
from cdkg.views.geojson import geojson, write_geojson

__all__ += ["geojson", "map_figure", "network_figure", "write_geojson"]
