"""Whole-dataset dumps in every common RDF syntax, a published JSON-LD context, and checksums.

Triples (the merged graph) go out as Turtle, N-Triples, JSON-LD and RDF/XML; quads (every fact
in its citation graph) as N-Quads and TriG. A dump larger than a threshold gets a gzip copy
next to it (deterministic: no time stamp or file name in the gzip header). The JSON-LD dump
refers to the context by its permanent address (``<base>context.jsonld``), which the site serves.

Oxigraph's serialisers (fast, streaming) write every syntax except JSON-LD, which rdflib writes
compacted with the context; statements are written sorted, subject by subject.
"""

from __future__ import annotations

from cdkg.build.oxigraph import to_ox

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef

from cdkg.core.namespaces import all_prefixes

#: Dumps larger than this (bytes) also get a ``.gz`` copy.
GZIP_THRESHOLD = 1_000_000

CONTEXT_FILE = "context.jsonld"


@dataclass(frozen=True)
class DumpFormat:
    """One dump syntax: file extension, media type, W3C format IRI, rdflib name, quads or not."""

    extension: str
    media_type: str
    format_iri: str
    rdflib_format: str
    quads: bool
    title: str
    oxigraph: object = None


FORMATS = (
    DumpFormat("ttl", "text/turtle", "http://www.w3.org/ns/formats/Turtle", "turtle", False, "Turtle", ox.RdfFormat.TURTLE),
    DumpFormat("nt", "application/n-triples", "http://www.w3.org/ns/formats/N-Triples", "nt", False, "N-Triples",
               ox.RdfFormat.N_TRIPLES),
    DumpFormat("jsonld", "application/ld+json", "http://www.w3.org/ns/formats/JSON-LD", "json-ld", False, "JSON-LD"),
    DumpFormat("rdf", "application/rdf+xml", "http://www.w3.org/ns/formats/RDF_XML", "xml", False, "RDF/XML",
               ox.RdfFormat.RDF_XML),
    DumpFormat("nq", "application/n-quads", "http://www.w3.org/ns/formats/N-Quads", "nquads", True, "N-Quads",
               ox.RdfFormat.N_QUADS),
    DumpFormat("trig", "application/trig", "http://www.w3.org/ns/formats/TriG", "trig", True, "TriG", ox.RdfFormat.TRIG),
)


@dataclass(frozen=True)
class Dump:
    """A written file: its site path, format, size, SHA-256, and the file it compresses."""

    path: str
    format: DumpFormat
    size: int
    sha256: str
    compressed: bool = False

    @property
    def title(self) -> str:
        what = "quads, every fact in its citation graph" if self.format.quads else "merged triples"
        return f"{self.format.title} ({what}{', gzip' if self.compressed else ''})"


def json_ld_context(base: str) -> dict:
    """The JSON-LD context the site publishes: one term per prefix the graph uses.

    Examples
    --------
    >>> ctx = json_ld_context("https://w3id.org/cdkg/")["@context"]
    >>> ctx["city"], ctx["skos"]
    ('https://w3id.org/cdkg/id/city/', 'http://www.w3.org/2004/02/skos/core#')
    """
    return {"@context": dict(all_prefixes(base))}


def used_prefixes(graph, base: str, quads: bool = False) -> dict[str, str]:
    """The known prefixes that some IRI of ``graph`` starts with (so small files stay short).

    Examples
    --------
    >>> g = Graph(); _ = g.add((URIRef("https://w3id.org/cdkg/id/city/a"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A")))
    >>> sorted(used_prefixes(g, "https://w3id.org/cdkg/"))
    ['cd', 'city', 'rdfs']
    """
    statements = graph.quads((None, None, None, None)) if quads else graph
    iris = set()
    for statement in statements:
        for term in statement:
            term = getattr(term, "identifier", term)
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal) and term.datatype:
                iris.add(str(term.datatype))
    spaces = {i.rsplit("#", 1)[0] + "#" if "#" in i else i.rsplit("/", 1)[0] + "/" for i in iris}
    return {p: ns for p, ns in all_prefixes(base).items() if any(space.startswith(ns) for space in spaces)}


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def gzip_copy(path: Path) -> Path:
    """Write ``path.gz`` reproducibly (mtime 0, no file name in the header).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.nt"; _ = p.write_text("<a> <b> <c> .\\n" * 100)
    >>> gz = gzip_copy(p); gzip.decompress(gz.read_bytes()) == p.read_bytes()
    True
    >>> checksum(gzip_copy(p)) == checksum(gz)
    True
    """
    target = path.with_name(path.name + ".gz")
    with open(path, "rb") as src, open(target, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
            for block in iter(lambda: src.read(1 << 20), b""):
                out.write(block)
    return target


def _sort_key(statement):
    return tuple((0 if isinstance(t, URIRef) else 1, str(t)) for t in statement)


def oxigraph_statements(graph, quads: bool, first=None) -> list:
    """The statements of ``graph`` as Oxigraph triples or quads, sorted (``first``'s own first)."""
    if quads:
        rows = []
        for s, p, o, g in graph.quads((None, None, None, None)):
            name = g.identifier if hasattr(g, "identifier") else g
            rows.append((name, s, p, o))
        rows.sort(key=_sort_key)
        return [ox.Quad(to_ox(s), to_ox(p), to_ox(o),
                        ox.DefaultGraph() if name is None else to_ox(name)) for name, s, p, o in rows]
    rows = sorted(graph, key=lambda t: (t[0] != first, _sort_key(t)))
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in rows]


def serialize(graph, target: Path, fmt: DumpFormat, base: str, context_url: str | None = None, first=None) -> None:
    """Write ``graph`` (a Graph, or a Dataset for quad formats) to ``target`` in ``fmt``.

    JSON-LD is compacted with the published context and then refers to it by ``context_url``
    (or carries the context inline when ``context_url`` is None).
    """
    if fmt.oxigraph is not None:
        prefixes = used_prefixes(graph, base, fmt.quads) if fmt.extension in ("ttl", "trig", "rdf") else None
        ox.serialize(oxigraph_statements(graph, fmt.quads, first), output=str(target), format=fmt.oxigraph,
                     prefixes=prefixes)
        return
    if fmt.rdflib_format == "json-ld":
        context = json_ld_context(base)["@context"] if context_url else used_prefixes(graph, base)
        text = graph.serialize(format="json-ld", context=context, auto_compact=True)
        data = json.loads(text)
        if context_url and isinstance(data, dict) and "@context" in data:
            data["@context"] = context_url
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    else:
        graph.serialize(destination=str(target), format=fmt.rdflib_format, encoding="utf-8")


def write_dumps(dataset: Dataset, union: Graph, folder: Path, base: str, name: str = "cdkg",
                threshold: int = GZIP_THRESHOLD) -> list[Dump]:
    """Write every dump of the dataset into ``folder/dumps/`` and the context into ``folder``.

    Returns the dumps (gzip copies included) with their sizes and checksums.
    """
    folder = Path(folder)
    (folder / "dumps").mkdir(parents=True, exist_ok=True)
    context_path = folder / CONTEXT_FILE
    context_path.write_text(json.dumps(json_ld_context(base), indent=2) + "\n", encoding="utf-8")
    written = []
    for fmt in FORMATS:
        rel = f"dumps/{name}.{fmt.extension}"
        target = folder / rel
        serialize(dataset if fmt.quads else union, target, fmt, base, base + CONTEXT_FILE)
        written.append(Dump(rel, fmt, target.stat().st_size, checksum(target)))
        if target.stat().st_size > threshold:
            gz = gzip_copy(target)
            written.append(Dump(rel + ".gz", fmt, gz.stat().st_size, checksum(gz), compressed=True))
    return written


def write_graph_files(graph: Graph, folder: Path, stem: str, base: str, formats: tuple, first=None) -> list[str]:
    """Write one graph (a resource's description, the ontology) as ``stem.EXT`` for each format
    that has an rdflib name (HTML pages are written elsewhere). Returns the site paths.

    Their JSON-LD carries its context inline, so that each document stands alone."""
    paths = []
    for rep in formats:
        if not rep.rdflib_format:
            continue
        rel = f"{stem}.{rep.extension}"
        target = Path(folder) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        fmt = next(f for f in FORMATS if f.rdflib_format == rep.rdflib_format)
        serialize(graph, target, fmt, base, None, first=first)
        paths.append(rel)
    return paths
