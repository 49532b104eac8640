"""Write imported facts as TriG, one named graph per record, streamed and atomic.

Large imports (hundreds of thousands of rows) must not build an rdflib graph in memory, so the
writer takes ready-made terms (strings in Turtle syntax, made by :func:`iri` and :func:`lit`)
and streams graph blocks to a temporary file. Citation records are collected in a second
temporary file and appended as one ``<base>id/graph/citations`` block. The file is renamed into
place only when complete; when its content equals the file already there (a re-import of the
same input), the old file is kept untouched, import date included.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from cdkg.core.namespaces import DEFAULT_BASE, all_prefixes

_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_HASH_LINE = "# content-sha256: "
XSD = "http://www.w3.org/2001/XMLSchema#"


class Terms:
    """Turn IRIs into Turtle terms, as prefixed names where the prefix is known.

    Examples
    --------
    >>> t = Terms()
    >>> t.iri("https://w3id.org/cdkg/id/city/aarhus")
    'city:aarhus'
    >>> t.iri("https://w3id.org/cdkg/id/city/a b")
    '<https://w3id.org/cdkg/id/city/a%20b>'
    >>> t.lit("Århus", lang="da"), t.lit(1984, "gYear"), t.lit('say "hi"')
    ('"Århus"@da', '"1984"^^xsd:gYear', '"say \\\\"hi\\\\""')
    """

    def __init__(self, base: str = DEFAULT_BASE):
        prefixes = all_prefixes(base)
        # Longest namespace first, so ``id/city/`` wins over ``id/``.
        self.prefixes = dict(sorted(prefixes.items(), key=lambda kv: -len(kv[1])))

    def iri(self, value: str) -> str:
        value = str(value)
        for prefix, ns in self.prefixes.items():
            if value.startswith(ns):
                local = value[len(ns):]
                if _LOCAL.match(local):
                    return f"{prefix}:{local}"
                break
        return "<" + _UNSAFE.sub(lambda m: "%%%02X" % ord(m.group()), value) + ">"

    @staticmethod
    def lit(value, datatype: str | None = None, lang: str | None = None) -> str:
        text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if lang:
            return f'"{text}"@{lang}'
        if datatype:
            dt = f"xsd:{datatype}" if ":" not in datatype else f"<{datatype}>"
            return f'"{text}"^^{dt}'
        return f'"{text}"'


def iri(value: str, terms: Terms | None = None) -> str:
    """A Turtle term for an IRI (shortcut for ``Terms().iri``)."""
    return (terms or _DEFAULT_TERMS).iri(value)


def lit(value, datatype: str | None = None, lang: str | None = None) -> str:
    """A Turtle literal (shortcut for :meth:`Terms.lit`)."""
    return Terms.lit(value, datatype, lang)


_DEFAULT_TERMS = Terms()


class TrigWriter:
    """Stream named graphs into a TriG file; call :meth:`close` to put it in place.

    Parameters
    ----------
    path : Path
        The file to write; folders are created.
    base : str
        The IRI base (for prefixes).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "x.trig"
    >>> w = TrigWriter(p)
    >>> g = iri("https://w3id.org/cdkg/id/import/x/row-2")
    >>> w.graph(g, [("city:a", "a", "cdkg:City"), ("city:a", "rdfs:label", '"A"')], [(g, "a", "cdkg:Citation")])
    >>> w.close(footer=[("cd:import-x", "cdkg:importedOn", '"2026-01-01"^^xsd:date')])
    True
    >>> w2 = TrigWriter(p)
    >>> w2.graph(g, [("city:a", "a", "cdkg:City"), ("city:a", "rdfs:label", '"A"')], [(g, "a", "cdkg:Citation")])
    >>> w2.close(footer=[("cd:import-x", "cdkg:importedOn", '"2027-01-01"^^xsd:date')])
    False
    >>> "2026-01-01" in p.read_text()
    True
    """

    def __init__(self, path: Path | str, base: str = DEFAULT_BASE, title: str = "imported facts"):
        self.path = Path(path)
        self.base = base
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._tmp = Path(tmp)
        self._out = os.fdopen(fd, "w", encoding="utf-8")
        self._cites = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._hash = hashlib.sha256()
        self.graphs = 0
        self.triples = 0
        head = [f"# {title}: written by `cdkg import`; do not edit by hand, import again instead.\n"]
        head += [f"@prefix {p}: <{ns}> .\n" for p, ns in all_prefixes(base).items()]
        head.append("\n")
        self._write("".join(head))

    def _write(self, text: str) -> None:
        self._hash.update(text.encode("utf-8"))
        self._out.write(text)

    @staticmethod
    def _block(name: str, triples) -> str:
        """A graph block, consecutive triples of one subject joined with ``;``."""
        out = [f"{name} {{\n"]
        last = None
        for s, p, o in triples:
            if s == last:
                out.append(f" ;\n        {p} {o}")
            else:
                if last is not None:
                    out.append(" .\n")
                out.append(f"    {s} {p} {o}")
                last = s
        out.append(" .\n}\n")
        return "".join(out)

    def graph(self, name: str, triples, citation=()) -> None:
        """Write one named graph ``name`` (a Turtle term) holding ``triples``; add the
        ``citation`` triples (its provenance record) to the citations graph."""
        triples = list(triples)
        if not triples:
            return
        self._write(self._block(name, triples))
        self.graphs += 1
        self.triples += len(triples)
        for s, p, o in citation:
            self._cites.write(f"    {s} {p} {o} .\n")

    def abort(self) -> None:
        """Drop the partial output; the target file is left as it was."""
        self._out.close()
        self._cites.close()
        self._tmp.unlink(missing_ok=True)

    def close(self, footer=()) -> bool:
        """Finish the file and rename it into place. ``footer`` triples (the import record,
        with its date) go into the citations graph but not into the content hash, so a
        re-import of unchanged content keeps the old file. Returns whether the file changed."""
        self._cites.seek(0)
        self._write(f"{iri(self.base + 'id/graph/citations')} {{\n")
        while chunk := self._cites.read(1 << 20):
            self._write(chunk)
        self._cites.close()
        digest = self._hash.hexdigest()
        self._out.write("".join(f"    {s} {p} {o} .\n" for s, p, o in footer))
        self._out.write(f"}}\n{_HASH_LINE}{digest}\n")
        self._out.close()
        if self.path.exists() and existing_hash(self.path) == digest:
            self._tmp.unlink()
            return False
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._tmp, 0o666 & ~umask)
        os.replace(self._tmp, self.path)
        return True


def existing_hash(path: Path) -> str | None:
    """The content hash recorded in the last line of a file this writer made, if any."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 200))
        tail = handle.read().decode("utf-8", "replace").strip().splitlines()
    if tail and tail[-1].startswith(_HASH_LINE):
        return tail[-1][len(_HASH_LINE):].strip()
    return None
