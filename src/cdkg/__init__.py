"""cdkg: the City Diplomacy Knowledge Graph.

The package is organised in stages through which data flows one way:
``core`` (names, settings, errors) -> ``load`` (parse the ontology and graph files)
-> ``build`` (validate, infer, write) -> ``store``/``query`` -> ``analysis``
-> ``views``/``publish``; ``cli`` sits on top. A module imports only from stages before it.
"""

from cdkg.core.version import __version__
from cdkg.core.errors import CdkgError, InputError
from cdkg.core.settings import Settings

__all__ = ["__version__", "CdkgError", "InputError", "Settings", "build", "load_sources"]


def __getattr__(name):  # lazy re-exports so `import cdkg` stays light
    if name == "build":
        from cdkg.build import build

        return build
    if name == "load_sources":
        from cdkg.load import load_sources

        return load_sources
    raise AttributeError(name)
