"""``cdkg init [DIR]``: start a study. Writes ``DIR/cdkg.toml`` (never over an existing one) and
the folders it names: ``graph/`` for your TriG files, ``imports/`` for imported tables,
``sources/`` for your source documents."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("init", help="start a study: write cdkg.toml and its folders", description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."), help="the study folder (default: here)")
    parser.add_argument("--title", default="My city diplomacy study", help="the study's title")
    parser.add_argument("--base", default=None, help="base IRI of its resources (default: https://w3id.org/cdkg/)")
    parser.add_argument("--creator", default="", help="who made the study (for the citation and DCAT)")
    parser.add_argument("--publisher", default="", help="who publishes it (default: the creator)")
    parser.add_argument("--no-curated", action="store_true",
                        help="leave out the package's curated graph of the five Danish documents")
    parser.set_defaults(func=run)


def run(args) -> int:
    from cdkg.core.namespaces import DEFAULT_BASE
    from cdkg.core.study import init_study

    made = init_study(args.folder, title=args.title, base=args.base or DEFAULT_BASE, curated=not args.no_curated,
                      publisher=args.publisher, creator=args.creator)
    for path in made:
        print(f"made {path}{'/' if path.is_dir() else ''}")
    where = "" if args.folder.resolve() == Path.cwd().resolve() else f"cd {args.folder} && "
    print(f"next: {where}cdkg new-source FILE (your documents), cdkg import TABLE (into imports/), "
          "then cdkg all")
    return 0
