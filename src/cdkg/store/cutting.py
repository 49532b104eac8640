"""Count and cut SPARQL answers as bytes, without parsing their terms.

The proxy of ``cdkg serve`` must keep at most ``limit`` solutions or triples. Parsing every
answer and writing it again costs more than the query; instead it reads the server's bytes,
counting rows with a pattern that only a row start can match in that format, and either passes
them on unchanged (the usual case: the answer is within the limit) or cuts them at the start of
row ``limit + 1`` and closes the document. Oxigraph's writers are the reference:

- SPARQL results JSON: a row is an object ``{"var":{...}`` (or ``{}``) right after ``[`` or
  ``,``; in a JSON string a ``"`` is always escaped, so no value can look like one;
- SPARQL results XML: a row is ``<result>``; in text ``<`` is always ``&lt;``;
- SPARQL results TSV and N-Triples: a row is a line (newlines in values are escaped);
- SPARQL results CSV: a row ends at a CRLF outside quotes (an even count of ``"`` before it).

Examples
--------
>>> doc = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":",{\\\\"s\\\\":{"}},{}]}}'
>>> counter = RowCounter("json")
>>> counter.feed(doc)
2
>>> counter.cut(doc, 1)
b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":",{\\\\"s\\\\":{"}}]}}'
>>> lines = RowCounter("tsv")
>>> lines.feed(b"?s\\n<a>\\n<b>\\n"), lines.cut(b"?s\\n<a>\\n<b>\\n", 1)
(2, b'?s\\n<a>\\n')
>>> table = b's,o\\r\\na,"x\\r\\ny"\\r\\nb,c\\r\\n'
>>> rows = RowCounter("csv")
>>> rows.feed(table), rows.cut(table, 1)
(2, b's,o\\r\\na,"x\\r\\ny"\\r\\n')
"""

from __future__ import annotations

import re

_JSON_ROW = re.compile(rb'[\[,]\{(?:\}|"[^"\\\x00-\x1f]{1,200}":\{)')
_XML_ROW = re.compile(rb"<result>")
_OVERLAP = {"json": 256, "xml": 8}
_TAIL = {"json": b"]}}", "xml": b"</results></sparql>"}


class RowCounter:
    """Counts the rows of an answer fed in chunks; :meth:`cut` keeps the first ``n``.

    ``kind`` is ``json`` or ``xml`` (SPARQL results), or ``tsv`` / ``nt`` (one row a line;
    a TSV answer's first line is its header).
    """

    def __init__(self, kind: str):
        self.kind = kind
        self.rows = 0
        self._scanned = 0      # bytes of the document already searched
        self._next = 0         # where the next row start may begin
        self._starts: list[int] = []
        self._quotes = 0

    def feed(self, document: bytes | bytearray) -> int:
        """Count the rows in ``document`` (the whole document so far, growing); the count."""
        if self.kind == "csv":
            pos, end = self._scanned, document.rfind(b"\r\n") + 2
            while pos < end:
                at = document.find(b"\r\n", pos, end)
                self._quotes += document.count(b'"', pos, at)
                if not self._quotes % 2:
                    self._starts.append(at + 2)
                pos = at + 2
            self._scanned = max(self._scanned, pos)
            self.rows = max(0, len(self._starts) - 1)  # the first line is the header
            return self.rows
        if self.kind in ("tsv", "nt"):
            lines = document.count(b"\n", self._scanned)
            self._scanned = len(document)
            self.rows += lines
            return self.rows - (1 if self.kind == "tsv" and self.rows else 0)
        pattern = _JSON_ROW if self.kind == "json" else _XML_ROW
        start = max(self._next, self._scanned - _OVERLAP[self.kind])
        for match in pattern.finditer(document, start):
            self._starts.append(match.start() + (1 if self.kind == "json" else 0))
            self._next = match.start() + 1
        self._scanned = len(document)
        self.rows = len(self._starts)
        return self.rows

    def cut(self, document: bytes | bytearray, n: int) -> bytes:
        """The document with its first ``n`` rows only, closed as its format wants."""
        if self.kind == "csv":
            return bytes(document[: self._starts[n]])
        if self.kind in ("tsv", "nt"):
            at, keep = -1, n + (1 if self.kind == "tsv" else 0)
            for _ in range(keep):
                at = document.index(b"\n", at + 1)
            return bytes(document[: at + 1])
        at = self._starts[n]
        if self.kind == "json":
            at -= 1  # the "[" or "," before the row; keep "[" when no row is kept
            return bytes(document[: at + (1 if n == 0 else 0)]) + _TAIL["json"]
        return bytes(document[:at]) + _TAIL["xml"]
