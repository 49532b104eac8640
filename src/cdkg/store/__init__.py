"""Stage 4: the embedded SPARQL store (pyoxigraph; the union of named graphs as default graph),
persisted on disk when asked, with an rdflib view, and loading into remote stores."""

from cdkg.store.graphstore import GraphStore, rdf_format, syntax_error
from cdkg.store.open import built_graph_file, open_store


def __getattr__(name):  # the loader (urllib) is imported when it is used, not by every query
    if name == "load_remote":
        from cdkg.store.remote import load_remote

        return load_remote
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["GraphStore", "rdf_format", "syntax_error", "built_graph_file", "open_store", "load_remote"]
