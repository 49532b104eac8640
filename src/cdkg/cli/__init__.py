"""The ``cdkg`` command. Each subcommand lives in its own module of this package and exposes
``register(subparsers)``; modules are discovered automatically, so adding a command never edits
this file. Errors a user can act on (:class:`cdkg.CdkgError`) are printed without a traceback.

Only the module of the command that runs is imported: the others are listed from their source
(the name and help of their ``add_parser`` call), so ``cdkg --help`` and a quick ``cdkg query``
do not pay for the imports of every command (pySHACL, rdflib, pandas, ...).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path


def _modules() -> list[str]:
    """The command modules of this package (a listing of its folder: pkgutil costs more)."""
    folder = os.path.dirname(__file__)
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_"))


class _Version(argparse.Action):
    """``--version``, which reads the version only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help="show program's version number and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from cdkg.core.version import __version__

        print(f"cdkg {__version__}")
        parser.exit()


def _declared(module: str) -> tuple[str, str | None] | None:
    """The command name and help a module's ``register`` gives its first ``add_parser`` call,
    read from the source; None when they are not plain strings there.

    Examples
    --------
    >>> _declared("query")[0]
    'query'
    """
    import ast

    path = Path(__file__).with_name(f"{module}.py")
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "register":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "add_parser":
                    if not call.args or not isinstance(call.args[0], ast.Constant):
                        return None
                    helps = [k.value for k in call.keywords if k.arg == "help"]
                    if helps and not isinstance(helps[0], ast.Constant):
                        return None
                    return call.args[0].value, helps[0].value if helps else None
    return None


def _base_parser():
    parser = argparse.ArgumentParser(
        prog="cdkg",
        description="The City Diplomacy Knowledge Graph: build, query, analyse, view and publish it.",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--project", "-P", type=Path, metavar="PATH",
                        help="the study's cdkg.toml (or its folder); default: the nearest cdkg.toml from the "
                             "working folder up, else the package's curated study (CDKG_PROJECT also names it)")
    return parser


def _register(sub, module: str) -> None:
    loaded = importlib.import_module(f"{__name__}.{module}")
    if hasattr(loaded, "register"):
        loaded.register(sub)


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, only that command's module is imported (the others are
    listed by name and help). Without it, every command is registered in full."""
    parser = _base_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = _modules()
    if command:  # the module named after the command (``new-source`` -> new_source, ``import`` -> import_)
        named = [m for m in (command.replace("-", "_"), command.replace("-", "_") + "_") if m in modules]
        if named:
            _register(sub, named[0])
            if command in sub.choices:  # the module registers that command: nothing else to read
                return parser
            parser = _base_parser()
            sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules:
        declared = _declared(module)
        if command is None or declared is None or declared[0] == command:
            _register(sub, module)
        else:
            sub.add_parser(declared[0], help=declared[1], add_help=False)
    return parser


def _command(argv: list[str]) -> str | None:
    """The command word in ``argv`` (after the global options)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--project", "-P"):
            skip = True
            continue
        if not arg.startswith("-"):
            return arg
        if arg in ("--help", "-h", "--version"):
            return None
    return None


def main(argv: list[str] | None = None) -> int:
    from cdkg.core.errors import CdkgError

    argv = sys.argv[1:] if argv is None else list(argv)
    command = _command(argv)
    parser = make_parser(command or "")
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
