"""The ``cdkg`` command. Each subcommand lives in its own module of this package and exposes
``register(subparsers)``; modules are discovered automatically, so adding a command never edits
this file. Errors a user can act on (:class:`cdkg.CdkgError`) are printed without a traceback."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from cdkg.core.errors import CdkgError
from cdkg.core.version import __version__


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cdkg",
        description="The City Diplomacy Knowledge Graph: build, query, analyse, view and publish it.",
    )
    parser.add_argument("--version", action="version", version=f"cdkg {__version__}")
    parser.add_argument("--project", "-P", type=Path, metavar="PATH",
                        help="the study's cdkg.toml (or its folder); default: the nearest cdkg.toml from the "
                             "working folder up, else the package's curated study (CDKG_PROJECT also names it)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        from cdkg.cli._project import apply_project

        apply_project(args)
        return int(args.func(args) or 0)
    except CdkgError as err:
        print(f"cdkg {args.command}: error: {err}", file=sys.stderr)
        return err.exit_code
    except OSError as err:  # a file or network problem the command did not foresee: still no traceback
        from cdkg.core.errors import describe_os_error

        print(f"cdkg {args.command}: error: {describe_os_error(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"cdkg {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
