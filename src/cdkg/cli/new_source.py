"""``cdkg new-source FILE``: register a source document in the study's ``cdkg.toml`` and write a
TriG file for its facts that starts with the study's prefixes and a first citation graph.
Citations of its lines (``s<id>:L12-15``) are then checked by ``cdkg build`` like the curated
documents'."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser("new-source", help="register a source document and write its TriG skeleton",
                            description=__doc__)
    parser.add_argument("file", type=Path, help="the document as plain UTF-8 text (cited by line)")
    parser.add_argument("--id", dest="doc_id", help="its id in citations (default: the file name's NNN_ prefix, "
                        "else the next free number)")
    parser.add_argument("--title", default="", help="an English label for the document")
    parser.add_argument("--language", default="da", help="the document's language code (default: da)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from cdkg.core.discover import current
    from cdkg.core.study import new_source

    doc_id, trig = new_source(current(), args.file, args.doc_id, args.title, args.language)
    print(f"registered source {doc_id}: {args.file} in {current().path}")
    print(f"wrote {trig}: cite its lines as s{doc_id}:L<start>-<end> {{ ... }}; `cdkg build` checks them")
    return 0
