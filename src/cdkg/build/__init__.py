"""Stage 2: build the graph. Load the ontology and the curated graph, add included data
(imports), apply the inference a user expects, validate (SHACL shapes on the curated core,
SPARQL data checks on everything, cited line ranges), and write the merged graph to the
generated output folder, atomically.

The curated core is small and gets the full pySHACL report; included data, which may hold
millions of triples, is streamed into an Oxigraph store, inferred with SPARQL updates and
checked with the SPARQL checks of ``queries/checks`` (see the README's section on validation
at scale for the measurements behind this split).

Examples
--------
>>> from cdkg import Settings
>>> result = build(Settings(), write=False)   # doctest: +SKIP
>>> result.summary["classes"]["cities"]        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from cdkg.build.assemble import Assembly, assemble, include_files, load_includes, system_graph
from cdkg.build.guard import check_output
from cdkg.build.infer import apply_inference, infer, infer_store
from cdkg.build.oxigraph import dataset_to_store, from_ox, graph_size, store_to_dataset
from cdkg.build.rebase import rebase_store, rebase_term
from cdkg.build.shapes_sparql import check_shapes, compile_shapes
from cdkg.build.figures import write_summary_graph
from cdkg.build.summary import summarise
from cdkg.build.validate import Finding, load_shapes, run_checks, run_shacl, shorten
from cdkg.build.write import UNION, kept_entries, write_output
from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import DEFAULT_BASE
from cdkg.core.settings import Settings
from cdkg.load import check_mentions, load_sources, parse_file

__all__ = ["build", "BuildResult", "BuildFailed", "Finding", "load_output", "infer", "apply_inference", "system_graph"]


class BuildFailed(CdkgError):
    """The graph has violations; nothing was written."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        violations = [f for f in findings if f.severity == "violation"]
        lines = "\n".join(f"  {f}" for f in violations[:200])
        more = f"\n  ... and {len(violations) - 200} more" if len(violations) > 200 else ""
        super().__init__(f"{len(violations)} violation(s); the previous output is left as it was:\n{lines}{more}")


@dataclass
class BuildResult:
    """What a build made: the Oxigraph store (quads), the findings and a summary. ``dataset``
    (rdflib Dataset) and ``union`` (rdflib Graph of the merged triples) are made on first use."""

    store: ox.Store
    findings: list[Finding]
    summary: dict
    written: list[Path] = field(default_factory=list)
    sources_checked: bool = False
    kept: list[Path] = field(default_factory=list)   # what the output held besides the build's files

    @cached_property
    def dataset(self) -> Dataset:
        return store_to_dataset(self.store)

    @cached_property
    def union(self) -> Graph:
        graph = Graph()
        for t in self.store.query(UNION):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]


class _Clock:
    """Seconds spent per phase, for the summary and the benchmarks; tells ``progress`` (a
    callable taking the name of the phase that starts) as each phase begins."""

    def __init__(self, progress=None):
        import time

        self._time = time.perf_counter
        self._last = self._time()
        self.laps: dict[str, float] = {}
        self.progress = progress or (lambda phase: None)
        self.progress("load and infer the curated graph")

    def lap(self, name: str, next_phase: str | None = None) -> None:
        now = self._time()
        self.laps[name] = round(now - self._last, 3)
        self._last = now
        if next_phase:
            self.progress(next_phase)


def _union_graph(store: ox.Store) -> Graph:
    graph = Graph()
    for t in store.query(UNION):
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return graph


def _attach_files(findings: list[Finding], assembly: Assembly, root: Path, includes: list[Path]) -> None:
    by_subject: dict[str, set[str]] = {}
    for name, paths in assembly.graph_files.items():
        ctx = assembly.dataset.graph(URIRef(name))
        for s in set(ctx.subjects()):
            for path in paths:
                try:
                    shown = str(path.relative_to(root))
                except ValueError:
                    shown = str(path)
                by_subject.setdefault(shorten(s), set()).add(shown)
    for finding in findings:
        files = by_subject.get(finding.focus)
        if not files and includes:
            files = {str(p) for p in includes}
        finding.files = tuple(sorted(files or ()))


def build(settings: Settings | None = None, include: list[Path] | None = None, write: bool = True,
          check_sources: bool = True, progress=None, formats: list[str] | None = None,
          force: bool = False) -> BuildResult:
    """Build the graph.

    Parameters
    ----------
    settings : Settings
        Paths and the IRI base; defaults to this project.
    include : list of Path
        Extra TriG/N-Quads/Turtle/N-Triples files or folders to add (for example imported data);
        default: the imports of the study (``settings.includes``).
    write : bool
        Write the output folder (default) or only validate.
    check_sources : bool
        Check cited line ranges against the study's registered source documents (those whose
        text files are at hand).
    formats : list of str, optional
        Output formats among trig, nq, ttl, nt, jsonld (default: all).
    force : bool
        Write into an output folder that holds files a build did not make (they are kept).
        Without it such a folder is refused (:func:`cdkg.build.guard.check_output`); the
        project folder is refused always.
    progress : callable, optional
        Called with the name of each phase as it starts (the CLI shows it on a terminal).

    Raises
    ------
    InputError
        A file cannot be parsed (file, line, column and problem).
    BuildFailed
        The graph has violations; nothing is written.
    """
    settings = settings or Settings()
    if write:  # before any work: refuse a folder the build did not make
        check_output(settings.output, settings.root, _input_folders(settings), force=force)
    clock = _Clock(progress)
    includes = include_files(include if include is not None else settings.includes)
    assembly = assemble(settings)
    ontology = assembly.dataset.graph(system_graph("ontology"))
    inferred_name = str(system_graph("inferred"))
    store = dataset_to_store(assembly.dataset)
    infer_store(store, ontology, inferred_name)
    clock.lap("load and infer the curated graph", "SHACL and cited ranges on the curated graph")
    shapes = load_shapes(settings.ontology_dir / "shapes.ttl")
    findings = run_shacl(_union_graph(store), shapes)
    sources_checked = False
    sources = load_sources(settings.documents) if check_sources and settings.documents else None
    if sources is not None and sources.lines:
        sources_checked = True
        for problem in check_mentions(assembly.dataset, sources):
            findings.append(Finding("violation", "cited line range", shorten(URIRef(problem.entity)) if problem.entity else "-",
                                    None, f"{problem.message} (citation {shorten(URIRef(problem.graph))})"))
    clock.lap("SHACL and cited ranges on the curated graph", "load included files" if includes else "SPARQL checks")
    core_quads, inferred_includes = len(store), 0
    if includes:
        load_includes(store, includes, DEFAULT_BASE)
        _apply_merges(store, settings, assembly)
        clock.lap("load included files", "infer on included data")
        inferred_includes = infer_store(store, ontology, inferred_name)
        clock.lap("infer on included data", "shapes on included data")
    if includes:  # the same shapes for included data, compiled to SPARQL (scales to millions)
        findings += _new_findings(findings, check_shapes(store, compile_shapes(shapes)))
        clock.lap("shapes on included data", "SPARQL checks")
    findings += run_checks(store, settings.checks_dir)
    clock.lap("SPARQL checks", "write output" if write else "summary")
    _attach_files(findings, assembly, settings.root, includes)
    if any(f.severity == "violation" for f in findings):
        raise BuildFailed(findings)
    if settings.base != DEFAULT_BASE:
        store = rebase_store(store, settings.base)
    inferred = graph_size(store, str(system_graph("inferred", settings.base)))
    write_summary_graph(store, settings.base)
    clock.lap("summary graph")

    def make_summary(triples: int | None = None) -> dict:
        curated = [str(rebase_term(URIRef(name), settings.base)) for name in assembly.graph_files]
        made = summarise(store, findings, inferred, triples, citation_graphs=curated,
                         imported_quads=len(store) - core_quads - inferred_includes)
        made["sources_checked"] = sources_checked
        made["includes"] = [str(p) for p in includes]
        if sources is not None and sources.missing:
            made["sources_missing"] = {k: str(v) for k, v in sorted(sources.missing.items())}
        clock.lap("summary")
        made["timings_s"] = clock.laps
        return made

    kept = kept_entries(settings.output) if write else []
    if write:
        written, summary = write_output(store, settings.output, make_summary, settings.base, formats)
        clock.lap("write output")
    else:
        written, summary = [], make_summary()
    return BuildResult(store, findings, summary, written, sources_checked, kept)


def _new_findings(known: list[Finding], found: list[Finding]) -> list[Finding]:
    """``found`` less what pySHACL already reported on the curated core (same resource, property, rule words)."""
    seen = {(f.focus, f.path, f.message.split(" (value:")[0]) for f in known}
    return [f for f in found if (f.focus, f.path, f.message.split(" (value:")[0]) not in seen]


def _input_folders(settings: Settings) -> list[Path]:
    """The folders a build reads (the curated graph, the ontology, the query library)."""
    folders = list(settings.graph_dirs or [])
    if (Path(settings.root) / "ontology").is_dir():
        folders += [settings.ontology_dir, settings.queries_dir]
    return folders


def _apply_merges(store, settings: Settings, assembly: Assembly) -> None:
    """The merges file's ``same`` decisions, applied to the included data (never to curated IRIs)."""
    from cdkg.build.merges import apply_merges
    from cdkg.importers.merges import read_merges

    merges = read_merges(settings.graph_dir / "crosswalk" / "merges.csv", DEFAULT_BASE)
    if merges.same:
        curated = {str(s) for s in assembly.dataset.subjects() if isinstance(s, URIRef)}
        apply_merges(store, merges, protected=curated)


def load_output(settings: Settings | None = None) -> Dataset:
    """Read the last build's quads (``output/cdkg.nq``) back as an rdflib Dataset."""
    settings = settings or Settings()
    path = Path(settings.output) / "cdkg.nq"
    if not path.exists():
        raise CdkgError(f"{path} not found: run `cdkg build` first")
    return parse_file(path)
