"""``cdkg all``: the whole study in one command. Build (and validate) the graph with the study's
imports, compute the analyses and draw the views its ``cdkg.toml`` names (``[[analysis]]`` and
``[[view]]``), publish the linked-data site with all of them, and say where to open the results."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from cdkg.core.errors import InputError
from cdkg.core.settings import Settings


def register(sub) -> None:
    parser = sub.add_parser(
        "all", help="build, analyse, view and publish the study in one go, and say where to open the results",
        description=__doc__)
    parser.add_argument("--site", type=Path, help="the site folder (default: the study's site/)")
    parser.add_argument("--force", action="store_true", help="replace a site folder that holds other files")
    parser.add_argument("--base", help="base IRI of resources (default: the study's, https://w3id.org/cdkg/)")
    parser.add_argument("--date", help="issue date of the published release, YYYY-MM-DD (default: today)")
    parser.add_argument("--no-source-check", action="store_true", help="skip checking cited line ranges")
    parser.add_argument("--serve", action="store_true",
                        help="then serve the SPARQL endpoint and the site (`cdkg serve --site`)")
    parser.set_defaults(func=run)


def _options(command: str) -> dict[str, argparse.Action]:
    """The options of ``cdkg <command>``, by name without dashes."""
    from cdkg.cli import make_parser

    parser = make_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return {s.lstrip("-"): action for action in sub.choices[command]._actions  # noqa: SLF001
            for s in action.option_strings if s.startswith("--")}


def step_argv(command: str, table: dict, where) -> list[str]:
    """The command line of one ``[[analysis]]`` or ``[[view]]`` table of the project file.

    ``where(key)`` gives the file and line of a key, for the message about a bad one.

    Examples
    --------
    >>> from cdkg.core.errors import Location
    >>> step_argv("view", {"projection": "partnership", "map": True, "size-by": "degree"}, lambda k: Location("cdkg.toml", 3))
    ['view', '--projection', 'partnership', '--map', '--size-by', 'degree']
    >>> step_argv("analyze", {"projecton": "bipartite"}, lambda k: Location("cdkg.toml", 7))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdkg.core.errors.InputError: cdkg.toml:7: [[analysis]] has no option 'projecton' of `cdkg analyze` (did you mean: projection?)...
    """
    import difflib

    options = _options(command)
    table_name = "analysis" if command == "analyze" else command
    argv = [command]
    for key, value in table.items():
        name = key.replace("_", "-")
        if name not in options or name in ("out", "input", "list", "help"):
            close = difflib.get_close_matches(name, list(options), n=1)
            hint = f" (did you mean: {close[0]}?)" if close else ""
            usable = ", ".join(sorted(k for k in options if k not in ("out", "input", "list", "help")))
            raise InputError(f"[[{table_name}]] has no option {key!r} of `cdkg {command}`{hint}; options: {usable}",
                             where(key))
        flag = isinstance(options[name], (argparse._StoreTrueAction, argparse._StoreFalseAction))  # noqa: SLF001
        if flag != isinstance(value, bool):
            kind = "true or false" if flag else "a value"
            raise InputError(f"[[{table_name}]] {key} takes {kind}, not {value!r}", where(key))
        if isinstance(value, bool):
            argv += [f"--{name}"] if value else []
        elif isinstance(value, list):
            argv += [f"--{name}", ",".join(str(v) for v in value)]
        else:
            argv += [f"--{name}", str(value)]
    return argv


def plan(project) -> tuple[list[list[str]], list[list[str]]]:
    """The analysis and view command lines the study names, checked against the commands."""
    analyses = [step_argv("analyze", t, lambda k, i=i: project.where(f"analysis.{i}.{k}")) + ["--top", "0"]
                for i, t in enumerate(project.analyses)]
    views = [step_argv("view", t, lambda k, i=i: project.where(f"view.{i}.{k}")) for i, t in enumerate(project.views)]
    return analyses, views


def run(args) -> int:
    from cdkg.cli import main as cdkg

    console = Console(stderr=True)
    settings = Settings()
    project = settings.project
    analyses, views = plan(project) if project is not None else ([], [])
    site = Path(args.site or settings.site).resolve()
    common = ["--no-source-check"] if args.no_source_check else []
    base = ["--base", args.base] if args.base else []

    def step(title: str, argv: list[str], required: bool) -> bool:
        shown = " ".join(f'"{a}"' if " " in a else a for a in argv)
        console.rule(f"[bold]{title}[/]  cdkg {shown}")
        try:
            code = cdkg(argv)
        except Exception as err:  # noqa: BLE001 - an optional step's bug must not stop the publish
            if required:
                raise
            console.print(f"[yellow]cdkg all: `cdkg {shown}` failed ({type(err).__name__}: {err}); going on[/]")
            return False
        if code and required:
            console.print(f"[red]cdkg all: stopped at `cdkg {' '.join(argv)}`[/]")
        elif code:
            console.print(f"[yellow]cdkg all: `cdkg {' '.join(argv)}` did not succeed; going on[/]")
        return code == 0

    if project is not None and project.path is not None:
        console.print(f"study: {project.title} ({project.path})", highlight=False)
    if not step("1/4 build", ["build", *common, *base], True):
        return 1
    failed = []
    for argv in analyses:
        if not step(f"2/4 analyse: {argv[2] if len(argv) > 2 else ''}", argv, False):
            failed.append(argv)
    for argv in views:
        title = "3/4 view" + (": map" if "--map" in argv else f": {argv[2] if len(argv) > 2 else ''}")
        if not step(title, argv, False):
            failed.append(argv)
    publish = ["publish", "--from-output", "--output", str(site), "-q", *base]
    publish += ["--force"] if args.force else []
    publish += ["--date", args.date] if args.date else []
    if not step("4/4 publish", publish, True):
        return 1

    output = Path(settings.output)
    console.rule("[bold]results")
    rows = [("the graph", output / "cdkg.trig", "and .nq .ttl .nt .jsonld; summary.json")]
    rows += [(f"measures: {p.stem}", p, "and .csv .trig") for p in sorted((output / "analysis").glob("*.md"))]
    rows += [(f"view: {p.stem}", p, "open in a browser (offline)") for p in sorted((output / "views").glob("*.html"))]
    rows += [("the site", site / "index.html", "pages, dumps, VoID/DCAT, ontology docs")]
    for what, path, note in rows:
        console.print(f"  {what:<24} {path}  [dim]{note}[/]", highlight=False, soft_wrap=True)
    console.print(f"  SPARQL and dereferencing IRIs: [bold]cdkg serve --site --data {site / 'dumps' / 'cdkg.nq'}[/] "
                  "(the published data, measures included: endpoint http://127.0.0.1:7878/query, "
                  "site http://127.0.0.1:8000/)", highlight=False, soft_wrap=True)
    for argv in failed:
        console.print(f"[yellow]  not made: cdkg {' '.join(argv)}[/]", highlight=False)
    if args.serve:
        return cdkg(["serve", "--site", str(site), "--data", str(site / "dumps" / "cdkg.nq")])
    return 0
