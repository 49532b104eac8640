"""The study's project file applied to every command, in one place: after the command line is
parsed, each option the user left at its default takes the study's value (flags override the
file). Commands read the rest (output folder, curated graph folders, source documents) from
``Settings()``, which describes the same study."""

from __future__ import annotations

from pathlib import Path

from cdkg.core.discover import activate, current, resolve_project
from cdkg.core.project import Project

#: (command, option dest) -> how to get the study's value. Applied only where the option
#: was not given (``None``, or an empty list for repeatable options).
DEFAULTS = {
    ("build", "base"): lambda p: p.base,
    ("publish", "base"): lambda p: p.base,
    ("all", "base"): lambda p: p.base,
    ("build", "include"): lambda p: list(p.imports_with_data),
    ("publish", "include"): lambda p: list(p.imports_with_data),
    ("publish", "output"): lambda p: p.site,
    ("publish", "site_url"): lambda p: p.site_url or None,
    ("all", "site"): lambda p: p.site,
}


def _unset(value) -> bool:
    return value is None or value == []


def apply_project(args) -> Project:
    """Load the study (``--project``, ``CDKG_PROJECT``, the nearest ``cdkg.toml``, or the
    package's), make it current, and fill the options the user did not give.

    Examples
    --------
    >>> import argparse
    >>> args = argparse.Namespace(command="build", project=None, base=None, include=[])
    >>> p = apply_project(args)
    >>> args.base == p.base and args.include == p.imports_with_data
    True
    """
    given = getattr(args, "project", None)
    if given is not None:
        project = resolve_project(given)
        activate(project)
    else:
        project = current()
    command = getattr(args, "command", None)
    for (cmd, dest), value in DEFAULTS.items():
        if cmd == command and hasattr(args, dest) and _unset(getattr(args, dest)):
            setattr(args, dest, value(project))
    if command == "serve" and getattr(args, "site", None) == Path("site"):
        args.site = project.site  # bare --site: the study's site folder
    if command == "import" and getattr(args, "out", None) == Path("imports") and project.path is not None and project.imports:
        first = project.imports[0]  # the default folder: the study's first import folder, from anywhere in it
        args.out = first if first.suffix not in (".trig", ".nq", ".ttl", ".nt") else first.parent
    return project
