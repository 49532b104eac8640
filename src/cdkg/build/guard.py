"""Refuse an output folder that the build did not make: nothing the tool did not make is lost.

A build output is marked by ``GENERATED.md`` (:data:`cdkg.build.write.MARKER`). ``cdkg build
--output DIR`` writes into ``DIR`` only when it is absent, empty, or marked; a folder holding
other files is refused unless ``force``, and the project folder (or any folder above it, or one
of its input folders) is refused always, ``force`` or not.
"""

from __future__ import annotations

from pathlib import Path

from cdkg.core.errors import CdkgError

MARKER = "GENERATED.md"
#: Folders other cdkg commands make in the output folder (a store of `cdkg serve`, analyses, views):
#: an output folder holding only these is still ours.
CDKG_FOLDERS = ("store", "analysis", "views")
#: What marks a folder as a project (or a repository) that a build must never write over.
PROJECT_SIGNS = ("cdkg.toml", ".git", "pyproject.toml", "ontology", "graph", "queries")


class OutputRefused(CdkgError):
    """The output folder holds files the build did not write."""

    exit_code = 2


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def check_output(output: Path, root: Path | None = None, inputs=(), force: bool = False) -> None:
    """Refuse ``output`` unless it is absent, empty or a previous build's (marked) folder.

    Parameters
    ----------
    output : Path
        The folder the build writes.
    root : Path, optional
        The project folder: never written over, nor any folder that holds it.
    inputs : sequence of Path
        Input folders (graph/, ontology/, queries/): never written over nor into.
    force : bool
        Accept a folder that holds other files (they are kept, except files named as the build's).

    Raises
    ------
    OutputRefused
        With the reason and what to do.

    Examples
    --------
    >>> import tempfile
    >>> d, project = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> check_output(d / "out", root=project)        # absent: fine
    >>> _ = (d / "notes.txt").write_text("mine")
    >>> try:
    ...     check_output(d, root=project)
    ... except OutputRefused as err:
    ...     print(str(err).split(": ", 1)[1][:50])
    the folder holds 1 file(s) that cdkg build did not
    >>> check_output(d, root=project, force=True)
    >>> try:
    ...     check_output(project, root=project, force=True)
    ... except OutputRefused as err:
    ...     print("refused")
    refused
    """
    output = Path(output).absolute().resolve()
    if root is not None:
        root = Path(root).absolute().resolve()
        if _is_within(root, output):
            where = "the project folder" if root == output else "a folder that holds the project"
            raise OutputRefused(f"--output {output}: that is {where} ({root}); a build never writes over it. "
                                "Choose a new folder such as output/")
    for folder in inputs:
        folder = Path(folder).absolute().resolve()
        if _is_within(output, folder) or _is_within(folder, output):
            raise OutputRefused(f"--output {output}: it overlaps the input folder {folder}; choose another folder")
    if not output.exists():
        return
    if not output.is_dir():
        raise OutputRefused(f"--output {output} is a file, not a folder; choose another folder")
    if (output / MARKER).is_file():
        return
    signs = [name for name in PROJECT_SIGNS if (output / name).exists()]
    if signs:
        raise OutputRefused(f"--output {output} holds {', '.join(signs)}: it looks like a project or repository, "
                            "which a build never writes into; choose a new folder such as output/")
    entries = sorted(p.name for p in output.iterdir() if p.name not in CDKG_FOLDERS)
    if entries and not force:
        shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
        raise OutputRefused(f"--output {output}: the folder holds {len(entries)} file(s) that cdkg build did not "
                            f"write ({shown}) and no {MARKER}; choose an empty or new folder, or pass --force "
                            "(the files are kept, except any named as the build's own files)")
