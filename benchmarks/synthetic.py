"""A seeded synthetic city-diplomacy graph at scale, in the ontology's terms, as N-Triples.

Cities (with a government, a country and coordinates), networks of heavy-tailed sizes that
cities join with preferential attachment to big cities, and twinnings drawn preferentially
(the rich get richer, as in real twinning data). ``generate(n_cities, seed)`` returns the text;
``store(n_cities, seed)`` a loaded pyoxigraph store.
"""

from __future__ import annotations

import numpy as np

ID = "https://w3id.org/cdkg/id/"
C = "https://w3id.org/cdkg/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
FUNCTIONS = ["knowledge-sharing", "lobbying", "capacity-building", "funding", "branding"]
THEMES = ["climate", "culture", "business-and-export", "health", "energy", "water"]


def generate(n_cities: int = 20_000, seed: int = 0, n_networks: int | None = None, n_countries: int = 40) -> str:
    rng = np.random.default_rng(seed)
    n_networks = n_networks or max(20, n_cities // 50)
    lines: list[str] = []
    add = lines.append
    lit = lambda v: f'"{v}"'  # noqa: E731
    for k in range(n_countries):
        add(f"<{ID}country/c{k}> <{RDF_TYPE}> <{C}Country> .")
        add(f"<{ID}country/c{k}> <{LABEL}> \"Country {k}\"@en .")
    centres = rng.uniform([-40, -120], [65, 150], size=(n_countries, 2))
    country = rng.integers(0, n_countries, n_cities)
    coords = centres[country] + rng.normal(0, 3, size=(n_cities, 2))
    weight = rng.pareto(1.5, n_cities) + 1  # "size" of a city: attracts memberships and twinnings
    p = weight / weight.sum()
    for i in range(n_cities):
        city, gov = f"<{ID}city/x{i}>", f"<{ID}government/x{i}>"
        add(f"{city} <{RDF_TYPE}> <{C}City> .")
        add(f"{city} <{LABEL}> \"City {i}\"@en .")
        add(f"{city} <{C}inCountry> <{ID}country/c{country[i]}> .")
        add(f"{city} <{WGS}lat> {lit(round(float(coords[i, 0]), 4))} .")
        add(f"{city} <{WGS}long> {lit(round(float(coords[i, 1]), 4))} .")
        add(f"{gov} <{RDF_TYPE}> <{C}LocalGovernment> .")
        add(f"{gov} <{C}governs> {city} .")
    sizes = np.clip((rng.pareto(1.1, n_networks) + 1) * 12, 5, 0.015 * n_cities).astype(int)
    q = weight**0.25 / (weight**0.25).sum()  # memberships are spread more evenly than twinnings
    m = 0
    for j, size in enumerate(sizes):
        net = f"<{ID}network/n{j}>"
        add(f"{net} <{RDF_TYPE}> <{C}CityNetwork> .")
        add(f"{net} <{LABEL}> \"Network {j}\"@en .")
        add(f"{net} <{C}providesFunction> <{ID}function/{FUNCTIONS[j % len(FUNCTIONS)]}> .")
        members = rng.choice(n_cities, size=size, replace=False, p=q)
        for i in members:
            ms = f"<{ID}membership/m{m}>"
            m += 1
            add(f"{ms} <{RDF_TYPE}> <{ORG}Membership> .")
            add(f"{ms} <{ORG}member> <{ID}government/x{i}> .")
            add(f"{ms} <{ORG}organization> {net} .")
            add(f"{ms} <{C}startYear> \"{int(rng.integers(1985, 2020))}\" .")
            if rng.random() < 0.3:
                add(f"{ms} <{C}emphasisesFunction> <{ID}function/{FUNCTIONS[int(rng.integers(len(FUNCTIONS)))]}> .")
    # every city also sits in one small regional cooperation of ten neighbours
    order = rng.permutation(n_cities)
    for j in range(0, n_cities, 10):
        net = f"<{ID}network/r{j // 10}>"
        add(f"{net} <{RDF_TYPE}> <{C}RegionalCooperation> .")
        add(f"{net} <{LABEL}> \"Cooperation {j // 10}\"@en .")
        for i in order[j:j + 10]:
            ms = f"<{ID}membership/m{m}>"
            m += 1
            add(f"{ms} <{RDF_TYPE}> <{ORG}Membership> .")
            add(f"{ms} <{ORG}member> <{ID}government/x{i}> .")
            add(f"{ms} <{ORG}organization> {net} .")
    n_twin = int(1.5 * n_cities)
    a = rng.choice(n_cities, size=n_twin, p=p)
    b = rng.choice(n_cities, size=n_twin, p=p)
    for t, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        ps = f"<{ID}partnership/p{t}>"
        add(f"{ps} <{RDF_TYPE}> <{C}Twinning> .")
        add(f"{ps} <{C}partner> <{ID}government/x{x}> .")
        add(f"{ps} <{C}partner> <{ID}government/x{y}> .")
        add(f"{ps} <{C}theme> <{ID}theme/{THEMES[t % len(THEMES)]}> .")
        add(f"{ps} <{C}startYear> \"{int(rng.integers(1950, 2020))}\" .")
    return "\n".join(lines) + "\n"


def store(n_cities: int = 20_000, seed: int = 0):
    import pyoxigraph

    s = pyoxigraph.Store()
    s.bulk_load(generate(n_cities, seed).encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return s
