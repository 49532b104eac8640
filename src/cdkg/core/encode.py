"""Output encoders that are safe by construction: JSON inside an HTML ``<script>`` element, and
table cells that a spreadsheet would run as a formula.

JSON in a script element must not hold ``</script``, ``<!--`` or ``<script`` as text: the
HTML parser acts on them before JavaScript sees the string (a label ``<!--<script`` blanks
the rest of the page). :func:`script_json` writes ``<``, ``>`` and ``&`` as ``\\u003c``,
``\\u003e`` and ``\\u0026`` (the same JSON value; the approach of Django's ``json_script``) and
U+2028/U+2029 as escapes (line breaks to older JavaScript).

A CSV cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``=cmd|...``): :func:`safe_cell` puts a
``'`` before it in the tables people open (the OWASP advice); numbers stay numbers, and the RDF
keeps the value as it was.

Examples
--------
>>> script_json({"label": "<!--<script>alert(1)</script>&"})
'{"label": "\\\\u003c!--\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e\\\\u0026"}'
>>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-3.5"), safe_cell("Aarhus"), safe_cell(7)
('\\'=HYPERLINK("http://x")', '-3.5', 'Aarhus', 7)
"""

from __future__ import annotations

import json
import re

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}
_FORMULA = re.compile(r"^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def script_text(text: str) -> str:
    """JSON text made safe to put inside a ``<script>`` element (same value when parsed)."""
    return text.translate(_SCRIPT_ESCAPES)


def script_json(obj, **kwargs) -> str:
    """``json.dumps(obj, **kwargs)`` made safe to put inside a ``<script>`` element."""
    kwargs.setdefault("ensure_ascii", False)
    return script_text(json.dumps(obj, **kwargs))


def safe_cell(value):
    """A table cell that no spreadsheet runs as a formula (strings only; numbers as they are)."""
    if isinstance(value, str) and _FORMULA.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_frame(df):
    """A copy of a pandas DataFrame with :func:`safe_cell` applied to its text columns."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].map(safe_cell)
    return out
