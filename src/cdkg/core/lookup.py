"""Names in any language: finding the place, network or function a researcher names by any of its
labels (English, Danish, alternate labels), its slug, a prefixed name or its IRI, whatever the
case and accents; and, for a name that matches nothing, the nearest names to suggest.

Names are compared folded: case-folded, accents and other marks removed, the letters that do
not decompose (ø, æ, ß, ...) spelt out in Latin letters, Danish *aa* read as *å*, and anything
but letters and digits taken as one space. Suggestions rank all known names by RapidFuzz's
weighted ratio [1]_ on the folded forms.

References
----------
.. [1] M. Bachmann, RapidFuzz: rapid fuzzy string matching, ``rapidfuzz.fuzz.WRatio``.
   https://rapidfuzz.github.io/RapidFuzz/

Examples
--------
>>> index = NameIndex()
>>> index.add("https://w3id.org/cdkg/id/city/copenhagen", ["Copenhagen", "København"])
>>> index.find("KØBENHAVN"), index.find("kobenhavn") == index.find("city:copenhagen")
({'https://w3id.org/cdkg/id/city/copenhagen'}, True)
>>> index.suggest("copenhgen")
['Copenhagen']
>>> index.message("copenhgen", "city")
"unknown city 'copenhgen' (did you mean: Copenhagen?); known: Copenhagen, København"
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

#: Letters that Unicode does not decompose into a base letter and a mark.
_SPELL = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                        "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k"})


def fold(text: str) -> str:
    """The form names are compared in.

    Examples
    --------
    >>> fold("  Århus Kommune "), fold("Aarhus-kommune"), fold("Malmö"), fold("Frederiksberg_Kommune")
    ('arhus kommune', 'arhus kommune', 'malmo', 'frederiksberg kommune')
    """
    text = unicodedata.normalize("NFKD", str(text).casefold()).translate(_SPELL)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\W_]+", " ", text).strip()
    return text.replace("aa", "a")


def slug_of(iri: str) -> str:
    """The last segment of an IRI.

    Examples
    --------
    >>> slug_of("https://w3id.org/cdkg/id/function/knowledge-sharing"), slug_of("https://w3id.org/cdkg/ontology#City")
    ('knowledge-sharing', 'City')
    """
    return str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _forms(value: str) -> list[str]:
    """The folded forms a typed name may match: as typed, and without a ``prefix:``."""
    value = str(value).strip()
    forms = [value]
    if ":" in value and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.I):
        forms.append(value.split(":", 1)[1])
    return [fold(f) for f in forms if fold(f)]


class NameIndex:
    """Things and their names: every label, alternate label, code, slug and the IRI itself."""

    def __init__(self) -> None:
        self._keys: dict[str, set[str]] = {}
        self.shown: dict[str, str] = {}          # iri -> the name shown for it (the first given)
        self._pool: dict[str, str] = {}          # every name and slug -> the name to suggest
        self._folded: tuple[list[str], list[str]] | None = None   # sorted pool, and folded

    def __len__(self) -> int:
        return len(self.shown)

    def add(self, iri: str, names: Iterable[str] = (), shown: str | None = None) -> None:
        """Add a thing with its names (the slug and IRI are added too)."""
        iri = str(iri)
        names = [str(n) for n in names if n]
        self.shown.setdefault(iri, shown or (names[0] if names else slug_of(iri)))
        for name in names:
            self._pool.setdefault(name, name)
        self._pool.setdefault(slug_of(iri), self.shown[iri])
        for key in {fold(n) for n in names} | {fold(slug_of(iri)), iri.casefold()}:
            if key:
                self._keys.setdefault(key, set()).add(iri)

    def find(self, value: str) -> set[str]:
        """The things named ``value`` (empty when none)."""
        value = str(value).strip()
        if value.casefold() in self._keys:
            return set(self._keys[value.casefold()])
        if value.startswith("<") and value.endswith(">") and value[1:-1].casefold() in self._keys:
            return set(self._keys[value[1:-1].casefold()])
        for form in _forms(value):
            if form in self._keys:
                return set(self._keys[form])
        return set()

    def suggest(self, value: str, limit: int = 3, cutoff: float = 70.0) -> list[str]:
        """The known names nearest to ``value`` (by name or slug), best first."""
        if self._folded is None or len(self._folded[0]) != len(self._pool):
            names = sorted(self._pool)
            self._folded = (names, [fold(n) for n in names])
        near = _nearest(value, *self._folded, limit * 2, cutoff)
        return list(dict.fromkeys(self._pool[n] for n in near))[:limit]

    def message(self, value: str, what: str, limit: int = 40) -> str:
        """``unknown <what> 'x' (did you mean: ...?); known: a, b, ...``."""
        names = sorted(set(self._pool.values()))
        if not names:
            return f"unknown {what} {value!r}: the graph has none"
        close = self.suggest(value)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        more = f", ... ({len(names)} in all)" if len(names) > limit else ""
        return f"unknown {what} {value!r}{hint}; known: {', '.join(names[:limit])}{more}"


def suggest(value: str, names: Iterable[str], limit: int = 3, cutoff: float = 70.0) -> list[str]:
    """The names nearest to ``value`` (folded, by RapidFuzz's weighted ratio), best first.

    Examples
    --------
    >>> suggest("Danmrk", ["Denmark", "Danmark", "Sweden"])
    ['Danmark', 'Denmark']
    """
    names = sorted(set(names))
    return _nearest(value, names, [fold(n) for n in names], limit, cutoff)


def _nearest(value: str, names: list[str], folded: list[str], limit: int, cutoff: float) -> list[str]:
    """``suggest`` on names already folded (``folded[i]`` is ``fold(names[i])``)."""
    from rapidfuzz import fuzz, process

    if not names or not fold(value):
        return []
    found = process.extract(fold(value), folded, scorer=fuzz.WRatio, processor=None, limit=limit * 3,
                            score_cutoff=cutoff)
    found.sort(key=lambda m: (-m[1], names[m[2]]))
    out: list[str] = []
    for _, _, i in found:
        if names[i] not in out:
            out.append(names[i])
    return out[:limit]


def unknown_message(value: str, names: Iterable[str], what: str, limit: int = 40) -> str:
    """The message for a name that matches nothing: the nearest names, and the names known.

    Examples
    --------
    >>> unknown_message("copenhgen", ["Copenhagen", "Aarhus"], "city")
    "unknown city 'copenhgen' (did you mean: Copenhagen?); known: Aarhus, Copenhagen"
    >>> unknown_message("x", [], "network")
    "unknown network 'x': the graph has none"
    """
    names = sorted(set(names))
    if not names:
        return f"unknown {what} {value!r}: the graph has none"
    close = suggest(value, names)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    more = f", ... ({len(names)} in all)" if len(names) > limit else ""
    return f"unknown {what} {value!r}{hint}; known: {', '.join(names[:limit])}{more}"


def index_of(names: Mapping[str, Iterable[str]]) -> NameIndex:
    """A :class:`NameIndex` of ``{iri: names}``."""
    index = NameIndex()
    for iri, given in names.items():
        index.add(iri, list(given))
    return index
