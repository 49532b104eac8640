"""The large network views: sigma.js and graphology (WebGL), inlined from the files the
ipysigma package ships, chosen above :data:`SIGMA_LIMIT` nodes; the page's data gzipped in
base64, the hover cards' data apart (see ``templates/network-sigma.html``)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

from cdkg.analysis.filters import UnknownNameError, unknown_message

#: above this many nodes the page draws with sigma.js (WebGL) instead of vis-network (canvas)
SIGMA_LIMIT = 2000

_CORE_NODE_KEYS = ("id", "iri", "label", "kind", "x", "y", "size", "color", "country", "networks", "functions")


def _split_for_cards(data: dict) -> tuple[dict, dict]:
    """What the page needs to draw and filter (nodes' core fields, edges as a flat list of
    from, to, width), and what only the hover cards need (measures, sources, the edges' facts) as
    JSON lines, which the page inflates after the first picture and parses a line at a time."""
    core = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    core["nodes"] = [{k: n[k] for k in _CORE_NODE_KEYS if k in n} for n in data["nodes"]]
    core["edges"] = [x for e in data["edges"] for x in (e["from"], e["to"], e["width"])]
    # one JSON line per node, then per edge: the page parses a line when its card is first shown
    lines = [{k: v for k, v in n.items() if k not in _CORE_NODE_KEYS} for n in data["nodes"]]
    lines += [{k: v for k, v in e.items() if k not in ("from", "to", "width")} for e in data["edges"]]
    extra = "\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":"), default=str) for x in lines)
    return core, extra


def _packed(obj) -> str:
    """JSON, gzipped (no timestamp: same input, same bytes), in base64: the browser's HTML parser
    reads a tenth of the bytes, and the page inflates them with ``DecompressionStream``."""
    raw = (obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def choose_renderer(n: int, renderer: str = "auto") -> str:
    """``vis`` (vis-network, canvas) up to :data:`SIGMA_LIMIT` nodes, ``sigma`` (WebGL) above,
    unless a renderer is named.

    Examples
    --------
    >>> choose_renderer(227), choose_renderer(10_000), choose_renderer(50, "sigma")
    ('vis', 'sigma', 'sigma')
    """
    if renderer not in ("auto", "vis", "sigma"):
        raise UnknownNameError(unknown_message(renderer, ["auto", "vis", "sigma"], "renderer"))
    return renderer if renderer != "auto" else ("sigma" if n > SIGMA_LIMIT else "vis")


#: the webpack chunks of ipysigma's JupyterLab extension that hold sigma.js and graphology
_SIGMA_CHUNKS = ("vendors-node_modules_graphology_dist_graphology_umd_min_js",
                 "vendors-node_modules_events_events_js-node_modules_sigma_rendering_webgl_programs_edge_rectan",
                 "vendors-node_modules_sigma_index_js", "node_modules_graphology-utils_is-graph_js",
                 "node_modules_graphology-utils_getters_js")


def _sigma_js() -> str:
    import ipysigma

    root = Path(ipysigma.__file__).parent / "labextension" / "static"
    out = []
    for prefix in _SIGMA_CHUNKS:
        found = sorted(p for p in root.glob(prefix + "*.js") if not p.name.endswith(".map"))
        if not found:  # pragma: no cover - a release of ipysigma that splits its bundle otherwise
            raise RuntimeError(f"ipysigma {ipysigma.__version__} has no {prefix}*.js in {root}")
        out.append(found[0].read_text(encoding="utf-8").replace("</script", "<\\/script"))
    head = (f"/* sigma.js and graphology (MIT licence, médialab, Sciences Po), as the ipysigma {ipysigma.__version__} "
            "package ships them (its JupyterLab extension's webpack chunks) */")
    return "\n".join([head, *out])
