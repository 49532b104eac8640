"""Read the facts network analysis needs out of the knowledge graph, in one pass over its quads.

The input is the built graph: an :class:`rdflib.Dataset` (all named graphs are read, as their
union), an :class:`rdflib.Graph`, or a :class:`pyoxigraph.Store` (fast at scale). Only the
properties that make up ties are read: who governs which city, memberships (member,
organisation, role, period, functions), what networks provide, partnerships (kind, partners,
themes, years), countries, labels and coordinates, and in which citation graphs each thing
is stated (for the source document and lines in the views). Nothing else, so projections
carry no ``rdf:type`` or provenance noise.
"""

from __future__ import annotations

import re
from os import PathLike
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rdflib.namespace import RDF, RDFS, SKOS, TIME

from cdkg.core.gcpause import paused_gc
from cdkg.core.namespaces import CDKG, ORG, WGS

_C = str(CDKG)
_TYPE, _LABEL, _PREF, _ALT = str(RDF.type), str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel)
_GOVERNS, _IN_COUNTRY, _CODE = _C + "governs", _C + "inCountry", _C + "countryCode"
_GEONAMES = _C + "geonamesId"
_MEMBER, _ORGANIZATION, _ROLE = str(ORG.member), str(ORG.organization), str(ORG.role)
_DURING = str(ORG.memberDuring)
_START, _END = _C + "startYear", _C + "endYear"
_EMPHASISES, _PROVIDES = _C + "emphasisesFunction", _C + "providesFunction"
_PARTNER, _THEME = _C + "partner", _C + "theme"
_LAT, _LONG = str(WGS.lat), str(WGS.long)
_BEGIN, _ENDING = str(TIME.hasBeginning), str(TIME.hasEnd)
_INSTANT = {str(TIME.inXSDgYear), str(TIME.inXSDDate), str(TIME.inXSDDateTimeStamp), str(TIME.inXSDDateTime)}
#: every predicate :func:`extract` reads; an Oxigraph store is asked for these only
WANTED = {_TYPE, _LABEL, _PREF, _ALT, _GOVERNS, _IN_COUNTRY, _CODE, _GEONAMES, _MEMBER, _ORGANIZATION, _ROLE, _DURING,
          _START, _END, _EMPHASISES, _PROVIDES, _PARTNER, _THEME, _LAT, _LONG, _BEGIN, _ENDING, *_INSTANT}

#: Partnership classes of the ontology, by the short name the projections accept as ``kind``.
PARTNERSHIP_KINDS = {
    "twinning": _C + "Twinning",
    "city-to-city-cooperation": _C + "CityToCityCooperation",
    "strategic-sector-cooperation": _C + "StrategicSectorCooperation",
    "study-exchange": _C + "StudyExchange",
    "project-consortium": _C + "ProjectConsortium",
}
_NETWORK_TYPES = {_C + t for t in ("CityNetwork", "RegionalCooperation", "SubNetwork", "Forum",
                                   "WorkingGroup", "TaskForce", "GoverningBody")}
_PARTNERSHIP_TYPES = set(PARTNERSHIP_KINDS.values()) | {_C + "Partnership"}
_LABELS = {_LABEL, _PREF}
_MEMBERSHIP = str(ORG.Membership)
_SKIP_ENDINGS = ("id/graph/ontology", "id/graph/inferred", "id/graph/analysis")
_CITATION = re.compile(r"id/source/([A-Za-z0-9][A-Za-z0-9_-]*)/L(\d+)(?:-(\d+))?$")
_YEAR = re.compile(r"^-?\d{1,4}")


@dataclass(frozen=True)
class Lit:
    """A literal: its lexical value and language tag."""

    value: str
    lang: str | None = None


@dataclass
class Membership:
    """One ``org:Membership``: member, organisation, role, years, emphasised functions."""

    iri: str
    member: str | None = None
    organization: str | None = None
    role: str | None = None
    start: int | None = None
    end: int | None = None
    functions: set[str] = field(default_factory=set)
    graphs: set[str] = field(default_factory=set)
    during: str | None = None


@dataclass
class Partnership:
    """One n-ary partnership: its kinds, partners, themes and years."""

    iri: str
    types: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    start: int | None = None
    end: int | None = None
    graphs: set[str] = field(default_factory=set)

    @property
    def kinds(self) -> set[str]:
        return {k for k, t in PARTNERSHIP_KINDS.items() if t in self.types}


@dataclass
class Facts:
    """What the projections are built from; IRIs are plain strings."""

    labels: dict[str, dict[str | None, str]] = field(default_factory=lambda: defaultdict(dict))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    governs: dict[str, str] = field(default_factory=dict)
    country: dict[str, str] = field(default_factory=dict)
    country_code: dict[str, str] = field(default_factory=dict)
    lat: dict[str, float] = field(default_factory=dict)
    long: dict[str, float] = field(default_factory=dict)
    memberships: dict[str, Membership] = field(default_factory=dict)
    provides: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    partnerships: dict[str, Partnership] = field(default_factory=dict)
    graphs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    years: dict[str, int] = field(default_factory=dict)
    begin: dict[str, str] = field(default_factory=dict)
    ending: dict[str, str] = field(default_factory=dict)
    alt: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # skos:altLabel
    geonames: dict[str, int] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        """The English label, else any label, else the last segment of the IRI."""
        names = self.labels.get(iri) or {}
        for lang in ("en", None):
            if lang in names:
                return names[lang]
        if names:
            return sorted(names.items(), key=lambda kv: str(kv[0]))[0][1]
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def names(self, iri: str) -> list[str]:
        """Every name of a thing: its labels in all languages, alternate labels, country code
        (for looking up what a researcher types, :mod:`cdkg.core.lookup`)."""
        out = list(dict.fromkeys([*(self.labels.get(iri) or {}).values(), *sorted(self.alt.get(iri, ()))]))
        if iri in self.country_code:
            out.append(self.country_code[iri])
        return out

    def city_of(self, agent: str) -> str | None:
        """The city an actor stands for: the city a government governs, or a city itself."""
        if agent in self.governs:
            return self.governs[agent]
        if _C + "City" in self.types.get(agent, ()):
            return agent
        return None

    def is_network(self, iri: str) -> bool:
        return bool(self.types.get(iri, set()) & _NETWORK_TYPES)

    def country_of(self, place: str) -> str | None:
        return self.country.get(place)

    def code_of(self, place: str) -> str | None:
        country = self.country.get(place)
        return self.country_code.get(place) or (self.country_code.get(country) if country else None)


def _term(t) -> str | Lit:
    """rdflib or pyoxigraph term to an IRI string (blank nodes as ``_:id``) or a :class:`Lit`."""
    kind = type(t).__name__
    if kind == "Literal":
        return Lit(t.value if not isinstance(t, str) else str(t), getattr(t, "language", None))
    if kind in ("BNode", "BlankNode"):
        return "_:" + (str(t) if isinstance(t, str) else t.value)
    if isinstance(t, str):
        return str(t)
    if t is None or kind == "DefaultGraph":
        return ""
    return t.value


def _wanted_ox(quads) -> Iterator[tuple]:
    """The quads of pyoxigraph ``quads`` that :func:`extract` reads (wanted predicates, outside
    the ontology, inferred and analysis graphs), normalised as :func:`_normal` does."""
    import pyoxigraph

    named, literal = pyoxigraph.NamedNode, pyoxigraph.Literal
    wanted, skip, labels = WANTED, _SKIP_ENDINGS, _LABELS
    for q in quads:
        p = q.predicate.value
        if p not in wanted:
            continue
        name = getattr(q.graph_name, "value", "")  # the default graph has no value
        if name and name.endswith(skip):
            continue
        s, o = q.subject, q.object
        s = s.value if type(s) is named else "_:" + s.value
        if type(o) is named:
            o = o.value
        elif type(o) is literal:
            o = Lit(o.value, o.language) if p in labels else o.value
        else:
            o = "_:" + o.value
        yield s, p, o, name


def _normal(quads) -> Iterator[tuple]:
    """rdflib or pyoxigraph quads as ``(s, p, o, g)`` strings: IRIs as they are, blank nodes as
    ``_:id``, the default graph as ``""``, literals by value (:class:`Lit` for labels)."""
    for s, p, o, g in quads:
        p = _term(p)
        if p not in WANTED:
            continue
        g = _term(g) if g is not None else ""
        if g and g.endswith(_SKIP_ENDINGS):
            continue
        o = _term(o)
        if isinstance(o, Lit) and p not in _LABELS:
            o = o.value
        yield _term(s), p, o, g


def iter_quads(source) -> Iterator[tuple]:
    """The quads :func:`extract` reads from an rdflib Dataset/Graph, a pyoxigraph Store, or an
    iterable of quads or triples, normalised (see :func:`_normal`)."""
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover
        pyoxigraph = None
    if pyoxigraph is not None and isinstance(source, pyoxigraph.Store):
        # only the predicates the analysis reads: a large store holds far more
        for predicate in sorted(WANTED):
            yield from _wanted_ox(source.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), None, None))
    elif hasattr(source, "quads") and hasattr(source, "graphs"):
        yield from _normal(source.quads((None, None, None, None)))
    elif hasattr(source, "triples"):
        yield from _normal((s, p, o, None) for s, p, o in source.triples((None, None, None)))
    else:
        yield from _normal(tuple(q) if len(q) == 4 else (*q, None) for q in source)


def read_facts(paths, lenient: bool = False) -> Facts:
    """Read the facts straight from RDF files, streaming: no store is built, and only the
    quads :func:`extract` needs are kept (a built graph's inferred triples are passed over).

    Parameters
    ----------
    paths : str, Path or list of them
        N-Quads, TriG, Turtle or N-Triples files (format by extension), read as one graph.
    lenient : bool
        Skip checking IRIs and literals (for files that were validated when written).

    Raises
    ------
    SyntaxError
        From pyoxigraph's parser, with the line and column, and the file as ``filename``.

    Examples
    --------
    >>> import tempfile, os
    >>> fd, name = tempfile.mkstemp(suffix=".nt"); os.close(fd)
    >>> _ = open(name, "w").write('<http://x/gov> <https://w3id.org/cdkg/ontology#governs> <http://x/city> .\\n')
    >>> read_facts(name).governs
    {'http://x/gov': 'http://x/city'}
    """
    import pyoxigraph

    if isinstance(paths, (str, PathLike)):
        paths = [paths]

    def quads():
        for path in paths:
            fmt = pyoxigraph.RdfFormat.from_extension(str(path).rsplit(".", 1)[-1])
            try:
                yield from _wanted_ox(pyoxigraph.parse(path=str(path), format=fmt, lenient=lenient))
            except SyntaxError as err:
                err.filename = str(path)  # which of the files
                raise

    return _collect(quads())


def _year(value: str) -> int | None:
    m = _YEAR.match(value.strip())
    return int(m.group(0)) if m else None


def extract(source) -> Facts:
    """Read the facts of ties from a graph (see the module docstring).

    Parameters
    ----------
    source : rdflib.Dataset, rdflib.Graph, pyoxigraph.Store or iterable of quads

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix cdkg: <https://w3id.org/cdkg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <http://x/gov/a> cdkg:governs <http://x/city/a> . <http://x/city/a> rdfs:label "A"@en .
    ... <http://x/m> org:member <http://x/gov/a> ; org:organization <http://x/n> ; cdkg:startYear "2001" .
    ... ''')
    >>> f = extract(g)
    >>> m = f.memberships["http://x/m"]
    >>> f.label(f.city_of(m.member)), m.start
    ('A', 2001)
    """
    return _collect(iter_quads(source))


def _collect(quads) -> Facts:
    """Facts from normalised quads (see :func:`_normal`), in one pass and a dispatch by predicate."""
    with paused_gc():  # twice as fast on a large graph
        return _collect_quads(quads)


def _collect_quads(quads) -> Facts:
    f = Facts()
    types, labels, graphs, memberships, partnerships = f.types, f.labels, f.graphs, f.memberships, f.partnerships
    plain = {_GOVERNS: f.governs, _IN_COUNTRY: f.country, _BEGIN: f.begin, _ENDING: f.ending}
    member_attr = {_MEMBER: "member", _ORGANIZATION: "organization", _ROLE: "role", _DURING: "during"}
    membership_type, partnership_types = _MEMBERSHIP, _PARTNERSHIP_TYPES
    deferred = []
    for s, p, o, g in quads:
        if g:
            graphs[s].add(g)
        if p == _TYPE:
            types[s].add(o)
            if o == membership_type:
                if s not in memberships:
                    memberships[s] = Membership(s)
            elif o in partnership_types:
                if s not in partnerships:
                    partnerships[s] = Partnership(s)
                partnerships[s].types.add(o)
        elif p in plain:
            plain[p][s] = o
        elif p in _LABELS:
            if isinstance(o, Lit):
                lang = (o.lang or None) and o.lang.lower().split("-")[0]
                labels[s].setdefault(lang, o.value)
        elif p in member_attr:
            m = memberships.get(s)
            if m is None:
                m = memberships[s] = Membership(s)
            setattr(m, member_attr[p], o)
        elif p == _PARTNER or p == _THEME:
            ps = partnerships.get(s)
            if ps is None:
                ps = partnerships[s] = Partnership(s)
            (ps.partners if p == _PARTNER else ps.themes).add(o)
        elif p == _START or p == _END:  # sources that disagree: the span covers every period they state
            year, kept = _year(o), f.years.get((s, p))
            if kept is None or (year is not None and (year < kept if p == _START else year > kept)):
                f.years[(s, p)] = year
        else:
            deferred.append((s, p, o))
    for s, p, value in deferred:  # the rare ones
        if p == _CODE:
            f.country_code[s] = value.upper()
        elif p == _GEONAMES:
            try:
                f.geonames[s] = int(value)
            except ValueError:
                pass
        elif p == _LAT:
            f.lat[s] = float(value)
        elif p == _LONG:
            f.long[s] = float(value)
        elif p == _PROVIDES:
            f.provides[s].add(value)
        elif p == _ALT:
            f.alt[s].add(value.value if isinstance(value, Lit) else value)
        elif p == _EMPHASISES:
            m = memberships.get(s)
            if m is None:
                m = memberships[s] = Membership(s)
            m.functions.add(value)
        elif p in _INSTANT:
            f.years[s] = _year(value)
    _settle_years(f)
    return f


def _settle_years(f: Facts) -> None:
    for m in f.memberships.values():
        m.graphs = f.graphs.get(m.iri, set())
        m.start = f.years.get((m.iri, _START))
        m.end = f.years.get((m.iri, _END))
        if m.during:
            if m.start is None and m.during in f.begin:
                m.start = f.years.get(f.begin[m.during])
            if m.end is None and m.during in f.ending:
                m.end = f.years.get(f.ending[m.during])
    for p in f.partnerships.values():
        p.graphs = f.graphs.get(p.iri, set())
        p.start = f.years.get((p.iri, _START))
        p.end = f.years.get((p.iri, _END))
        p.types |= f.types.get(p.iri, set()) & _PARTNERSHIP_TYPES


def citations(iris: Iterable[str]) -> list[str]:
    """Human-readable source references of citation graph names, sorted.

    Examples
    --------
    >>> citations(["https://w3id.org/cdkg/id/source/001/L308-317", "https://w3id.org/cdkg/id/source/002/L5"])
    ['source 001, lines 308-317', 'source 002, line 5']
    """
    out = []
    for iri in iris:
        m = _CITATION.search(iri)
        if m:
            out.append(f"source {m[1]}, lines {m[2]}-{m[3]}" if m[3] else f"source {m[1]}, line {m[2]}")
        elif iri:
            out.append(iri.rstrip("/").rsplit("/", 1)[-1])
    return sorted(set(out))
