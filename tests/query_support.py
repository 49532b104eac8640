"""Helpers shared by the query tests: the fixture store and a running oxigraph server."""

from __future__ import annotations

from pathlib import Path

from cdkg.core.settings import Settings
from cdkg.store import GraphStore

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "mini.trig"
ONTOLOGY = Settings().ontology_dir / "cdkg.ttl"


def fixture_store() -> GraphStore:
    """The tiny hand-made graph plus the ontology (for subclass paths)."""
    return GraphStore.from_files([FIXTURE, ONTOLOGY])


def fixture_files() -> list[Path]:
    return [FIXTURE, ONTOLOGY]


def normalise(rows):
    """Rows sorted, with GROUP_CONCAT cells (``"a, b"``) sorted inside: their order is up to
    the engine, so pinned and cross-engine comparisons compare the parts as sets."""
    out = []
    for row in rows:
        cells = []
        for cell in row:
            if cell.startswith('"') and cell.endswith('"') and ", " in cell:
                cell = '"' + ", ".join(sorted(cell[1:-1].split(", "))) + '"'
            cells.append(cell)
        out.append(tuple(cells))
    return sorted(out)


def curated_store() -> GraphStore:
    """The curated graph as ``cdkg build`` assembles it (citation graphs, ontology, citation
    records, inferred triples), without failing on validation findings: the pinned answers
    follow the graph, and the build's own tests judge its validity."""
    from cdkg.build.assemble import assemble, system_graph
    from cdkg.build.figures import write_summary_graph
    from cdkg.build.infer import apply_inference

    ds = assemble(Settings()).dataset
    apply_inference(ds, system_graph("ontology"), system_graph("inferred"))
    add_analysis(ds)
    store = GraphStore.from_dataset(ds)
    write_summary_graph(store.oxigraph)
    return store


def add_analysis(ds) -> None:
    """Write centrality results and backbone ties back, as ``cdkg analyze`` does, so the ranking
    and tie queries have rows (exact measures only, degree and k-core on the partnership projection: iterative ones such
    as PageRank differ in the last digits between runs, which reorders ties)."""
    from cdkg.analysis import analyze, project, to_rdf

    graph = project(ds, "partnership")
    to_rdf(analyze(graph, ["degree", "kcore"]), into=ds)
    # the SDSM backbone of the co-membership, with its ties (query 040); alpha is loose because
    # the curated graph is tiny: members of 100 Resilient Cities alone are tied at p = 0.22
    backbone = project(ds, "comembership", backbone={"model": "sdsm", "alpha": 0.25})
    to_rdf(analyze(backbone, []), into=ds)
