"""A query editor page for ``cdkg serve``: the server's own YASGUI, with the library's queries
offered as examples (a menu of titles and questions; choosing one loads it into the editor,
its parameters bound to their example values)."""

from __future__ import annotations

import html
import json
from pathlib import Path

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
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: ENDPOINT }},
  copyEndpointOnNewTab: true,
  persistenceId: null
}});
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


def editor_page(server_url: str, library: QueryLibrary) -> str:
    """The HTML of the editor for a server at ``server_url`` (``http://127.0.0.1:7878``).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "001_all.rq").write_text("# title: All\\n# question: All?\\nSELECT * WHERE { ?s ?p ?o }\\n")
    >>> page = editor_page("http://127.0.0.1:7878", QueryLibrary(folder))
    >>> '"http://127.0.0.1:7878/query"' in page and '<option value="001_all">001 All</option>' in page
    True
    """
    items = examples(library)
    options = "".join(
        f'<option value="{html.escape(key)}">{html.escape(key[:3])} {html.escape(item["title"])}</option>'
        for key, item in items.items()
    )
    # json.dumps does not escape "</", which would end the script element early.
    data = json.dumps(items, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.format(server=server_url, endpoint=json.dumps(server_url + "/query"), examples=data, options=options)


def write_editor(path: Path, server_url: str, library: QueryLibrary) -> Path:
    """Write the editor page atomically; returns its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(editor_page(server_url, library), encoding="utf-8")
    tmp.replace(path)
    return path
