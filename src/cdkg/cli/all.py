"""``cdkg all``: the whole job in one command. Build (and validate) the graph, compute the
network measures of the main projections, draw the views and the map, publish the linked-data
site with all of them, and say where to open the results."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from cdkg.core.settings import Settings

#: (command line, required): a required step that fails stops the run; the others are reported.
ANALYSES = ("comembership", "bipartite", "partnership")
VIEWS = (("view", "-p", "comembership", "--size-by", "betweenness",
          "--title", "Cities that share networks (size: betweenness)"),
         ("view", "-p", "bipartite", "--size-by", "degree", "--title", "Cities and the networks they belong to"),
         ("view", "-p", "partnership", "--size-by", "degree", "--title", "Partnerships between cities"),
         ("view", "-p", "partnership", "--map", "--size-by", "degree", "--title", "Map of cities and their partnerships"))


def register(sub) -> None:
    parser = sub.add_parser(
        "all", help="build, analyse, view and publish in one go, and say where to open the results",
        description=__doc__)
    parser.add_argument("--site", type=Path, help="the site folder (default: site/ in the project)")
    parser.add_argument("--force", action="store_true", help="replace a site folder that holds other files")
    parser.add_argument("--base", help="base IRI of resources (default: https://w3id.org/cdkg/)")
    parser.add_argument("--date", help="issue date of the published release, YYYY-MM-DD (default: today)")
    parser.add_argument("--no-source-check", action="store_true", help="skip checking cited line ranges")
    parser.add_argument("--serve", action="store_true",
                        help="then serve the SPARQL endpoint and the site (`cdkg serve --site`)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from cdkg.cli import main as cdkg

    console = Console(stderr=True)
    settings = Settings()
    site = (args.site or Path(settings.root) / "site").resolve()
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

    if not step("1/4 build", ["build", *common, *base], True):
        return 1
    for name in ANALYSES:
        step(f"2/4 analyse: {name}", ["analyze", "-p", name, "--top", "0"], False)
    for argv in VIEWS:
        step("3/4 view" + (": map" if "--map" in argv else f": {argv[2]}"), list(argv), False)
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
    console.print("  SPARQL and dereferencing IRIs: [bold]cdkg serve --site --data site/dumps/cdkg.nq[/] "
                  "(the published data, measures included: endpoint http://127.0.0.1:7878/query, "
                  "site http://127.0.0.1:8000/)", highlight=False, soft_wrap=True)
    if args.serve:
        return cdkg(["serve", "--site", str(site), "--data", str(site / "dumps" / "cdkg.nq")])
    return 0
