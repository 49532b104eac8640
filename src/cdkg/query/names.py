"""Parameters named in any language: ``--param city=København`` binds the city whose label, in any
language, alternate label or slug is *København* (case and accents aside, see
:mod:`cdkg.core.lookup`). A name that matches nothing is an error that suggests the nearest
names, never a query that silently answers nothing.

Only parameters whose kind is a resource prefix (``city:``, ``network:``, ``fn:``...) are looked up;
an IRI or a prefixed name is used as given.

Examples
--------
>>> from cdkg.store import GraphStore
>>> store = GraphStore()
>>> _ = store.load_data('<https://w3id.org/cdkg/id/city/copenhagen> <http://www.w3.org/2000/01/rdf-schema#label> '
...                     '"København"@da <https://w3id.org/cdkg/id/source/003/L1> .\\n')
>>> from cdkg.query.library import Param
>>> city = Param("city", "city:", "copenhagen", "the city")
>>> resolve_names({"city": "københavn"}, [city], ask_store(store))
{'city': '<https://w3id.org/cdkg/id/city/copenhagen>'}
>>> resolve_names({"city": "copenhgen"}, [city], ask_store(store))
Traceback (most recent call last):
...
cdkg.core.errors.CdkgError: --param city: unknown city 'copenhgen' (did you mean: København?); known: København
"""

from __future__ import annotations

import re
from typing import Callable

from cdkg.core.errors import CdkgError
from cdkg.core.lookup import NameIndex
from cdkg.core.namespaces import RESOURCE_KINDS, all_prefixes

_NAMES = """SELECT DISTINCT ?s ?name WHERE {{
  VALUES ?p {{ <http://www.w3.org/2000/01/rdf-schema#label> <http://www.w3.org/2004/02/skos/core#prefLabel>
              <http://www.w3.org/2004/02/skos/core#altLabel> }}
  ?s ?p ?name . FILTER (isIRI(?s) && STRSTARTS(STR(?s), "{ns}"))
}}"""
_EXISTS = "ASK {{ <{iri}> ?p ?o }}"


def ask_store(store) -> Callable[[str], list[tuple]]:
    """A function running SELECT/ASK text on a :class:`~cdkg.store.GraphStore`: rows of values."""
    def ask(text: str):
        result = store.query(text)
        if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
            return [(bool(result),)]
        return [tuple(getattr(v, "value", v) for v in row) for row in result]
    return ask


def ask_endpoint(url: str, timeout: float = 60.0) -> Callable[[str], list[tuple]]:
    """The same on a remote SPARQL endpoint."""
    from cdkg.query.remote import query_endpoint

    def ask(text: str):
        result = query_endpoint(url, text, timeout=timeout)
        if result.kind == "ask":
            return [(bool(result.boolean),)]
        return [tuple(getattr(v, "value", v) for v in row) for row in result.rows]
    return ask


def _given_as_term(value: str, prefixes: dict[str, str]) -> bool:
    value = value.strip()
    if value.startswith("<") or re.match(r"^https?://", value):
        return True
    prefix, colon, _ = value.partition(":")
    return bool(colon) and prefix in prefixes


def resolve_names(given: dict[str, str], declared, ask: Callable[[str], list[tuple]]) -> dict[str, str]:
    """``given`` with each name of a resource-prefixed parameter replaced by ``<IRI>``.

    Raises
    ------
    CdkgError
        A name matches nothing (nearest names suggested), or several things.
    """
    prefixes = all_prefixes()
    kinds = {p.name: p.kind for p in declared}
    out = dict(given)
    for name, value in given.items():
        kind = kinds.get(name, "")
        if not kind.endswith(":") or kind[:-1] not in prefixes or _given_as_term(value, prefixes):
            continue
        ns = prefixes[kind[:-1]]
        if re.fullmatch(r"[\w.-]+", value.strip()) and ask(_EXISTS.format(iri=ns + value.strip()))[0][0]:
            continue  # a slug of something the graph has: bound as before
        index = NameIndex()
        rows = ask(_NAMES.format(ns=ns.replace("\\", "\\\\").replace('"', '\\"')))
        for iri, label in sorted(rows):
            index.add(iri, [label])
        hits = sorted(index.find(value))
        what = RESOURCE_KINDS.get(kind[:-1], kind[:-1])
        if not hits:
            raise CdkgError(f"--param {name}: {index.message(value, what)}")
        if len(hits) > 1:
            raise CdkgError(f"--param {name}: {value!r} names several: {', '.join(hits)}; give one IRI")
        out[name] = f"<{hits[0]}>"
    return out
