"""Reading an HTTP Accept header: its media ranges, and the quality it gives a media type.

Parsing follows RFC 9110, section 12.5.1: media ranges with quality values; the most specific
range that matches a type sets its quality. The published site (:mod:`cdkg.publish.negotiation`)
and the SPARQL endpoint's result-limiting proxy (:mod:`cdkg.store.proxy`) both negotiate with it.

References
----------
.. [1] R. Fielding, M. Nottingham, J. Reschke (eds.), "HTTP Semantics", RFC 9110, 2022,
   section 12.5.1 (Accept). https://www.rfc-editor.org/rfc/rfc9110#name-accept
"""

from __future__ import annotations

from typing import Mapping


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their quality, in the order given.

    Examples
    --------
    >>> parse_accept("text/turtle;q=0.9, application/ld+json, */*;q=0.1")
    [('text/turtle', 0.9), ('application/ld+json', 1.0), ('*/*', 0.1)]
    >>> parse_accept(None)
    [('*/*', 1.0)]
    >>> parse_accept("text/html;level=1;q=bad")
    [('text/html', 1.0)]
    """
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        quality = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 1.0
        ranges.append((media, quality))
    return ranges


def quality(media_type: str, ranges: list[tuple[str, float]], aliases: Mapping[str, str] | None = None) -> float:
    """The quality that the media ranges of an Accept header give ``media_type`` (0: not acceptable).

    Parameters
    ----------
    media_type : str
        A media type without parameters (``text/turtle``).
    ranges : list of (str, float)
        What :func:`parse_accept` returns.
    aliases : mapping, optional
        Other names of media types (``{"application/json": "application/ld+json"}``): a range
        that names an alias counts as naming the type.

    Examples
    --------
    >>> ranges = parse_accept("text/*;q=0.5, text/csv, */*;q=0.1")
    >>> quality("text/csv", ranges), quality("text/turtle", ranges), quality("image/png", ranges)
    (1.0, 0.5, 0.1)
    >>> quality("application/ld+json", parse_accept("application/json"), {"application/json": "application/ld+json"})
    1.0
    >>> quality("text/csv", parse_accept("text/csv;q=0, */*"))
    0.0
    """
    kind = media_type.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        media = (aliases or {}).get(media, media)
        if media == media_type:
            level = 2
        elif media == f"{kind}/*":
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = q, level
    return best
