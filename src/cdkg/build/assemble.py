"""Gather the ontology, vocabularies and graph files into one rdflib Dataset.

Every curated triple keeps its citation graph; the ontology and vocabularies go into the
``<base>id/graph/ontology`` graph; a record of each citation goes into ``<base>id/graph/citations``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from cdkg.core.errors import InputError, Location
from cdkg.core.namespaces import DEFAULT_BASE
from cdkg.core.settings import Settings
from cdkg.load import citation_triples, file_syntax_error, parse_citation, parse_file

SYSTEM_GRAPHS = ("ontology", "citations", "inferred")


def system_graph(name: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of one of the build's own named graphs.

    Examples
    --------
    >>> str(system_graph("inferred"))
    'https://w3id.org/cdkg/id/graph/inferred'
    """
    return URIRef(f"{base}id/graph/{name}")


@dataclass
class Assembly:
    """The loaded dataset and where each named graph came from (for error messages)."""

    dataset: Dataset
    graph_files: dict[str, list[Path]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def input_files(settings: Settings, include: list[Path] | None = None) -> tuple[list[Path], list[Path]]:
    """The ontology files and the data files a build reads, in a stable order."""
    ontology = sorted(settings.ontology_dir.glob("*.ttl"))
    shapes = settings.ontology_dir / "shapes.ttl"
    ontology = [p for p in ontology if p != shapes]
    if not ontology:
        raise InputError("no ontology files (*.ttl) found", Location(settings.ontology_dir))
    data = []
    for folder in settings.graph_dirs:
        if not Path(folder).is_dir():
            raise InputError("curated graph folder not found (named in the study's cdkg.toml, [graph] folders)",
                             Location(folder))
        data += sorted(Path(folder).glob("*.trig"))
    for extra in include or []:
        extra = Path(extra)
        if extra.is_dir():
            data += sorted(extra.glob("*.trig")) + sorted(extra.glob("*.ttl"))
        elif extra.is_file():
            data.append(extra)
        else:
            raise InputError("included file not found", Location(extra))
    return ontology, data


def assemble(settings: Settings, include: list[Path] | None = None) -> Assembly:
    """Parse the ontology and the curated graph (and ``include``, if given) into one Dataset.

    ``cdkg build`` assembles only the curated core this way and streams included files, which
    may hold millions of triples, straight into its Oxigraph store (:func:`load_includes`).

    Raises
    ------
    InputError
        On the first file with a syntax error (file, line, column and problem).
    """
    ontology_files, data_files = input_files(settings, include)
    ds = Dataset()
    onto_graph = ds.graph(system_graph("ontology"))
    assembly = Assembly(ds)
    for path in ontology_files:
        parsed = parse_file(path)
        for triple in parsed:
            onto_graph.add(triple)
        assembly.files.append(path)
    for path in data_files:
        parsed = parse_file(path, into=Dataset()) if path.suffix == ".trig" else parse_file(path)
        assembly.files.append(path)
        if isinstance(parsed, Graph) and not isinstance(parsed, Dataset):
            target = ds.graph(URIRef(f"{settings.base}id/graph/default"))
            for triple in parsed:
                target.add(triple)
            continue
        for s, p, o, g in parsed.quads((None, None, None, None)):
            name = g.identifier if hasattr(g, "identifier") else g
            ds.add((s, p, o, name))
            assembly.graph_files.setdefault(str(name), [])
            if path not in assembly.graph_files[str(name)]:
                assembly.graph_files[str(name)].append(path)
    citations = ds.graph(system_graph("citations"))
    for name in list(assembly.graph_files):
        citation = parse_citation(name)
        if citation is not None:
            for triple in citation_triples(citation):
                citations.add(triple)
    return assembly


_STORE_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES"}


def include_files(include: list[Path] | None) -> list[Path]:
    """The files named by ``--include`` (folders give their RDF files), checked to exist."""
    files = []
    for extra in include or []:
        extra = Path(extra)
        if extra.is_dir():
            found = sorted(p for p in extra.iterdir() if p.suffix in _STORE_FORMATS)
            if not found:
                raise InputError("the included folder holds no RDF file (.trig, .nq, .ttl or .nt)", Location(extra))
            files += found
        elif extra.is_file():
            if extra.suffix not in _STORE_FORMATS:
                raise InputError(f"unknown RDF file type {extra.suffix!r} (use .trig, .nq, .ttl or .nt)", Location(extra))
            files.append(extra)
        else:
            raise InputError("included file not found", Location(extra))
    return files


def _check_not_empty(path: Path, fmt) -> None:
    """Refuse an included file with no triple (0 bytes, or only prefixes and comments): a build
    that adds nothing from it would pass in silence. Reads up to the first triple only."""
    import pyoxigraph as ox

    if path.stat().st_size == 0:
        raise InputError("the included file is empty (0 bytes)", Location(path))
    try:
        first = next(iter(ox.parse(path=str(path), format=fmt)), None)
    except SyntaxError as err:
        raise file_syntax_error(err, path) from None
    if first is None:
        raise InputError("the included file holds no triple", Location(path))


def load_includes(store, files: list[Path], base: str = DEFAULT_BASE) -> None:
    """Stream included files into an Oxigraph store: quads keep their graphs; the triples of a
    Turtle or N-Triples file go into ``<base>id/graph/include/<file stem>``.

    Raises
    ------
    InputError
        Naming the file, line and column of a syntax error (the build then stops).
    """
    import pyoxigraph as ox

    for path in files:
        fmt = getattr(ox.RdfFormat, _STORE_FORMATS[path.suffix])
        _check_not_empty(path, fmt)
        to_graph = None
        if path.suffix in (".ttl", ".nt"):
            to_graph = ox.NamedNode(f"{base}id/graph/include/{path.stem}")
        try:
            store.bulk_load(path=str(path), format=fmt, to_graph=to_graph) if to_graph else store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as err:
            raise file_syntax_error(err, path) from None
