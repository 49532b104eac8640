"""Write the built graph to the output folder atomically: everything is written to a fresh
sibling folder first and swapped in only when complete, so a failed build leaves the previous
output as it was. Oxigraph's serialisers stream, so this scales to millions of quads."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from cdkg.core.namespaces import all_prefixes

MARKER = "GENERATED.md"
QUAD_FORMATS = (("cdkg.trig", ox.RdfFormat.TRIG), ("cdkg.nq", ox.RdfFormat.N_QUADS))
TRIPLE_FORMATS = (("cdkg.ttl", ox.RdfFormat.TURTLE), ("cdkg.nt", ox.RdfFormat.N_TRIPLES), ("cdkg.jsonld", ox.RdfFormat.JSON_LD))
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class _Job:
    """A call run in a thread; ``result()`` waits for it and re-raises its error."""

    def __init__(self, fn, *args, **kwargs):
        import threading

        self.error = None
        self.thread = threading.Thread(target=self._run, args=(fn, args, kwargs), daemon=True)
        self.thread.start()

    def _run(self, fn, args, kwargs):
        try:
            fn(*args, **kwargs)
        except BaseException as err:  # handed to result()
            self.error = err

    def result(self):
        self.thread.join()
        if self.error is not None:
            raise self.error


def _start(fn, *args, **kwargs) -> _Job:
    return _Job(fn, *args, **kwargs)


def count_lines(path: Path) -> int:
    """The number of lines of a file (the triples of an N-Triples file)."""
    with open(path, "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


FORMAT_NAMES = {"trig": "cdkg.trig", "nq": "cdkg.nq", "ttl": "cdkg.ttl", "nt": "cdkg.nt", "jsonld": "cdkg.jsonld"}
#: The files a build writes; whatever else an output folder holds is kept by the next build.
BUILD_FILES = {*FORMAT_NAMES.values(), "summary.json", MARKER}


def _reserialise(source: Path, target: Path, fmt, prefixes) -> None:
    ox.serialize(ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES), str(target), format=fmt, prefixes=prefixes)


def kept_entries(output: Path) -> list[Path]:
    """What an output folder holds besides the build's own files: the analyses, the views, a
    store, anything a person put there. A build keeps them (:func:`carry_over`)."""
    if not Path(output).is_dir():
        return []
    return sorted(p for p in Path(output).iterdir() if p.name not in BUILD_FILES)


def carry_over(output: Path, staging: Path) -> None:
    """Move the old output's :func:`kept_entries` into the new one, so that a build replaces the
    graph and nothing else."""
    for entry in kept_entries(output):
        if not (staging / entry.name).exists():
            entry.rename(staging / entry.name)


def write_output(store: ox.Store, output: Path, summary, base: str, formats=None) -> tuple[list[Path], dict]:
    """Serialise the quads of ``store`` and their merged triples into ``output``, atomically.

    ``summary`` is a dict, or a function that makes it from the number of distinct triples
    (counted here from the N-Triples file, which costs nothing more; ``False`` when no triple
    format is written). Returns the written files
    and the summary. ``formats`` picks some of trig, nq, ttl, nt, jsonld (default: all).
    The folder is marked as generated. What the old folder holds besides the build's files
    (``analysis/``, ``views/``, ...) is kept (:func:`carry_over`).
    """
    wanted = {FORMAT_NAMES[f] for f in (formats or FORMAT_NAMES)}
    output = Path(output)
    output.absolute().parent.mkdir(parents=True, exist_ok=True)
    # fresh, unique names beside the output: no folder of the user's is ever taken for ours
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-build-", dir=output.absolute().parent))
    os.chmod(staging, 0o755)
    prefixes = all_prefixes(base)
    jobs: list[_Job] = []
    try:
        # Oxigraph writes to a path without holding the GIL, so the dumps run side by side.
        jobs += [_start(store.dump, str(staging / name), format=fmt,
                        prefixes=prefixes if fmt == ox.RdfFormat.TRIG else None)
                 for name, fmt in QUAD_FORMATS if name in wanted]
        triple_names = [name for name, _ in TRIPLE_FORMATS if name in wanted]
        triples = False
        if triple_names:
            # the merged triples, de-duplicated once into N-Triples (streamed, little memory),
            # then re-serialised from that file
            ox.serialize(store.query(UNION), str(staging / "cdkg.nt"), format=ox.RdfFormat.N_TRIPLES)
            triples = count_lines(staging / "cdkg.nt")
            jobs += [_start(_reserialise, staging / "cdkg.nt", staging / name, fmt,
                            prefixes if fmt == ox.RdfFormat.TURTLE else None)
                     for name, fmt in TRIPLE_FORMATS if name in triple_names and fmt != ox.RdfFormat.N_TRIPLES]
        if callable(summary):
            summary = summary(triples)  # while the dumps are written
        for job in jobs:
            job.result()
        if "cdkg.nt" not in wanted and (staging / "cdkg.nt").exists():
            (staging / "cdkg.nt").unlink()
        written = [output / name for name, _ in QUAD_FORMATS + TRIPLE_FORMATS if name in wanted]
        (staging / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(output / "summary.json")
        (staging / MARKER).write_text(
            "# Generated by `cdkg build`: do not edit\n\nEverything in this folder is made from "
            "`ontology/` and `graph/` by `cdkg build` and is replaced by the next build; `analysis/` and\n"
            "`views/` (written by `cdkg analyze` and `cdkg view`) are kept by a build.\n",
            encoding="utf-8",
        )
    except BaseException:
        for job in jobs:
            job.thread.join()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-build-", dir=output.absolute().parent))
    carry_over(output, staging)
    if output.exists():
        output.rename(old)  # onto the empty folder just made
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)
    return written, summary
