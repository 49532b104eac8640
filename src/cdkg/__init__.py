"""cdkg: the City Diplomacy Knowledge Graph.

The package is organised in stages through which data flows one way:
``core`` (names, settings, errors) -> ``load`` (parse the ontology and graph files)
-> ``build`` (validate, infer, write) -> ``store``/``query`` -> ``analysis``
-> ``views``/``publish``; ``cli`` sits on top. A module imports only from stages before it.
"""

from cdkg.core.errors import CdkgError, InputError

__all__ = ["__version__", "CdkgError", "InputError", "Settings", "build", "load_sources"]


def __getattr__(name):  # lazy re-exports so `import cdkg` stays light (Settings reads rdflib)
    if name == "__version__":
        from cdkg.core.version import __version__

        return __version__
    if name == "Settings":
        from cdkg.core.settings import Settings

        return Settings
    if name == "build":
        from cdkg.build import build

        return build
    if name == "load_sources":
        from cdkg.load import load_sources

        return load_sources
    raise AttributeError(name)
