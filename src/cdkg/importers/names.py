"""Names of places as evidence: comparison keys, qualifiers, district forms and slugs.

A name is compared through :func:`key`: Unicode NFKC, case folded, Latin accents dropped
(``København`` and ``Kobenhavn`` meet), punctuation to spaces, but **letters of other scripts
kept** (``Москва`` stays ``москва``, to meet the Cyrillic alternate name GeoNames gives Moscow;
it never folds to an empty string). Slugs of minted IRIs are ASCII, transliterated with
``anyascii`` where a name has no Latin form (``Москва`` -> ``moskva``).

A name may carry a **qualifier**, after a comma or in brackets (``Newport, Wales``,
``Frankfurt (Oder)``, ``Boston (Lincolnshire)``), or be a **district** of a city, written
``District (City)`` or ``City – District``: :func:`parse_name` splits both, so that
``Wieden (Wien)`` and ``Wien – Wieden`` are one place.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_ASCII_PUNCT = re.compile(r"[^0-9a-z]+")
_LATIN_FIXES = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
                              "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "þ": "th", "ð": "d"})
_BRACKET = re.compile(r"^(?P<base>.*?)\s*[(\[](?P<qual>[^()\[\]]+)[)\]]\s*$")
_DASH = re.compile(r"^(?P<city>[^–—]+?)\s+[-–—]\s+(?P<district>[^–—]+)$")


def key(text: str) -> str:
    """The comparison key of a name.

    Examples
    --------
    >>> key(" Saint-Étienne "), key("København"), key("Łódź"), key("Москва"), key("北京")
    ('saint etienne', 'kobenhavn', 'lodz', 'москва', '北京')
    """
    text = str(text)
    if text.isascii():
        return _ASCII_PUNCT.sub(" ", text.lower()).strip()
    return _key(text)


@functools.lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).translate(_LATIN_FIXES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(_PUNCT.sub(" ", text).split())


def ascii_form(text: str) -> str:
    """A Latin-letter form of a name for slugs (transliterated with ``anyascii``).

    Examples
    --------
    >>> ascii_form("Москва"), ascii_form("Zürich")
    ('Moskva', 'Zurich')
    """
    text = str(text)
    if text.isascii():
        return text
    from anyascii import anyascii

    return anyascii(unicodedata.normalize("NFKC", str(text)).translate(_LATIN_FIXES))


def is_latin(text: str) -> bool:
    """Whether the letters of ``text`` are all Latin (or it has none).

    Examples
    --------
    >>> is_latin("Łódź"), is_latin("القاهرة")
    (True, False)
    """
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in text)


@dataclass(frozen=True)
class ParsedName:
    """A name split into what it names and what qualifies it.

    ``base`` is the place's own name, ``qualifiers`` the words that say which one (an admin-1
    name, a country, a county) and ``city`` the city of which ``base`` is a district, when the
    name has a district form.
    """

    full: str
    base: str
    qualifiers: tuple[str, ...] = ()
    city: str = ""

    def forms(self) -> list[str]:
        """The names to look up, most specific first (the full name, then the base)."""
        out = [self.full]
        if self.base and key(self.base) != key(self.full):
            out.append(self.base)
        return out


def parse_name(name: str) -> ParsedName:
    """Split a name into base, qualifiers and the city of a district.

    Examples
    --------
    >>> parse_name("Newport, Wales")
    ParsedName(full='Newport, Wales', base='Newport', qualifiers=('Wales',), city='')
    >>> parse_name("Frankfurt (Oder)").qualifiers
    ('Oder',)
    >>> parse_name("Wien – Wieden")
    ParsedName(full='Wien – Wieden', base='Wieden', qualifiers=('Wien',), city='Wien')
    >>> parse_name("Wieden (Wien)").base, parse_name("Wieden (Wien)").qualifiers
    ('Wieden', ('Wien',))
    """
    name = " ".join(str(name).split())
    m = _BRACKET.match(name)
    if m and m["base"]:
        inner = parse_name(m["base"])
        return ParsedName(name, inner.base, inner.qualifiers + (m["qual"].strip(),), inner.city)
    if "," in name:
        base, *quals = [p.strip() for p in name.split(",")]
        if base:
            return ParsedName(name, base, tuple(q for q in quals if q))
    m = _DASH.match(name)
    if m:
        return ParsedName(name, m["district"].strip(), (m["city"].strip(),), m["city"].strip())
    return ParsedName(name, name)


def slug(*parts) -> str:
    """A lower-case, hyphenated ASCII slug of one or more parts (empty parts skipped).

    Examples
    --------
    >>> slug("Aix en Provence", "FR", 3038354), slug("Москва", "RU"), slug("", None)
    ('aix-en-provence-fr-3038354', 'moskva-ru', 'unnamed')
    """
    text = " ".join(key(ascii_form(p)) for p in parts if p not in (None, ""))
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text[:120].strip("-") or "unnamed"


def place_slug(parsed: ParsedName, country: str = "", *ids) -> str:
    """The slug of a place minted from its name: its base name and qualifiers in alphabetical
    order, so that ``District (City)``, ``City – District`` and ``District, City`` give one
    slug, and an uninterpreted qualifier stays in it (two Neustadts stay two places).

    Examples
    --------
    >>> place_slug(parse_name("Wieden (Wien)"), "AT") == place_slug(parse_name("Wien – Wieden"), "AT")
    True
    >>> place_slug(parse_name("Neustadt, Hessen"), "DE"), place_slug(parse_name("Aarhus"), "DK")
    ('hessen-neustadt-de', 'aarhus-dk')
    """
    words = sorted({parsed.base, *parsed.qualifiers}, key=lambda w: (key(ascii_form(w)), w))
    return slug(*words, country, *ids)
