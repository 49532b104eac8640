"""What a served SPARQL endpoint refuses: ``SERVICE`` (and ``LOAD``) to hosts not allowed.

A ``SERVICE`` clause makes the server send a request to any host and port a client names
(server-side request forgery; error replies even reveal which ports are open), and an update's
``LOAD`` fetches any URL. :func:`check_query` reads a query the way a SPARQL parser does (codepoint
escapes ``\\uXXXX`` first, then tokens, skipping comments, strings and IRIs) and refuses either
keyword unless its target is an IRI on the allow-list (``cdkg serve --federate URL``). A target
that is a variable or an unknown prefixed name is refused always.

Examples
--------
>>> services('SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }')
['http://127.0.0.1:22/']
>>> services('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://y/>')
[]
>>> services('SELECT * { SERV\\\\u0049CE SILENT ?x { ?s ?p ?o } }')
['?x']
>>> check_query('SELECT * { SERVICE <http://wd.example/sparql> { ?s ?p ?o } }', ["http://wd.example/sparql"])
>>> check_query('SELECT * { SERVICE <http://127.0.0.1:22/> {} }')
Traceback (most recent call last):
...
cdkg.store.policy.Refused: SERVICE <http://127.0.0.1:22/> is refused: this endpoint sends no request to other hosts (a server started with --federate URL allows that endpoint)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cdkg.core.errors import CdkgError

# Patterns, not compiled objects: ``re`` compiles each on first use and keeps it, so a command
# that never checks a query (most of them) does not pay for compiling them at start-up.
_ESCAPE = r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})"
_TOKENS = r'''(?xs)
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<name>[^\W\d][\w.-]*:(?:[\w.%-]|\\.)*|:(?:[\w.%-]|\\.)*|[^\W\d][\w-]*)
  | (?P<other>\S)'''
_MAYBE = r"(?i)service|load|\\u|\\U"
#: Keywords whose target the server would fetch.
FETCHING = ("SERVICE", "LOAD")


class Refused(CdkgError):
    """A query or update the endpoint will not run (the client gets 403 with the message)."""

    exit_code = 2


def unescape(text: str) -> str:
    r"""The text with SPARQL codepoint escapes (``\u0049``) replaced, as a parser first does."""
    return re.sub(_ESCAPE, lambda m: chr(int(m[1] or m[2], 16)) if int(m[1] or m[2], 16) < 0x110000 else m[0], text)


def tokens(text: str) -> Iterable[tuple[str, str]]:
    """``(kind, text)`` pairs of a query: comments dropped, strings and IRIs whole."""
    for match in re.finditer(_TOKENS, unescape(text)):
        if match.lastgroup != "comment":
            yield match.lastgroup, match.group()


def _targets(text: str) -> list[tuple[str, str]]:
    prefixes: dict[str, str] = {}
    found = []
    items = list(tokens(text))
    for i, (kind, value) in enumerate(items):
        if kind != "name":
            continue
        word = value.upper()
        if word == "PREFIX" and i + 2 < len(items) and items[i + 2][0] == "iri":
            prefixes[items[i + 1][1].rstrip(":")] = items[i + 2][1][1:-1]
        if word not in FETCHING:
            continue
        j = i + 1
        if j < len(items) and items[j][1].upper() == "SILENT":
            j += 1
        kind_t, target = items[j] if j < len(items) else ("other", "")
        if kind_t == "iri":
            target = target[1:-1]
        elif kind_t == "name" and ":" in target:
            prefix, _, local = target.partition(":")
            target = prefixes[prefix] + local if prefix in prefixes else target
        found.append((word, target))
    return found


def services(text: str) -> list[str]:
    """The targets of the ``SERVICE`` and ``LOAD`` keywords of a query or update (IRIs bare)."""
    return [target for _, target in _targets(text)]


def check_query(text: str, allowed: Iterable[str] = ()) -> None:
    """Refuse ``SERVICE``/``LOAD`` unless the target IRI is exactly one of ``allowed``.

    Raises
    ------
    Refused
        Naming the keyword and its target.
    """
    if not re.search(_MAYBE, text):  # the usual case, at once: no keyword and no escape that could spell one
        return
    allowed = {a.rstrip("/") for a in allowed}
    for word, target in _targets(text):
        if target.rstrip("/") in allowed and re.match(r"(?i)https?://", target):
            continue
        shown = f"<{target}>" if re.match(r"[A-Za-z][\w+.-]*:", target) and " " not in target else (target or "(nothing)")
        how = (f"only {', '.join(sorted(allowed))} {'is' if len(allowed) == 1 else 'are'} allowed (--federate)"
               if allowed else "a server started with --federate URL allows that endpoint")
        raise Refused(f"{word} {shown} is refused: this endpoint sends no request to other hosts ({how})")
