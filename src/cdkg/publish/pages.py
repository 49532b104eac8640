"""The human-readable site: one page per resource (with its data in Turtle, JSON-LD and
N-Triples next to it), the home page, the browse, sources, "where the sources disagree" and
vocabularies pages, and a 404 page.

Pages are Jinja2 templates (``templates/``) filled from a :class:`~cdkg.publish.model.SiteIndex`.
Links between pages are relative, so the site works from any address: its permanent base, a
staging host, a sub-folder, or straight from the disk.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from dataclasses import dataclass
from importlib import resources as package_files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from cdkg.core.encode import script_text
from cdkg.build.summary import SUMMARY_CLASSES
from cdkg.core.namespaces import CDKG, WGS
from cdkg.load import parse_citation
from cdkg.publish.dumps import write_graph_files
from cdkg.publish.model import Fact, SiteIndex, Term
from cdkg.publish.negotiation import RESOURCE_FORMATS

MAPPINGS = (("exact match", SKOS.exactMatch), ("close match", SKOS.closeMatch), ("broad match", SKOS.broadMatch),
            ("narrow match", SKOS.narrowMatch), ("related match", SKOS.relatedMatch), ("related", SKOS.related))


@dataclass
class SiteInfo:
    """What every page shows about the site: names, version, licence, addresses."""

    base: str
    site_url: str
    endpoint: str
    title: str
    title_da: str
    description: str
    version: str
    issued: str
    license: str
    license_name: str = "CC BY 4.0"
    citation: str = ""        # how to cite, as text
    bibtex: str = ""          # ... and as BibTeX
    attribution: str = ""     # what the graph takes from open datasets, and their licences


def slug(text: str) -> str:
    """An HTML anchor for a heading.

    Examples
    --------
    >>> slug("Local governments")
    'local-governments'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "other"


def relative(target: str | None, page: str) -> str:
    """A link from the site page ``page`` to the site path ``target`` (external links unchanged).

    Examples
    --------
    >>> relative("id/government/aarhus.html", "id/city/aarhus.html")
    '../government/aarhus.html'
    >>> relative("ontology.html#City", "id/city/aarhus.html")
    '../../ontology.html#City'
    >>> relative("https://www.geonames.org/", "index.html")
    'https://www.geonames.org/'
    """
    if target is None:
        return "#"
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    fragment = ""
    if "#" in target:
        target, fragment = target.split("#", 1)
        fragment = "#" + fragment
    return posixpath.relpath(target, posixpath.dirname(page) or ".") + fragment


class PageWriter:
    """Writes the pages of a site into ``folder`` (the staging folder of a publish)."""

    def __init__(self, index: SiteIndex, folder: Path, site: SiteInfo):
        self.index = index
        self.folder = Path(folder)
        self.site = site
        self.env = Environment(loader=PackageLoader("cdkg.publish", "templates"),
                               autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
                               undefined=StrictUndefined)
        self.written: list[str] = []

    # -- helpers ---------------------------------------------------------------------------

    def render(self, template: str, path: str, absolute: bool = False, **context) -> str:
        """Render ``template`` to the site path ``path``; links are relative to it, or to the
        site's root when ``absolute`` (for the 404 page, which is served at any address)."""
        def url(target):
            return target if absolute and target and "://" not in target else relative(target, path)

        html = self.env.get_template(template).render(site=self.site, url=url, base_href=context.pop("base_href", None),
                                                      **context)
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.written.append(path)
        return html

    def copy_static(self) -> None:
        source = package_files.files("cdkg.publish") / "static"
        target = self.folder / "static"
        target.mkdir(parents=True, exist_ok=True)
        for item in source.iterdir():
            if item.is_file():
                with package_files.as_file(item) as real:
                    shutil.copyfile(real, target / item.name)
                self.written.append(f"static/{item.name}")

    def item(self, iri) -> Term:
        term = self.index.term(iri)
        term.path = self.index.href(iri)
        return term

    # -- one resource ----------------------------------------------------------------------

    def resource(self, iri: URIRef) -> None:
        index = self.index
        path = index.path_of(iri)
        description = index.description(iri)
        data_paths = write_graph_files(description, self.folder, path, index.base, RESOURCE_FORMATS, first=iri)
        self.written += data_paths
        jsonld = script_text((self.folder / f"{path}.jsonld").read_text(encoding="utf-8"))
        asserted, inferred = index.types(iri)
        lat, long = index.union.value(iri, WGS.lat), index.union.value(iri, WGS.long)
        record = {
            "iri": str(iri), "path": path, "label": index.label(iri), "danish": index.danish(iri),
            "types": asserted, "inferred_types": inferred,
            "formats": [{"name": rep.name, "media_type": rep.media_type, "path": f"{path}.{rep.extension}"}
                        for rep in RESOURCE_FORMATS],
            "jsonld": jsonld, "names": index.names(iri), "facts": index.facts(iri), "incoming": index.incoming(iri),
            "measures": index.measures(iri), "same_as": index.same_as(iri),
            "coordinates": (str(lat), str(long)) if lat is not None and long is not None else None,
            "scheme": self.scheme_tree(iri) if (iri, RDF.type, SKOS.ConceptScheme) in index.union else None,
            "passage": self.passage(iri), "citations": self.document_citations(iri),
        }
        self.render("resource.html", f"{path}.html", r=record, title=record["label"])

    def scheme_tree(self, scheme) -> list[dict]:
        """The concepts of a scheme as a tree (``skos:broader`` within the scheme), by label."""
        union = self.index.union
        members = set(union.subjects(SKOS.inScheme, scheme)) | set(union.objects(scheme, SKOS.hasTopConcept))
        parents = {c: {b for b in union.objects(c, SKOS.broader) if b in members} |
                   {n for n in union.subjects(SKOS.narrower, c) if n in members} for c in members}

        def node(concept, seen):
            children = sorted((c for c in members if concept in parents[c] and c not in seen),
                              key=lambda c: self.index.label(c).lower())
            definition = next((str(d) for d in union.objects(concept, SKOS.definition)
                               if isinstance(d, Literal) and d.language in ("en", None)), None)
            mappings = [{"kind": kind, "target": self.item(t)} for kind, prop in MAPPINGS
                        for t in sorted(union.objects(concept, prop), key=str)]
            return {"label": self.index.label(concept), "danish": self.index.danish(concept),
                    "path": self.index.href(concept), "definition": definition, "mappings": mappings,
                    "children": [node(c, seen | {concept}) for c in children]}

        tops = sorted((c for c in members if not parents[c]), key=lambda c: self.index.label(c).lower())
        return [node(c, {c}) for c in tops]

    def passage(self, iri) -> dict | None:
        """For a citation: the document, the lines (or the imported record) and the facts of its
        named graph."""
        citation = parse_citation(str(iri))
        if citation is None and (iri, RDF.type, CDKG.Citation) not in self.index.union:
            return None
        graph = self.index.dataset.graph(iri)
        if len(graph) == 0:
            return None
        groups = {}
        for s, p, o in graph:
            groups.setdefault(s, []).append((p, o))
        out = []
        for subject in sorted(groups, key=lambda s: (self.index.label(s).lower(), str(s))):
            facts = [Fact(self.index.term(p), self.index.term(o), [])
                     for p, o in sorted(groups[subject], key=lambda po: (po[0] != RDF.type, str(po[0]), str(po[1])))]
            out.append({"subject": self.item(subject), "facts": facts})
        if citation is None:   # an imported record: its file and row, or its item
            document = self.index.union.value(iri, CDKG.sourceDocument)
            return {"record": self.index.record_label(iri), "start": None, "end": None,
                    "document_label": self.index.label(document) if document is not None else "",
                    "document_path": self.index.href(document) if document is not None else None,
                    "file": None, "count": len(graph), "groups": out}
        document = citation.document_iri()
        file_name = self.index.union.value(document, CDKG.fileName)
        return {"record": None, "start": citation.start, "end": citation.end, "document_label": self.index.label(document),
                "document_path": self.index.href(document) if (document, None, None) in self.index.union else None,
                "file": str(file_name) if file_name else None, "count": len(graph), "groups": out}

    def document_citations(self, iri) -> list[dict] | None:
        """For a source document: its cited passages in line order, with what they are about."""
        if (iri, RDF.type, CDKG.SourceDocument) not in self.index.union:
            return None
        rows = []
        for citation_iri in self.index.union.subjects(CDKG.sourceDocument, iri):
            citation = parse_citation(str(citation_iri))
            if citation is None:
                continue
            graph = self.index.dataset.graph(citation_iri)
            subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=lambda s: self.index.label(s).lower())
            lines = f"{citation.start}" if citation.start == citation.end else f"{citation.start}–{citation.end}"
            rows.append({"start": citation.start, "end": citation.end, "lines": lines, "count": len(graph),
                         "path": self.index.href(citation_iri), "subjects": [self.item(s) for s in subjects]})
        rows.sort(key=lambda r: (r["start"], r["end"]))
        return rows

    # -- the site's own pages --------------------------------------------------------------

    def groups(self) -> list[dict]:
        """Resources by kind, in the order a researcher counts them (citations are on the
        sources page instead)."""
        union = self.index.union
        order = [(name, cls) for name, cls in SUMMARY_CLASSES if cls not in (CDKG.Citation,)]
        order.append(("concept schemes", SKOS.ConceptScheme))
        placed, groups = set(), {}
        resources = self.index.resources()
        citations = set(union.subjects(RDF.type, CDKG.Citation))
        for iri in resources:
            if iri in citations:
                continue
            kinds = set(union.objects(iri, RDF.type))
            for name, cls in order:
                if cls in kinds:
                    groups.setdefault((order.index((name, cls)), name, cls), []).append(iri)
                    placed.add(iri)
                    break
        others: dict = {}
        for iri in resources:
            if iri in placed or iri in citations:
                continue
            asserted, _ = self.index.types(iri)
            label = asserted[0].text if asserted else "other resources"
            others.setdefault(label, []).append(iri)
        out = []
        for (_, name, cls), members in sorted(groups.items(), key=lambda kv: kv[0][0]):
            out.append({"label": name, "anchor": slug(name), "class_path": self.index.href(cls), "members": members})
        for label in sorted(others):
            out.append({"label": label, "anchor": slug(label), "class_path": None, "members": others[label]})
        for group in out:
            group["members"] = sorted(({"text": self.index.label(i), "danish": self.index.danish(i),
                                        "path": self.index.href(i), "iri": str(i)} for i in group["members"]),
                                    key=lambda d: (d["text"].lower(), d["iri"]))
        return out

    def sources(self) -> tuple[list[dict], list[Term]]:
        union = self.index.union
        docs = []
        for doc in sorted(union.subjects(RDF.type, CDKG.SourceDocument), key=str):
            citations = [c for c in union.subjects(CDKG.sourceDocument, doc) if parse_citation(str(c))]
            title = next((str(t) for t in union.objects(doc, DCTERMS.title)), None)
            file_name = union.value(doc, CDKG.fileName)
            docs.append({"label": self.index.label(doc), "title": title, "path": self.index.href(doc),
                         "file": str(file_name) if file_name else None, "passages": len(citations),
                         "triples": sum(len(self.index.dataset.graph(c)) for c in citations)})
        datasets = [self.item(d) for d in sorted(union.subjects(RDF.type, CDKG.Dataset), key=str)
                    if self.index.path_of(d)]
        return docs, datasets

    def schemes(self) -> list[dict]:
        union = self.index.union
        rows = []
        for scheme in sorted(union.subjects(RDF.type, SKOS.ConceptScheme), key=lambda s: self.index.label(s).lower()):
            if self.index.path_of(scheme) is None:
                continue
            definition = next((str(d) for d in union.objects(scheme, SKOS.definition)
                               if isinstance(d, Literal) and d.language in ("en", None)), None)
            rows.append({"text": self.index.label(scheme), "danish": self.index.danish(scheme),
                         "path": self.index.href(scheme), "definition": definition,
                         "count": len(set(union.subjects(SKOS.inScheme, scheme)))})
        return rows

    def disagreements(self) -> list[dict]:
        """Every recorded difference between sources (``cdkg:SourceDifference``): what it is about,
        how the passages differ, and each compared passage with its document and lines."""
        union = self.index.union
        rows = []
        for diff in sorted(set(union.subjects(RDF.type, CDKG.SourceDifference)), key=lambda d: self.index.label(d).lower()):
            passages = []
            for passage in union.objects(diff, CDKG.comparesPassage):
                citation = parse_citation(str(passage))
                if citation is None:
                    continue
                document = citation.document_iri()
                lines = f"line {citation.start}" if citation.start == citation.end else f"lines {citation.start}–{citation.end}"
                passages.append({"document": self.index.label(document), "document_path": self.index.href(document),
                                 "document_id": citation.document, "start": citation.start, "lines": lines,
                                 "path": self.index.href(passage)})
            passages.sort(key=lambda p: (p["document_id"], p["start"]))
            kinds = [self.index.label(k) for k in union.objects(diff, CDKG.differenceKind)]
            comment = next((str(c) for c in union.objects(diff, RDFS.comment)
                            if isinstance(c, Literal) and c.language in ("en", None)), "")
            rows.append({"item": self.item(diff), "danish": self.index.danish(diff), "kinds": sorted(kinds),
                         "about": [self.item(t) for t in sorted(union.objects(diff, CDKG.concerns), key=str)],
                         "comment": comment, "passages": passages})
        return rows

    @property
    def main_kinds(self) -> set[str]:
        return {name for name, _ in SUMMARY_CLASSES} | {"concept schemes"}

    def site_pages(self, stats, dumps, examples, dataset_path: str, views: list | None = None) -> None:
        """The home, browse, sources, disagreements, vocabularies and 404 pages."""
        groups = self.groups()
        docs, datasets = self.sources()
        classes = [{"label": g["label"], "anchor": g["anchor"], "count": len(g["members"])} for g in groups
                   if g["class_path"] is not None and g["label"] in self.main_kinds]
        rest = sum(len(g["members"]) for g in groups) - sum(c["count"] for c in classes)
        if rest:
            classes.append({"label": "other resources (analysis results, geometries, the dataset's description...)",
                            "anchor": "", "count": rest})
        self.render("index.html", "index.html", title="Home", stats=stats, dumps=dumps, classes=classes,
                    sources=docs, examples=[self.item(e) for e in examples], dataset_path=dataset_path,
                    views=views or [])
        self.render("browse.html", "browse.html", title="Browse", groups=groups,
                    total=sum(len(g["members"]) for g in groups))
        self.render("sources.html", "sources.html", title="Sources", sources=docs, datasets=datasets)
        self.render("disagreements.html", "disagreements.html", title="Where the sources disagree",
                    differences=self.disagreements())
        self.render("vocabularies.html", "vocabularies.html", title="Vocabularies", schemes=self.schemes())
        self.render("404.html", "404.html", absolute=True, title="Not found", missing=None,
                    base_href=self.site.site_url)


def jsonld_of(path: Path) -> dict:
    """Read a JSON-LD file written by the site (for tests and notebooks)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
