"""A query editor page for ``cdkg serve``: the server's own YASGUI, with the library's queries
offered as examples (a menu of titles and questions; choosing one loads it into the editor,
its parameters bound to their example values). A new tab starts with the study's prefixes, the
same the command line adds to a query, and a first query over the union default graph."""

from __future__ import annotations

import html
import json
from pathlib import Path

from cdkg.core.encode import script_json
from cdkg.query.library import QueryLibrary
from cdkg.query.params import bind_params

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>cdkg SPARQL editor</title>
<link href="{server}/yasgui.min.css" rel="stylesheet" type="text/css">
<script src="{server}/yasgui.min.js"></script>
<style>
 body {{ font-family: system-ui, sans-serif; margin: 0.5em 1em; }}
 #bar {{ display: flex; gap: 0.8em; align-items: center; margin-bottom: 0.4em; }}
 #examples {{ max-width: 40em; }}
 #question {{ color: #444; font-style: italic; }}
</style>
</head>
<body>
<div id="bar">
 <label for="examples"><b>City Diplomacy KG</b> &mdash; library queries:</label>
 <select id="examples"><option value="">choose a question&hellip;</option>{options}</select>
 <span id="question"></span>
</div>
<div id="yasgui"></div>
<script>
const ENDPOINT = {endpoint};
const EXAMPLES = {examples};
const START = {start};
if (Yasgui.Yasqe && Yasgui.Yasqe.defaults) {{ Yasgui.Yasqe.defaults.value = START; }}
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: ENDPOINT }},
  copyEndpointOnNewTab: true,
  persistenceId: null,
  yasqe: {{ value: START }}
}});
try {{ const tab = yasgui.getTab(); if (!(tab.getQuery() || "").includes("PREFIX")) tab.setQuery(START); }} catch (e) {{ }}
document.getElementById("examples").addEventListener("change", (event) => {{
  const example = EXAMPLES[event.target.value];
  if (!example) return;
  const tab = yasgui.getTab();
  tab.setQuery(example.query);
  document.getElementById("question").textContent = example.question;
}});
</script>
</body>
</html>
"""


def examples(library: QueryLibrary) -> dict[str, dict]:
    """The library's queries keyed by ``NNN_name``, params bound to their examples."""
    out = {}
    for query in library:
        text = bind_params(query.text, query.example_bindings(), query.params) if query.params else query.text
        out[query.id] = {"title": query.title, "question": query.question, "query": text}
    return out


def start_query(prefixes: dict[str, str]) -> str:
    """The query a new editor tab starts with: every prefix of the study, then a first question.

    Examples
    --------
    >>> print(start_query({"city": "https://w3id.org/cdkg/id/city/"}))
    PREFIX city: <https://w3id.org/cdkg/id/city/>
    <BLANKLINE>
    # The default graph is the union of all named graphs (one per cited passage): a fact stated in
    # several passages matches once per passage, so ask for DISTINCT answers. GRAPH ?g { ... }
    # reaches the citation of each fact.
    SELECT DISTINCT ?class (COUNT(DISTINCT ?thing) AS ?things) WHERE {
      ?thing a ?class .
    }
    GROUP BY ?class ORDER BY DESC(?things) LIMIT 25
    """
    head = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes.items())
    return (f"{head}\n\n# The default graph is the union of all named graphs (one per cited passage): a fact stated in\n"
            "# several passages matches once per passage, so ask for DISTINCT answers. GRAPH ?g { ... }\n"
            "# reaches the citation of each fact.\n"
            "SELECT DISTINCT ?class (COUNT(DISTINCT ?thing) AS ?things) WHERE {\n  ?thing a ?class .\n}\n"
            "GROUP BY ?class ORDER BY DESC(?things) LIMIT 25")


def editor_page(server_url: str, library: QueryLibrary, prefixes: dict[str, str] | None = None) -> str:
    """The HTML of the editor for a server at ``server_url`` (``http://127.0.0.1:7878``); a new
    tab starts with ``prefixes`` (default: the study's, as ``cdkg query`` knows them).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "001_all.rq").write_text("# title: All\\n# question: All?\\nSELECT * WHERE { ?s ?p ?o }\\n")
    >>> page = editor_page("http://127.0.0.1:7878", QueryLibrary(folder))
    >>> '"http://127.0.0.1:7878/query"' in page and '<option value="001_all">001 All</option>' in page
    True
    >>> "PREFIX city: \\\\u003chttps://w3id.org/cdkg/id/city/\\\\u003e" in page  # no markup inside the script
    True
    """
    if prefixes is None:
        from cdkg.core.namespaces import all_prefixes

        prefixes = all_prefixes()
    items = examples(library)
    options = "".join(
        f'<option value="{html.escape(key)}">{html.escape(key[:3])} {html.escape(item["title"])}</option>'
        for key, item in items.items()
    )
    # json.dumps does not escape "</", which would end the script element early.
    data = script_json(items)
    start = script_json(start_query(prefixes))
    return _PAGE.format(server=server_url, endpoint=json.dumps(server_url + "/query"), examples=data, options=options,
                        start=start)


def write_editor(path: Path, server_url: str, library: QueryLibrary, prefixes: dict[str, str] | None = None) -> Path:
    """Write the editor page atomically; returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(editor_page(server_url, library, prefixes), encoding="utf-8")
    tmp.replace(path)
    return path
