"""Stage 2: build the graph. Load ontology and graph files, apply the inference a user
expects, validate (SHACL shapes, SPARQL checks, cited line ranges), and write the merged
graph to the generated output folder, atomically.

Examples
--------
>>> from cdkg import Settings
>>> result = build(Settings(), write=False)   # doctest: +SKIP
>>> result.summary["classes"]["cities"]        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from cdkg.build.assemble import Assembly, assemble, system_graph
from cdkg.build.infer import apply_inference, infer
from cdkg.build.rebase import rebase
from cdkg.build.summary import summarise
from cdkg.build.validate import Finding, load_shapes, run_checks, run_shacl, shorten
from cdkg.build.write import write_output
from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import DEFAULT_BASE
from cdkg.core.settings import Settings
from cdkg.load import check_mentions, load_sources, parse_file

__all__ = ["build", "BuildResult", "BuildFailed", "Finding", "load_output", "infer", "system_graph"]


class BuildFailed(CdkgError):
    """The graph has violations; nothing was written."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        violations = [f for f in findings if f.severity == "violation"]
        lines = "\n".join(f"  {f}" for f in violations)
        super().__init__(f"{len(violations)} violation(s); the previous output is left as it was:\n{lines}")


@dataclass
class BuildResult:
    """What a build made: the dataset (quads), the merged graph, the findings and a summary."""

    dataset: Dataset
    union: Graph
    findings: list[Finding]
    summary: dict
    written: list[Path] = field(default_factory=list)
    sources_checked: bool = False

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]


def _union(ds: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _attach_files(findings: list[Finding], assembly: Assembly, root: Path) -> None:
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
        finding.files = tuple(sorted(by_subject.get(finding.focus, ())))


def build(settings: Settings | None = None, include: list[Path] | None = None, write: bool = True,
          check_sources: bool = True) -> BuildResult:
    """Build the graph.

    Parameters
    ----------
    settings : Settings
        Paths and the IRI base; defaults to this project.
    include : list of Path
        Extra TriG/Turtle files or folders to add (for example imported data).
    write : bool
        Write the output folder (default) or only validate.
    check_sources : bool
        Check cited line ranges against the source documents when their folder exists.

    Raises
    ------
    InputError
        A file cannot be parsed (file, line, column and problem).
    BuildFailed
        The graph has violations; nothing is written.
    """
    settings = settings or Settings()
    assembly = assemble(settings, include)
    ds = assembly.dataset
    inferred = apply_inference(ds, system_graph("ontology"), system_graph("inferred"))
    union = _union(ds)
    findings = run_shacl(union, load_shapes(settings.shapes_dir.parent / "shapes.ttl"))
    findings += run_checks(ds, settings.checks_dir)
    sources_checked = False
    if check_sources and settings.sources_dir and Path(settings.sources_dir).is_dir():
        sources_checked = True
        for problem in check_mentions(ds, load_sources(settings.sources_dir)):
            findings.append(Finding("violation", "cited line range", shorten(URIRef(problem.entity)) if problem.entity else "-",
                                    None, f"{problem.message} (citation {shorten(URIRef(problem.graph))})"))
    _attach_files(findings, assembly, settings.root)
    if any(f.severity == "violation" for f in findings):
        raise BuildFailed(findings)
    if settings.base != DEFAULT_BASE:
        ds = rebase(ds, settings.base)
        union = _union(ds)
    summary = summarise(ds, union, findings, inferred)
    summary["sources_checked"] = sources_checked
    written = write_output(ds, union, settings.output, summary, settings.base) if write else []
    return BuildResult(ds, union, findings, summary, written, sources_checked)


def load_output(settings: Settings | None = None) -> Dataset:
    """Read the last build's quads (``output/cdkg.nq``) back as an rdflib Dataset."""
    settings = settings or Settings()
    path = Path(settings.output) / "cdkg.nq"
    if not path.exists():
        raise CdkgError(f"{path} not found: run `cdkg build` first")
    return parse_file(path)
