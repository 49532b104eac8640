"""Making and growing a study: the ``cdkg.toml`` that ``cdkg init`` writes, and a source document
registered by ``cdkg new-source`` (its id in the project file, and a TriG file that starts with
the prefixes and a first citation graph). Nothing that exists is overwritten."""

from __future__ import annotations

import os
import re
from pathlib import Path

from cdkg.core.errors import CdkgError, InputError, Location
from cdkg.core.namespaces import DEFAULT_BASE, all_prefixes
from cdkg.core.discover import package_project
from cdkg.core.project import FILE_NAME, SOURCE_ID, Project

TEMPLATE = '''# cdkg.toml: one study. Every cdkg command run in this folder (or below it) reads it, and so
# do `cdkg all`, the notebooks and `cdkg serve`; command-line flags override it. Paths are
# relative to this file. See docs/tutorial.md for every key.

[study]
title = {title}
base = {base}          # resources are <base>id/city/..., <base>id/network/...
output = "output"                         # the built graph, the analyses and the views
site = "site"                             # the published linked-data site
site_url = ""                             # where the site will be hosted ("": at the base)
licence = "https://creativecommons.org/licenses/by/4.0/"   # the licence of your data

[publisher]                               # for the DCAT description and the citation
name = {publisher}
url = ""

[[creator]]
name = {creator}
orcid = ""                                # 0000-0002-1825-0097, if you have one

[graph]
curated = {curated}                           # also the curated graph of the five Danish documents
folders = ["graph"]                       # your own TriG files (`cdkg new-source` writes here)
imports = ["imports"]                     # imported tables as TriG (`cdkg import` writes here)

[sources]
folder = "sources"                        # your source documents (plain text, cited by line)

# id = "file" (`cdkg new-source FILE` adds one); cite its lines as s<id>:L<start>-<end>
[sources.documents]

# What `cdkg all` makes after the build: each table holds options of `cdkg analyze` or
# `cdkg view` (without the leading dashes); add your own.

# A network with thousands of members (the Covenant of Mayors) makes tens of millions of
# co-membership ties; `cdkg analyze` then stops and says so: add max-network-size = 1000,
# exclude-network = "...", or backbone = "sdsm" to this table.
[[analysis]]
projection = "comembership"

[[analysis]]
projection = "bipartite"

[[analysis]]
projection = "partnership"

[[view]]
projection = "comembership"
size-by = "betweenness"
title = "Cities that share networks (size: betweenness)"

[[view]]
projection = "partnership"
map = true
size-by = "degree"
title = "Map of cities and their partnerships"
'''


def _toml_string(text: str) -> str:
    """A TOML basic string.

    Examples
    --------
    >>> _toml_string('Byer "og" netværk')
    '"Byer \\\\"og\\\\" netværk"'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def init_study(folder: Path, title: str = "My city diplomacy study", base: str = DEFAULT_BASE,
               curated: bool = True, publisher: str = "", creator: str = "") -> list[Path]:
    """Write ``folder/cdkg.toml`` and make the study's folders; returns what was made.

    Raises
    ------
    CdkgError
        ``folder`` already holds a ``cdkg.toml`` (it is never overwritten).

    Examples
    --------
    >>> import tempfile
    >>> made = init_study(Path(tempfile.mkdtemp()) / "nordic", title="Nordic capitals")
    >>> sorted(p.name for p in made)
    ['cdkg.toml', 'graph', 'imports', 'sources']
    >>> from cdkg.core.project import load_project
    >>> load_project(made[0]).title
    'Nordic capitals'
    """
    folder = Path(folder)
    target = folder / FILE_NAME
    if target.exists():
        raise CdkgError(f"{target} exists: a study is never overwritten (edit it, or init another folder)")
    if not re.match(r"^https?://\S+$", base):
        raise CdkgError(f"--base must be an http(s) IRI, not {base!r}")
    folder.mkdir(parents=True, exist_ok=True)
    made = [target]
    text = TEMPLATE.format(title=_toml_string(title), base=_toml_string(base if base.endswith(("/", "#")) else base + "/"),
                           publisher=_toml_string(publisher or creator or "the authors of this study"),
                           creator=_toml_string(creator or publisher or "the authors of this study"),
                           curated="true" if curated else "false")
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    for name in ("graph", "imports", "sources"):
        if not (folder / name).exists():
            (folder / name).mkdir()
            made.append(folder / name)
    return made


def next_source_id(taken) -> str:
    """The next free three-digit id after the numbered ones.

    Examples
    --------
    >>> next_source_id(["000", "001", "004", "nordic"])
    '005'
    """
    numbers = [int(t) for t in taken if t.isdigit()]
    return f"{(max(numbers) + 1) if numbers else 0:03d}"


def _register(project: Project, doc_id: str, file: Path) -> None:
    """Add ``doc_id = "file"`` to ``[sources.documents]`` of the project file, keeping the rest."""
    path = project.path
    text = path.read_text(encoding="utf-8")
    relative_to = project.sources_folder or project.folder
    shown = os.path.relpath(file.resolve(), relative_to.resolve())
    line = f"{_toml_string(doc_id)} = {_toml_string(shown)}\n"
    lines = text.splitlines(keepends=True)
    head = next((i for i, ln in enumerate(lines) if re.match(r"^\s*\[\s*sources\.documents\s*\]", ln)), None)
    if head is None:
        if re.search(r"(?m)^\s*documents\s*=", text):
            raise InputError("[sources] documents is an inline table: add the document there by hand",
                             project.where("sources.documents"))
        if text and not text.endswith("\n"):
            text += "\n"
        text += f"\n[sources.documents]\n{line}"
    else:
        end = head + 1
        while end < len(lines) and not re.match(r"^\s*\[", lines[end]):
            end += 1
        last = max([i for i in range(head + 1, end) if re.match(r'^\s*("[^"]*"|[\w-]+)\s*=', lines[i])] or [head])
        lines.insert(last + 1, line)
        text = "".join(lines)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _anchor(lines: list[str]) -> tuple[int, str]:
    """The first line with words, and up to five of its first words (the document's own name
    for itself, mostly a title): the text the first citation must name."""
    for number, line in enumerate(lines, 1):
        words = re.findall(r"\w[\w'’-]*", line)
        if words:
            return number, " ".join(words[:5])
    raise CdkgError("the document has no words to cite")


def skeleton(project: Project, doc_id: str, file: Path, title: str, language: str) -> str:
    """The TriG a new source starts with: every prefix of the study and a first citation graph
    describing the document, which passes ``cdkg build`` as it is."""
    text = file.read_text(encoding="utf-8")
    number, anchor = _anchor(text.split("\n"))
    prefixes = all_prefixes(project.base)
    prefixes[f"s{doc_id}"] = f"{project.base}id/source/{doc_id}/"
    width = max(len(p) for p in prefixes) + 2
    head = "".join(f"@prefix {(p + ':').ljust(width)}<{ns}> .\n" for p, ns in prefixes.items())
    label = title or file.stem.split("_", 1)[-1].replace("_", " ").replace("-", " ")
    return f"""{head}
# Facts of source {doc_id}: {file.name}. Every triple goes inside the named graph of the lines
# that state it: s{doc_id}:L12-15 {{ ... }} is lines 12 to 15 (numbered from 1, as `cat -n` shows
# them). `cdkg build` checks that each range exists and names the things its triples are about.
# Write facts in your own words; never copy the document's sentences.

# The document itself. The hidden label is the text of line {number} that the check looks for.
s{doc_id}:L{number} {{
    source:{doc_id} a cdkg:SourceDocument ;
        rdfs:label {_turtle_string(label)}@en ;
        skos:hiddenLabel {_turtle_string(anchor)} ;
        cdkg:fileName {_turtle_string(file.name)} ;
        dcterms:language "{language}" .
}}

# s{doc_id}:L20-24 {{
#     city:aarhus a cdkg:City ;
#         rdfs:label "Aarhus"@en , "Aarhus"@da .
# }}
"""


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def new_source(project: Project, file: Path, doc_id: str | None = None, title: str = "",
               language: str = "da") -> tuple[str, Path]:
    """Register ``file`` as a source document of ``project`` and write its TriG skeleton into
    the study's first own graph folder; returns the id and the TriG file.

    Raises
    ------
    CdkgError
        The file is missing or not text, the id is taken or malformed, the study has no project
        file or no graph folder of its own, or the TriG file exists (never overwritten).
    """
    file = Path(file)
    if project.path is None:
        raise CdkgError("no cdkg.toml to register the document in: run `cdkg init` first")
    if not file.is_file():
        raise InputError("source document not found", Location(file))
    try:
        file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file: convert the document to plain text first", Location(file)) from None
    taken = set(project.documents)
    if doc_id is None:
        prefix = file.name.split("_", 1)[0]
        doc_id = prefix if "_" in file.name and SOURCE_ID.match(prefix) and prefix not in taken else next_source_id(taken)
    if not SOURCE_ID.match(doc_id):
        raise CdkgError(f"--id {doc_id!r}: use letters, digits, '-' and '_', starting with a letter or digit")
    if doc_id in taken:
        raise CdkgError(f"source id {doc_id!r} is taken by {project.documents[doc_id]}: choose another with --id")
    package = package_project()
    own = [g for g in project.graph if g not in package.graph or project.path == package.path]
    if not own:
        raise InputError("the study has no graph folder of its own for the new TriG file: add one to [graph] folders",
                         project.where("graph"))
    stem = re.sub(r"[^\w-]+", "_", file.stem.split("_", 1)[-1] if file.name.startswith(doc_id + "_") else file.stem)
    target = own[0] / f"{doc_id}_{stem}.trig"
    if target.exists():
        raise CdkgError(f"{target} exists: it is never overwritten")
    text = skeleton(project, doc_id, file, title, language)
    _register(project, doc_id, file)
    own[0].mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return doc_id, target
