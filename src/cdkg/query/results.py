"""Query results, the same whether they come from the embedded store or a remote endpoint, and
their output formats: a readable table, CSV, TSV, SPARQL JSON/XML results, Turtle, JSON-LD,
N-Triples, and pandas DataFrames.

Examples
--------
>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> s.add(ox.Quad(ox.NamedNode("https://w3id.org/cdkg/id/city/aarhus"),
...               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Aarhus", language="en")))
>>> r = QueryResult.from_oxigraph(s.query("SELECT ?city ?label WHERE { ?city ?p ?label }"))
>>> r.variables, r.compact_rows()
(['city', 'label'], [('city:aarhus', '"Aarhus"@en')])
>>> print(r.serialize("csv").decode().replace("\\r", "").strip())
city,label
https://w3id.org/cdkg/id/city/aarhus,Aarhus
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox

from cdkg.core.errors import CdkgError, Record
from cdkg.core.gcpause import paused_gc
from cdkg.core.namespaces import all_prefixes

XSD = "http://www.w3.org/2001/XMLSchema#"
SOLUTION_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
}
FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "jsonld", "nt")


#: Above this many rows the table is drawn as plain aligned columns: rich lays a table out in
#: time that grows faster than its rows (200,037 rows took 188 s; plain, a second).
PLAIN_TABLE_ROWS = 2_000


_CONTROL = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _plain_table(columns: list[str], rows: list[tuple]) -> str:
    """Columns padded to their widest cell (at most 60 characters; a longer cell is written whole
    and pushes the rest of its line), a rule under the header; nothing is cut, and a line break
    or tab inside a cell is shown as ``\\n`` or ``\\t``.

    Examples
    --------
    >>> print(_plain_table(["city", "n"], [("Aarhus", "3"), ("Vejle", "12")]), end="")
    city    n
    ------  --
    Aarhus  3
    Vejle   12
    """
    rows = [tuple(c.translate(_CONTROL) for c in row) for row in rows]  # one line per row
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]

    def line(cells):
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out) + "\n"


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def compact(term, prefixes: dict[str, str] | None = None) -> str:
    """A short, exact text for a term: ``city:aarhus``, ``"Aarhus"@en``, ``1984`` (integer),
    ``"1984"^^xsd:gYear``; used in pinned answers.

    Examples
    --------
    >>> compact(ox.NamedNode("https://w3id.org/cdkg/id/network/c40"))
    'network:c40'
    >>> compact(ox.Literal("1984", datatype=ox.NamedNode(XSD + "gYear")))
    '"1984"^^xsd:gYear'
    >>> compact(ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))), compact(None)
    ('7', '')
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _prefixed(term.value, prefixes) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{_quote(term.value)}@{term.language}"
        dt = term.datatype.value
        if dt == XSD + "string":
            return _quote(term.value)
        if dt == XSD + "integer":
            return term.value
        return f"{_quote(term.value)}^^{_prefixed(dt, prefixes) or '<' + dt + '>'}"
    return str(term)


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


_PREFIX_CACHE: list = []


def _prefixed(iri: str, prefixes: dict[str, str] | None) -> str | None:
    if prefixes is None:
        if not _PREFIX_CACHE:
            _PREFIX_CACHE.append(sorted(all_prefixes().items(), key=lambda kv: -len(kv[1])))
        items = _PREFIX_CACHE[0]
    else:
        items = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    for prefix, base in items:
        if iri.startswith(base):
            local = iri[len(base) :]
            if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return None


def _display(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    return compact(term)


def _python(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "positiveInteger", XSD + "nonNegativeInteger"):
                return int(term.value)
            if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(term.value)
            if dt == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            pass
        return term.value
    return term.value if hasattr(term, "value") else str(term)


class QueryResult(Record):
    """The answer to a query: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).
    (A plain class, not a dataclass: see cdkg.core.errors.)"""

    __slots__ = ("kind", "variables", "rows", "boolean", "triples", "truncated")

    def __init__(self, kind: str, variables: list[str] | None = None, rows: list[tuple] | None = None,
                 boolean: bool | None = None, triples: list | None = None, truncated: bool = False):
        self.kind = kind
        self.variables = [] if variables is None else variables
        self.rows = [] if rows is None else rows
        self.boolean, self.truncated = boolean, truncated
        self.triples = [] if triples is None else triples

    def __repr__(self) -> str:
        size = f"rows={len(self.rows)}" if self.kind == "select" else (
            f"boolean={self.boolean!r}" if self.kind == "ask" else f"triples={len(self.triples)}")
        return f"QueryResult(kind={self.kind!r}, variables={self.variables!r}, {size}, truncated={self.truncated!r})"

    @classmethod
    def from_oxigraph(cls, result, limit: int | None = None) -> "QueryResult":
        """Materialise a pyoxigraph result (at most ``limit`` rows/triples when given)."""
        if isinstance(result, ox.QueryBoolean):
            return cls("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            if limit is None:
                with paused_gc():  # 200,000 rows: the collector's passes cost more than the rows
                    return cls("select", names, [tuple(s) for s in result])
            rows, truncated = [], False
            for solution in result:
                if len(rows) >= limit:
                    truncated = True
                    break
                rows.append(tuple(solution))
            return cls("select", names, rows, truncated=truncated)
        if limit is None:
            return cls("graph", triples=list(result))
        triples, truncated = [], False
        for triple in result:
            if limit is not None and len(triples) >= limit:
                truncated = True
                break
            triples.append(triple)
        return cls("graph", triples=triples, truncated=truncated)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples) if self.kind == "graph" else 1

    # -- plain Python views ---------------------------------------------------------------
    def compact_rows(self) -> list[tuple[str, ...]]:
        """Rows as exact short texts (see :func:`compact`); ``""`` for unbound."""
        if self.kind == "graph":
            return sorted((compact(t.subject), compact(t.predicate), compact(t.object)) for t in self.triples)
        if self.kind == "ask":
            return [("true" if self.boolean else "false",)]
        return [tuple(compact(v) for v in row) for row in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame: IRIs as strings, numbers as numbers, unbound as None."""
        import pandas as pd

        if self.kind == "graph":
            return pd.DataFrame(
                [(_python(t.subject), _python(t.predicate), _python(t.object)) for t in self.triples],
                columns=["subject", "predicate", "object"],
            )
        if self.kind == "ask":
            return pd.DataFrame({"answer": [self.boolean]})
        return pd.DataFrame([[_python(v) for v in row] for row in self.rows], columns=self.variables)

    # -- serialisations --------------------------------------------------------------------
    def sparql_json(self) -> dict:
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [
            {name: _term_json(value) for name, value in zip(self.variables, row) if value is not None}
            for row in self.rows
        ]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def serialize(self, fmt: str = "table") -> bytes:
        """The result in ``fmt`` (one of :data:`FORMATS`) as bytes."""
        fmt = fmt.lower()
        if fmt == "table":
            return self.table().encode("utf-8")
        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise CdkgError(f"a CONSTRUCT/DESCRIBE result is written as table, turtle, jsonld, nt or xml, not {fmt!r}")
            prefixes = all_prefixes() if GRAPH_FORMATS[fmt] == ox.RdfFormat.TURTLE else None
            return ox.serialize(self.triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
        if fmt not in SOLUTION_FORMATS:
            raise CdkgError(f"a SELECT/ASK result is written as table, csv, tsv, json or xml, not {fmt!r}")
        if self.kind != "select" or not self.variables:
            data = json.dumps(self.sparql_json(), ensure_ascii=False)
            if fmt == "json":
                return data.encode("utf-8")
            parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        else:  # the rows as SPARQL TSV, each term in its N-Triples form (written by Oxigraph)
            with paused_gc():
                lines = ["\t".join("?" + v for v in self.variables)]
                lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.rows]
            parsed = ox.parse_query_results("\n".join(lines) + "\n", format=ox.QueryResultsFormat.TSV)
        out = io.BytesIO()
        parsed.serialize(out, SOLUTION_FORMATS[fmt])
        return out.getvalue()

    def table(self) -> str:
        """A readable table (IRIs shortened with the project's prefixes)."""
        from rich.console import Console
        from rich.table import Table

        if self.kind == "ask":
            return ("yes" if self.boolean else "no") + "\n"
        table = Table(show_lines=False, header_style="bold")
        if self.kind == "graph":
            columns = ["subject", "predicate", "object"]
            rows = [(compact(t.subject), compact(t.predicate), _display(t.object)) for t in self.triples]
        else:
            columns = self.variables
            rows = [tuple(_display(v) for v in row) for row in self.rows]
        n = len(rows)
        note = f"{n} row{'s' if n != 1 else ''}" + (" (truncated at the result limit)" if self.truncated else "")
        if n > PLAIN_TABLE_ROWS:
            return _plain_table(columns, rows) + note + "\n"
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console = Console(file=io.StringIO(), width=160, color_system=None, force_terminal=False)
        console.print(table)
        return console.file.getvalue() + note + "\n"
