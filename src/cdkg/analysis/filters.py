"""Filters of projections (function, network, theme, kind, country, time) and the resolution of
the names a researcher types (a slug, a prefixed name, an IRI or a label in any language) to IRIs, with a clear
message listing the valid values when a name is unknown."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Mapping

from cdkg.core.errors import CdkgError


class UnknownNameError(CdkgError):
    """A projection, measure, city or filter value that the graph does not know."""

    exit_code = 2


class EmptyResultError(CdkgError):
    """A projection or view that would hold no node (for example after a filter)."""

    exit_code = 3


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


@dataclass
class Filters:
    """What a projection keeps. Several values of one filter are alternatives (OR).

    Parameters
    ----------
    function : str or list, optional
        Keep memberships that emphasise this function (``cdkg:emphasisesFunction``).
    network_function : str or list, optional
        Keep memberships of networks that provide this function (``cdkg:providesFunction``).
    network : str or list, optional
        Keep memberships of these networks.
    theme, kind : str or list, optional
        Keep partnerships with this theme / of this kind (``twinning``, ...).
    country : str or list, optional
        Keep cities in these countries (slug, label or ISO code).
    year : int, optional
        Keep memberships and partnerships running in that year.
    since, until : int, optional
        Keep those whose period overlaps ``[since, until]``.
    include_undated : bool
        With a time filter, also keep ties that have no year at all.

    Examples
    --------
    >>> Filters(country="dk,se").active()
    {'country': ['dk', 'se']}
    """

    function: object = None
    network_function: object = None
    network: object = None
    theme: object = None
    kind: object = None
    country: object = None
    year: int | None = None
    since: int | None = None
    until: int | None = None
    include_undated: bool = False

    def __post_init__(self) -> None:
        for name in ("function", "network_function", "network", "theme", "kind", "country"):
            setattr(self, name, _as_list(getattr(self, name)))

    def active(self) -> dict:
        """The filters that are set, for the record of parameters."""
        out = {k: v for k, v in asdict(self).items() if v not in (None, [], False)}
        if not self.timed:
            out.pop("include_undated", None)
        return out

    @property
    def timed(self) -> bool:
        return self.year is not None or self.since is not None or self.until is not None

    def in_time(self, start: int | None, end: int | None) -> bool:
        """Whether a tie with these years passes the time filter.

        Examples
        --------
        >>> f = Filters(year=2012)
        >>> f.in_time(2005, None), f.in_time(2001, 2008), f.in_time(None, None)
        (True, False, False)
        >>> Filters(since=2000, until=2003).in_time(2001, 2008)
        True
        """
        if not self.timed:
            return True
        if start is None and end is None:
            return self.include_undated
        lo = self.year if self.year is not None else self.since
        hi = self.year if self.year is not None else self.until
        if hi is not None and start is not None and start > hi:
            return False
        if lo is not None and end is not None and end < lo:
            return False
        return True


def resolve(values: Iterable[str], candidates: Mapping[str, str], what: str,
            extra: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """Map names to IRIs among ``candidates`` (IRI -> label); unknown names raise an error.

    A name may be the IRI, its last segment (slug), a prefixed name (``fn:lobbying``), the
    label or one of ``extra[iri]`` (its labels in other languages, alternate labels, a country
    code), in any case and with or without accents (see :mod:`cdkg.core.lookup`).

    Examples
    --------
    >>> c = {"https://w3id.org/cdkg/id/function/lobbying": "lobbying"}
    >>> resolve(["fn:lobbying"], c, "function")
    {'https://w3id.org/cdkg/id/function/lobbying'}
    >>> resolve(["Danmark"], {"https://w3id.org/cdkg/id/country/denmark": "Denmark"}, "country",
    ...         {"https://w3id.org/cdkg/id/country/denmark": ["Danmark", "DK"]})
    {'https://w3id.org/cdkg/id/country/denmark'}
    >>> resolve(["lobying"], c, "function")
    Traceback (most recent call last):
    ...
    cdkg.analysis.filters.UnknownNameError: unknown function 'lobying' (did you mean: lobbying?); valid: lobbying
    """
    from cdkg.core.lookup import NameIndex

    index = NameIndex()
    for iri, label in candidates.items():
        index.add(iri, [label, *(extra or {}).get(iri, ())], shown=label)
    found: set[str] = set()
    for value in values:
        hits = index.find(value)
        if not hits:
            raise UnknownNameError(unknown_message(value, candidates, what,
                                                   names=[n for iri in candidates for n in (extra or {}).get(iri, ())]))
        found |= hits
    return found


def unknown_message(value: str, candidates: Mapping[str, str] | Iterable[str], what: str, limit: int = 40,
                    names: Iterable[str] = ()) -> str:
    """``unknown <what> 'x' (did you mean ...); valid: a, b, c`` (the first ``limit`` names); the
    suggestions are the nearest of the valid names and ``names`` (other labels), accents aside."""
    from cdkg.core.lookup import suggest

    if isinstance(candidates, Mapping):
        shown = sorted({(label or iri.rsplit("/", 1)[-1]) for iri, label in candidates.items()})
    else:
        shown = sorted(set(candidates))
    close = suggest(value, [*shown, *names])
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    if not shown:
        return f"unknown {what} {value!r}: the graph has none"
    listed = ", ".join(shown[:limit])
    more = f", ... ({len(shown)} in all)" if len(shown) > limit else ""
    return f"unknown {what} {value!r}{hint}; valid: {listed}{more}"
