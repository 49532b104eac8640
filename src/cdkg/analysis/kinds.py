"""Node kinds: what each member of a network or party to a partnership is in a projection.

A member is an actor (``org:member``, ``cdkg:partner``); a projection puts it on a node. A local
government or regional authority is projected onto the place it governs (``cdkg:governs``),
and the node's kind comes from that place's class and from who governs it:

==================  =============================================================================
kind                node
==================  =============================================================================
city                a ``cdkg:City`` (or an untyped place a local government governs)
municipality        a municipality's territory: a ``cdkg:Region`` governed by a
                    ``cdkg:LocalGovernment`` (the "Municipality area" nodes of the curated graph)
region              a ``cdkg:Region`` (governed by a ``cdkg:RegionalAuthority``, or a member itself)
metropolitan-area   a ``cdkg:MetropolitanArea``
local-government    a ``cdkg:LocalGovernment`` that governs no place the graph names
person              a ``cdkg:Person`` (a mayor named as a party, say)
organisation        any other member or party: an organisation, a network
==================  =============================================================================

City-level projections keep the ``city`` kind unless asked for others (``kinds``); the kinds
kept are written into the projection's parameters, the tables and the views' legends.
"""

from __future__ import annotations

from cdkg.core.namespaces import CDKG

_C = str(CDKG)
_CITY, _REGION, _METRO = _C + "City", _C + "Region", _C + "MetropolitanArea"
_LOCAL_GOV, _REGIONAL_AUTH, _PERSON = _C + "LocalGovernment", _C + "RegionalAuthority", _C + "Person"

#: Every node kind of the actor side of a projection, with its definition.
KINDS = {
    "city": "a city or town (cdkg:City), standing for its local government",
    "municipality": "the territory of a municipality (a cdkg:Region governed by a cdkg:LocalGovernment)",
    "region": "a sub-national region (cdkg:Region), standing for its regional authority",
    "metropolitan-area": "a metropolitan area (cdkg:MetropolitanArea)",
    "local-government": "a local government whose place the graph does not name",
    "person": "a person (cdkg:Person)",
    "organisation": "any other member or party (an organisation, a network)",
}
#: The kinds a city-level projection keeps unless told otherwise.
DEFAULT_KINDS = ("city",)


def parse_kinds(value) -> tuple[str, ...]:
    """The kinds asked for: a comma-separated string or a list; ``all`` for every kind.

    Examples
    --------
    >>> parse_kinds(None), parse_kinds("city, region"), len(parse_kinds("all"))
    (('city',), ('city', 'region'), 7)
    >>> parse_kinds("town")
    Traceback (most recent call last):
    ...
    cdkg.analysis.filters.UnknownNameError: unknown node kind 'town'; valid: all, city, local-government, metropolitan-area, municipality, organisation, person, region
    """
    from cdkg.analysis.filters import UnknownNameError, _as_list, unknown_message

    names = [v.lower().replace("_", "-") for v in _as_list(value)]
    if not names:
        return DEFAULT_KINDS
    if "all" in names:
        return tuple(KINDS)
    for name in names:
        if name not in KINDS:
            raise UnknownNameError(unknown_message(name, ["all", *KINDS], "node kind"))
    return tuple(k for k in KINDS if k in names)


def node_of(f, actor: str) -> tuple[str, str]:
    """The node an actor is projected onto, and its kind (see the module docstring).

    Examples
    --------
    >>> from cdkg.analysis.facts import Facts
    >>> f = Facts()
    >>> f.governs["gov:v"] = "region:v-area"
    >>> f.types["gov:v"] = {_LOCAL_GOV}; f.types["region:v-area"] = {_REGION}
    >>> node_of(f, "gov:v")
    ('region:v-area', 'municipality')
    >>> f.types["gov:v"] = {_REGIONAL_AUTH}; node_of(f, "gov:v")
    ('region:v-area', 'region')
    >>> node_of(f, "orgn:x")
    ('orgn:x', 'organisation')
    """
    place = f.governs.get(actor)
    actor_types = f.types.get(actor, ())
    if place is not None:
        place_types = f.types.get(place, ())
        if _CITY in place_types:
            return place, "city"
        if _METRO in place_types:
            return place, "metropolitan-area"
        if _REGION in place_types:
            return place, "municipality" if _LOCAL_GOV in actor_types else "region"
        return place, "region" if _REGIONAL_AUTH in actor_types else "city"
    if _CITY in actor_types:
        return actor, "city"
    if _METRO in actor_types:
        return actor, "metropolitan-area"
    if _REGION in actor_types or _REGIONAL_AUTH in actor_types:
        return actor, "region"
    if _LOCAL_GOV in actor_types:
        return actor, "local-government"
    if _PERSON in actor_types:
        return actor, "person"
    return actor, "organisation"
