"""Bind query variables from ``--param name=value``, portably.

A binding is a ``VALUES ?name { term }`` block put first inside the query's ``WHERE`` group,
so it works the same on the embedded store and on any SPARQL 1.1 endpoint, and joins before
grouping (unlike a trailing ``VALUES`` clause, which would join after aggregation).
"""

from __future__ import annotations

import re

from cdkg.core.errors import CdkgError
from cdkg.core.namespaces import all_prefixes

_TOKENS = re.compile(r"""(?x)
    (?P<comment>\#[^\n]*) | (?P<iri><[^<>"{}|^`\\\s]*>) | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<where>\bWHERE\b) | (?P<open>\{) | (?P<other>.)""", re.I | re.S)


def parse_assignments(items: list[str] | None) -> dict[str, str]:
    """``["city=copenhagen"]`` -> ``{"city": "copenhagen"}``.

    Examples
    --------
    >>> parse_assignments(["city=copenhagen", "year=2019"])
    {'city': 'copenhagen', 'year': '2019'}
    >>> parse_assignments(["city"])
    Traceback (most recent call last):
    ...
    cdkg.core.errors.CdkgError: --param takes NAME=VALUE, got 'city'
    """
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise CdkgError(f"--param takes NAME=VALUE, got {item!r}")
        out[name] = value
    return out


def term_for(value: str, kind: str = "", prefixes: dict[str, str] | None = None) -> str:
    """The SPARQL term for a parameter value, given the parameter's kind.

    Examples
    --------
    >>> term_for("copenhagen", "city:")
    '<https://w3id.org/cdkg/id/city/copenhagen>'
    >>> term_for("network:c40")
    '<https://w3id.org/cdkg/id/network/c40>'
    >>> term_for("2019", "year"), term_for("12"), term_for("Aarhus")
    ('"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>', '12', '"Aarhus"')
    """
    prefixes = prefixes or all_prefixes()
    value = value.strip()
    if value.startswith("<") or re.match(r"(?i)^https?:", value):
        return iri_term(value[1:-1] if value.startswith("<") and value.endswith(">") else value)
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes and re.fullmatch(r"[\w.-]*", local):
        return f"<{prefixes[prefix]}{local}>"
    if kind.endswith(":"):
        base = prefixes.get(kind[:-1])
        if base is None:
            raise CdkgError(f"unknown prefix {kind!r} in the parameter's kind")
        if not re.fullmatch(r"[\w.-]+", value):
            raise CdkgError(f"{value!r} is not a slug for {kind} (use e.g. {kind}copenhagen or a full IRI)")
        return f"<{base}{value}>"
    if kind == "iri":
        raise CdkgError(f"{value!r} is not an IRI or prefixed name")
    if kind == "year":
        if not re.fullmatch(r"-?\d{4}", value):
            raise CdkgError(f"{value!r} is not a year")
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    if kind == "integer" or (kind == "" and re.fullmatch(r"-?\d+", value)):
        if not re.fullmatch(r"-?\d+", value):
            raise CdkgError(f"{value!r} is not an integer")
        return value
    return literal_term(value)


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20\x7f-\x9f<>\"{}|^`\\\ud800-\udfff\ufffe\uffff]*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def iri_term(value: str) -> str:
    """``<value>`` when ``value`` is one absolute IRI (no spaces, no ``<>"{}|^`\\``), else an error.

    Examples
    --------
    >>> iri_term("https://ex.org/a")
    '<https://ex.org/a>'
    >>> iri_term("https://ex.org/a> } FILTER(true) { <x")
    Traceback (most recent call last):
    ...
    cdkg.core.errors.CdkgError: 'https://ex.org/a> } FILTER(true) { <x' is not one IRI: an IRI has no spaces and none of < > " { } | ^ ` \\
    """
    if not _IRI.fullmatch(value):
        raise CdkgError(f"{value!r} is not one IRI: an IRI has no spaces and none of < > \" {{ }} | ^ ` \\")
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)  # the engine's own IRI grammar (RFC 3987)
    except ValueError as err:
        raise CdkgError(f"{value!r} is not an IRI: {err}") from None
    return f"<{value}>"


def literal_term(value: str) -> str:
    r"""A string literal holding ``value`` exactly, whatever it holds (quotes, backslashes, newlines).

    Examples
    --------
    >>> print(literal_term('x" } ; DROP ALL ; #\n'))
    "x\" } ; DROP ALL ; #\n"
    """
    return '"' + "".join(_ECHAR.get(ch, ch) for ch in value) + '"'


def where_brace(text: str) -> int:
    """Index of the ``{`` that opens the query's outermost WHERE group (comments/strings skipped).

    Examples
    --------
    >>> q = 'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }'
    >>> q[where_brace(q):]
    '{ ?s ?p ?o }'
    >>> where_brace("SELECT * { ?s ?p ?o }")
    9
    """
    seen_where = False
    first_open = None
    for match in _TOKENS.finditer(text):
        if match["where"]:
            seen_where = True
        elif match["open"] is not None:
            if seen_where:
                return match.start()
            if first_open is None:
                first_open = match.start()
    if first_open is not None and not re.search(r"(?i)\bCONSTRUCT\b", text):
        return first_open
    raise CdkgError("cannot bind parameters: the query has no WHERE { ... } group")


def bind(text: str, values: dict[str, str]) -> str:
    """The query with ``VALUES`` blocks binding the given terms first in its WHERE group.

    Examples
    --------
    >>> print(bind("SELECT ?n WHERE {\\n  ?c ?p ?n\\n}", {"c": "<https://ex.org/x>"}))
    SELECT ?n WHERE { VALUES ?c { <https://ex.org/x> }
      ?c ?p ?n
    }
    """
    if not values:
        return text
    at = where_brace(text)
    block = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in values.items())
    return text[: at + 1] + " " + block + text[at + 1 :]


def bind_params(text: str, given: dict[str, str], params=()) -> str:
    """Bind ``--param`` values into a query, checking them against the declared params.

    Every declared param must be given (a missing one is named); a given value for an
    undeclared variable binds it as-is (typed by its form).
    """
    kinds = {p.name: p.kind for p in params}
    missing = [name for name in kinds if name not in given]
    if missing:
        p = next(p for p in params if p.name == missing[0])
        raise CdkgError(
            f"missing --param {p.name}=VALUE ({p.description}; for example --param {p.name}={p.example})"
        )
    unknown = [n for n in given if n not in kinds and not re.search(rf"[?$]{re.escape(n)}\b", text)]
    if unknown:
        raise CdkgError(f"--param {unknown[0]}: the query has no variable ?{unknown[0]}")
    terms = {}
    for name, value in given.items():
        try:
            terms[name] = term_for(value, kinds.get(name, ""))
        except CdkgError as err:
            raise CdkgError(f"--param {name}: {err}") from None
    return bind(text, terms)
