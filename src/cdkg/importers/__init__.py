"""Stage 1b: importers. Bring researchers' own tables, published membership lists and Wikidata
twinning claims into the graph as TriG files (one provenance graph per imported record), with
entity resolution against the curated graph's cities and a report of what could not be matched.

Importers may use only :mod:`cdkg.core` and :mod:`cdkg.load`; ``cdkg build --include`` adds
their output to the build.
"""

from cdkg.importers.api import gazetteer, graph_files, open_session
from cdkg.importers.memberships import PRESETS, import_memberships, import_networks
from cdkg.importers.model import CityRef, ImportReport, Problem, fold, slugify
from cdkg.importers.partnerships import import_p190, import_pairs
from cdkg.importers.gazetteer import Gazetteer
from cdkg.importers.graphindex import GraphIndex
from cdkg.importers.resolve import Match, Resolver
from cdkg.importers.session import ImportSession, progress
from cdkg.importers.template import import_template, template_text, write_template
from cdkg.importers.trig import Terms, TrigWriter

__all__ = [
    "gazetteer", "graph_files", "open_session", "PRESETS", "import_memberships", "import_networks",
    "CityRef", "ImportReport", "Problem", "fold", "slugify", "import_p190", "import_pairs",
    "Gazetteer", "GraphIndex", "Match", "Resolver", "ImportSession", "progress",
    "import_template", "template_text", "write_template", "Terms", "TrigWriter",
]
