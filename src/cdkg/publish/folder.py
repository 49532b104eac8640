"""The publish folder: refuse to overwrite someone else's files, and swap the new site in whole.

A site is written into a fresh sibling folder and renamed into place only when complete, so a
publish that fails half-way leaves the previous site (or no site) as it was. A folder that
holds files but no ``cdkg-site.json`` manifest is not ours: publishing into it is refused
unless the caller says ``force``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from cdkg.core.errors import CdkgError

#: The manifest every published site holds; its presence marks a folder as ours.
MANIFEST = "cdkg-site.json"


class FolderNotEmpty(CdkgError):
    """The publish folder holds files that a previous publish did not write."""

    exit_code = 2


def is_site(folder: Path) -> bool:
    """Whether ``folder`` is a site that ``cdkg publish`` wrote (it holds the manifest).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> is_site(d)
    False
    >>> _ = (d / MANIFEST).write_text("{}")
    >>> is_site(d)
    True
    """
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return False
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return True


def site_files(folder: Path) -> list[str] | None:
    """The files an earlier publish wrote into ``folder``, from its manifest (``None`` when the
    manifest predates the list, or there is no manifest)."""
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    paths = manifest.get("paths") if isinstance(manifest, dict) else None
    return paths if isinstance(paths, list) else None


def foreign_files(folder: Path) -> list[str]:
    """Files in an earlier site that its manifest does not list: someone put them there, and a
    new publish would delete them.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / MANIFEST).write_text('{"paths": ["index.html"]}')
    >>> _ = (d / "index.html").write_text("site")
    >>> foreign_files(d)
    []
    >>> _ = (d / "my-notes.txt").write_text("mine")
    >>> foreign_files(d)
    ['my-notes.txt']
    """
    listed = site_files(folder)
    if listed is None:
        return []
    known = set(listed) | {MANIFEST}
    folder = Path(folder)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if (p.is_file() or p.is_symlink()) and str(p.relative_to(folder)) not in known)


def check_target(folder: Path, force: bool = False) -> None:
    """Refuse a target that exists and is not ours (a file, or a folder with foreign files).

    Raises
    ------
    FolderNotEmpty
        The folder holds files and no site manifest, or it is an earlier site holding files its
        manifest does not list (a person's own), and ``force`` is not set.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> check_target(d / "site")          # absent: fine
    >>> _ = (d / "notes.txt").write_text("mine")
    >>> try:
    ...     check_target(d)
    ... except FolderNotEmpty as err:
    ...     print(str(err).split(" (")[0].endswith("holds 1 file(s) that cdkg publish did not write"))
    True
    >>> check_target(d, force=True)
    """
    folder = Path(folder)
    if not folder.exists():
        return
    if not folder.is_dir():
        raise FolderNotEmpty(f"{folder} is a file, not a folder; choose another --output")
    if force:
        return
    if is_site(folder):
        foreign = foreign_files(folder)
        if foreign:
            shown = ", ".join(foreign[:5])
            raise FolderNotEmpty(
                f"{folder} is an earlier site, but {len(foreign)} file(s) in it were not written by cdkg publish "
                f"({shown}{', ...' if len(foreign) > 5 else ''}); move them out, or pass --force to replace them too")
        return
    entries = list(folder.iterdir())
    if entries:
        shown = ", ".join(sorted(p.name for p in entries)[:5])
        raise FolderNotEmpty(
            f"{folder} holds {len(entries)} file(s) that cdkg publish did not write ({shown}"
            f"{', ...' if len(entries) > 5 else ''}); choose an empty or new folder, or pass --force "
            "to replace its contents")


class Staging:
    """A fresh folder next to the target; :meth:`commit` swaps it in, :meth:`discard` removes it.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> with Staging(d / "site") as stage:
    ...     _ = (stage.path / "index.html").write_text("hello")
    ...     stage.commit()
    >>> sorted(p.name for p in d.iterdir())
    ['site']
    >>> with Staging(d / "site") as stage:
    ...     raise RuntimeError("half-way")
    Traceback (most recent call last):
    ...
    RuntimeError: half-way
    >>> (d / "site" / "index.html").read_text(), sorted(p.name for p in d.iterdir())
    ('hello', ['site'])
    """

    def __init__(self, target: Path):
        self.target = Path(target).absolute()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.publish-", dir=self.target.parent))
        self.committed = False

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if not self.committed:
            self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def commit(self) -> None:
        """Replace the target by the staged folder (two renames; the old one is then removed)."""
        os.chmod(self.path, 0o755)
        old = None
        if self.target.exists() or self.target.is_symlink():
            old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old)
            self.target.rename(old)
        try:
            self.path.rename(self.target)
        except BaseException:
            if old is not None:
                old.rename(self.target)
            raise
        self.committed = True
        if old is not None:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink()
