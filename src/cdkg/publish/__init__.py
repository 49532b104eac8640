"""Stage 6: publish the graph as a static linked-data site.

:func:`publish` writes, into one folder and atomically:

- dumps of the whole graph (Turtle, N-Triples, JSON-LD with a published context, RDF/XML,
  N-Quads and TriG with every fact in its citation graph; gzip copies of the large ones);
- a VoID description and a DCAT catalogue (``void.ttl``, ``dcat.ttl``);
- the ontology's documentation (pyLODE) and data (``ontology.html``, ``.ttl``, ...), and a page
  per SKOS concept scheme;
- one HTML page per resource, with its data next to it (``id/city/aarhus.html``, ``.ttl``,
  ``.jsonld``, ``.nt``): labels in English and Danish, every fact with the document and lines
  that state it, links both ways, network measures where ``cdkg analyze`` computed them;
- the redirect bundle (``.htaccess``, ``w3id/.htaccess``) that makes resource IRIs dereference.

:func:`make_deref_app` serves such a folder over HTTP with the same content negotiation.

Examples
--------
>>> from cdkg import Settings
>>> from cdkg.build import build
>>> result = build(Settings(), write=False)                    # doctest: +SKIP
>>> site = publish(result.dataset, Path("site"))               # doctest: +SKIP
>>> site.resources > 0                                         # doctest: +SKIP
True
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL

from cdkg.build import BuildFailed, system_graph
from cdkg.build.rebase import rebase_term
from cdkg.build.validate import load_shapes, run_checks, run_shacl
from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from cdkg.core.settings import Settings
from cdkg.core.version import __version__
from cdkg.load import parse_citation, parse_file
from cdkg.publish.deref import DerefApp, make_deref_app, make_site_server, sparql_proxy, start_in_thread
from cdkg.publish.describe import (DatasetInfo, Stats, attribution, bibtex, citation_text, count, dataset_iri,
                                   describe, examples, licence_name)
from cdkg.publish.dumps import FORMATS, GZIP_THRESHOLD, Dump, checksum, write_dumps, write_graph_files
from cdkg.publish.folder import MANIFEST, FolderNotEmpty, Staging, check_target, is_site
from cdkg.publish.model import SiteIndex
from cdkg.publish.negotiation import ONTOLOGY_FORMATS, negotiate
from cdkg.publish.ontodoc import ontology_html
from cdkg.publish.pages import PageWriter, SiteInfo
from cdkg.publish.redirects import site_htaccess, w3id_htaccess, w3id_readme

__all__ = ["publish", "PublishResult", "make_deref_app", "make_site_server", "start_in_thread", "DerefApp", "sparql_proxy",
           "add_analysis", "validate_dataset", "FolderNotEmpty", "DatasetInfo", "is_site", "MANIFEST", "negotiate",
           "SHAPES_FILE"]

#: The SHACL shapes a published dataset description must conform to (relative to the project).
SHAPES_FILE = Path("ontology") / "shapes" / "publishing.ttl"


@dataclass
class PublishResult:
    """What a publish wrote."""

    folder: Path
    files: list[str]
    resources: int
    dumps: list[Dump]
    stats: Stats
    skipped: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)      # wall time of each phase


def _issued(date: str | None) -> str:
    if date:
        try:
            return _dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise CdkgError(f"--date {date!r} is not a date (YYYY-MM-DD)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


def _ontology(dataset: Dataset, base: str) -> Graph:
    graph = Graph()
    for triple in dataset.graph(system_graph("ontology", base)):
        graph.add(triple)
    return graph


def add_analysis(dataset: Dataset, paths: list[Path], base: str = DEFAULT_BASE) -> int:
    """Add analysis results (Turtle or TriG files of ``cdkg:MeasureResult`` nodes) to ``dataset``,
    in the named graph ``<base>id/graph/analysis``; returns the number of triples added.
    Resource IRIs under the default base move to ``base``, as the build moves the graph's.

    Raises
    ------
    InputError
        A file cannot be parsed (file, line, column and problem).
    """
    target = dataset.graph(URIRef(f"{base}id/graph/analysis"))
    before = len(target)
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise CdkgError(f"{path}: analysis results not found")
        parsed = parse_file(path, into=Dataset()) if path.suffix in (".trig", ".nq") else parse_file(path)
        triples = ((s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None))) if isinstance(parsed, Dataset) else parsed
        for s, p, o in triples:
            target.add((rebase_term(s, base), p, rebase_term(o, base)))
    return len(target) - before


def validate_dataset(dataset: Dataset, settings: Settings) -> None:
    """Check a dataset read from a file (not built now) as the build would: it must hold
    citation graphs and the ontology, and pass the shapes and data checks.

    Raises
    ------
    CdkgError
        The dataset is empty or lacks the build's graphs.
    BuildFailed
        The shapes or checks report violations.
    """
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    if not any(parse_citation(n) for n in names):
        raise CdkgError("the graph holds no citation graphs (id/source/NNN/L...): nothing to publish")
    if str(system_graph("ontology", settings.base)) not in names:
        raise CdkgError("the graph holds no ontology graph: publish a file written by `cdkg build`")
    if settings.base != DEFAULT_BASE:   # the shapes name the default base's schemes: move back
        moved = Dataset()
        for s, p, o, g in dataset.quads((None, None, None, None)):
            name = g.identifier if hasattr(g, "identifier") else g
            moved.add(tuple(rebase_term(t, DEFAULT_BASE, old=settings.base) for t in (s, p, o, name)))
        dataset = moved
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    findings = run_shacl(union, load_shapes(settings.ontology_dir / "shapes.ttl"))
    findings += run_checks(dataset, settings.checks_dir)
    if any(f.severity == "violation" for f in findings):
        raise BuildFailed(findings)


def publish(dataset: Dataset, folder: Path, base: str = DEFAULT_BASE, site_url: str | None = None,
            endpoint: str | None = None, force: bool = False, date: str | None = None,
            info: DatasetInfo | None = None, gzip_threshold: int = GZIP_THRESHOLD,
            views: list[Path] | None = None) -> PublishResult:
    """Write the static linked-data site of ``dataset`` into ``folder``, atomically.

    Parameters
    ----------
    dataset : rdflib.Dataset
        A built dataset (``build(...).dataset``): citation graphs and the build's own graphs.
    folder : Path
        Where the site goes. A folder that holds files a publish did not write is refused.
    base : str
        The base of resource IRIs, which the site's root stands for.
    site_url : str, optional
        Where the site will be hosted, if not at ``base`` (the redirect bundle points there).
    endpoint : str, optional
        The SPARQL endpoint to advertise (default ``<base>sparql``).
    force : bool
        Replace a folder that holds other files.
    date : str, optional
        The issue date (YYYY-MM-DD); default ``SOURCE_DATE_EPOCH`` or today.
    views : list of Path, optional
        Self-contained HTML views (``cdkg view``) to put in ``views/`` and link from the home page.
    info : DatasetInfo, optional
        Title, description, licence, publisher and creators (default: from the study's ``cdkg.toml``).

    Raises
    ------
    FolderNotEmpty
        ``folder`` holds files a publish did not write and ``force`` is not set.
    CdkgError
        The dataset has nothing to publish; nothing is written.
    """
    folder = Path(folder)
    check_target(folder, force)
    if not any(parse_citation(str(g.identifier)) for g in dataset.graphs() if len(g)):
        raise CdkgError("the graph holds no citation graphs: nothing to publish")
    ontology = _ontology(dataset, base)
    if len(ontology) == 0:
        raise CdkgError("the graph holds no ontology graph: publish a dataset made by `cdkg build`")
    site_url = site_url or base
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    endpoint = endpoint or base + "sparql"
    version = str(ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo) or __version__)
    if info is None:
        from cdkg.core.discover import current

        info = DatasetInfo.for_project(current())
    info.version, info.issued = version, _issued(date)
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))

    seconds: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        seconds[name] = round(now - clock[0], 3)
        clock[0] = now

    with Staging(folder) as stage:
        out = stage.path
        dumps = write_dumps(dataset, union, out, base, threshold=gzip_threshold)
        lap("dumps")
        onto_paths = write_graph_files(ontology, out, "ontology", base, ONTOLOGY_FORMATS)
        onto_dumps = [Dump(p, next(f for f in FORMATS if f.extension == p.rsplit(".", 1)[-1]),
                           (out / p).stat().st_size, checksum(out / p)) for p in onto_paths]
        (out / "ontology.html").write_text(ontology_html(ontology), encoding="utf-8")
        lap("ontology")
        void, dcat = describe(union, base, info, dumps, endpoint, onto_dumps)
        void.serialize(destination=str(out / "void.ttl"), format="turtle")
        dcat.serialize(destination=str(out / "dcat.ttl"), format="turtle")
        lap("description")
        index = SiteIndex(dataset, base, extra=void + dcat)
        site = SiteInfo(base=base, site_url=site_url, endpoint=endpoint, title=info.title_en, title_da=info.title_da,
                        description=info.description, version=version, issued=info.issued, license=info.license,
                        license_name=licence_name(info.license), citation=citation_text(info, base), bibtex=bibtex(info, base),
                        attribution=attribution(union))
        writer = PageWriter(index, out, site)
        shown_views = _copy_views(views or [], out)
        resources = index.resources()
        lap("index")
        for iri in resources:
            writer.resource(iri)
        lap("resource pages")
        stats = count(union, base)
        writer.site_pages(stats, dumps, examples(union, base), index.path_of(dataset_iri(base)) + ".html", shown_views)
        writer.copy_static()
        lap("site pages")
        (out / ".htaccess").write_text(site_htaccess(site_url, version), encoding="utf-8")
        (out / "w3id").mkdir()
        (out / "w3id" / ".htaccess").write_text(w3id_htaccess(base, site_url, version), encoding="utf-8")
        (out / "w3id" / "README.md").write_text(w3id_readme(base, site_url), encoding="utf-8")
        (out / ".nojekyll").write_text("", encoding="utf-8")
        (out / "README.md").write_text(_readme(base, site_url, endpoint, version), encoding="utf-8")
        files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
        manifest = {"generator": "cdkg publish", "cdkg": __version__, "version": version, "base": base,
                    "site_url": site_url, "endpoint": endpoint, "issued": info.issued, "triples": len(union),
                    "resources": len(resources), "files": len(files) + 1, "paths": files,
                    "dumps": [{"path": d.path, "bytes": d.size, "sha256": d.sha256} for d in dumps]}
        (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        stage.commit()
    lap("bundle and commit")
    return PublishResult(folder, files + [MANIFEST], len(resources), dumps, stats,
                         [str(i) for i in index.unsafe_resources()], manifest, seconds)


def _copy_views(paths: list[Path], out: Path) -> list[dict]:
    """Copy the views (self-contained HTML files) into ``views/``; their titles for the home page."""
    import re
    import shutil

    shown = []
    for path in sorted(Path(p) for p in paths):
        if not path.is_file() or path.suffix != ".html":
            raise CdkgError(f"{path}: not an HTML view written by `cdkg view`")
        (out / "views").mkdir(exist_ok=True)
        shutil.copyfile(path, out / "views" / path.name)
        head = path.read_text(encoding="utf-8", errors="replace")[:20000]
        match = re.search(r"<title>(.*?)</title>", head, re.S | re.I)
        shown.append({"path": f"views/{path.name}", "title": match.group(1).strip() if match else path.stem})
    return shown


def _readme(base: str, site_url: str, endpoint: str, version: str) -> str:
    return f"""# City Diplomacy Knowledge Graph: published site (version {version})

Generated by `cdkg publish`; do not edit, publish again instead. Open `index.html`.

| path | what |
|---|---|
| `index.html`, `browse.html`, `sources.html`, `vocabularies.html` | the home page and the indexes |
| `id/...html` / `.ttl` / `.jsonld` / `.nt` | one page per resource and its data (the IRI `{base}id/...` without extension) |
| `ontology.html` / `.ttl` / `.jsonld` / `.nt` / `.rdf` | the ontology, documented with pyLODE |
| `dumps/` | the whole graph: Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads and TriG (gzip copies of large files) |
| `context.jsonld` | the JSON-LD context that `dumps/cdkg.jsonld` refers to |
| `void.ttl`, `dcat.ttl` | VoID description and DCAT catalogue |
| `views/` | the interactive views of `cdkg view` (network and map), when published with them |
| `.htaccess` | content negotiation on Apache httpd when this folder is served at `{site_url}` |
| `w3id/` | the redirect bundle for the permanent base `{base}` |

Resource IRIs answer `303 See Other` with the HTML page for browsers and Turtle, JSON-LD or
N-Triples for linked-data clients. Preview locally with `cdkg publish --serve` or `cdkg serve`.
The SPARQL endpoint advertised is {endpoint}.
"""
