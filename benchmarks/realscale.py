"""A real-scale graph for benchmarks, converted on the fly (never copied into the project) from
``../shared/datasets/``: ETMUN memberships of European municipal networks and Wikidata's
sister-city claims, written in the ontology's terms (cities, local governments, networks,
org:Membership, cdkg:Twinning) as N-Quads, one named graph per dataset.

Networks with more than ``MAX_MEMBERS`` (200) members (Covenant of Mayors, Climate Alliance
and three more) are left out by default: co-membership is quadratic in network size (10,057
members give 50 million pairs; even with only the networks up to 1,000 members the query yields
472,438 pairs and takes 25 s a run), which would time a pair explosion rather than the store.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
ID = "https://w3id.org/cdkg/id/"
CDKG = "https://w3id.org/cdkg/ontology#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_MEMBERS = 200


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\r", " ")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def etmun_quads(folder: Path = DATASETS / "etmun", max_members: int = MAX_MEMBERS):
    graph = f"<{ID}dataset/etmun>"
    rows = list(csv.DictReader(open(folder / "memberships.csv", encoding="utf-8")))
    sizes = Counter(r["Code_Network"] for r in rows)
    networks = {}
    for n in csv.DictReader(open(folder / "networks.csv", encoding="utf-8")):
        networks[n["Code"]] = n
    seen = set()
    for i, r in enumerate(rows):
        code = r["Code_Network"]
        if sizes[code] > max_members or not r["geonameId"].strip():
            continue
        gn = r["geonameId"].strip().split(".")[0]
        city, gov, net = f"<{ID}city/gn-{gn}>", f"<{ID}government/gn-{gn}>", f"<{ID}network/etmun-{code}>"
        if gn not in seen:
            seen.add(gn)
            yield f"{city} <{RDF_TYPE}> <{CDKG}City> {graph} ."
            yield f"{city} <{LABEL}> {_lit(r['asciiName'] or r['Full_Name'], 'en')} {graph} ."
            yield f"{city} <{CDKG}countryCode> {_lit(r['CountryCode'])} {graph} ."
            yield f'{city} <{CDKG}geonamesId> "{gn}"^^<{XSD}integer> {graph} .'
            yield f"{gov} <{RDF_TYPE}> <{CDKG}LocalGovernment> {graph} ."
            yield f"{gov} <{LABEL}> {_lit(r['Full_Name'], 'en')} {graph} ."
            yield f"{gov} <{CDKG}governs> {city} {graph} ."
        if code not in seen:
            seen.add(code)
            yield f"{net} <{RDF_TYPE}> <{CDKG}CityNetwork> {graph} ."
            yield f"{net} <{LABEL}> {_lit(r['Network_Name'], 'en')} {graph} ."
            founded = networks.get(code, {}).get("Founded", "").strip()
            if re.fullmatch(r"\d{4}", founded):
                yield f'{net} <{CDKG}foundingYear> "{founded}"^^<{XSD}gYear> {graph} .'
        m = f"<{ID}membership/etmun-{i}>"
        yield f"{m} <{RDF_TYPE}> <{ORG}Membership> {graph} ."
        yield f"{m} <{ORG}member> {gov} {graph} ."
        yield f"{m} <{ORG}organization> {net} {graph} ."
        year = r["Year_of_Joining"].strip().split(".")[0]
        if re.fullmatch(r"\d{4}", year):
            yield f'{m} <{CDKG}startYear> "{year}"^^<{XSD}gYear> {graph} .'


def twins_quads(folder: Path = DATASETS / "wikidata-twins"):
    graph = f"<{ID}dataset/wikidata-twins>"
    names = dict(line.rstrip("\n").split("\t", 1) for line in open(folder / "names.tsv", encoding="utf-8") if "\t" in line)
    pairs = set()
    for line in open(folder / "relations.tsv", encoding="utf-8"):
        a, _, b = line.strip().partition("\t")
        if a and b and a != b:
            pairs.add(tuple(sorted((a, b))))
    declared = set()
    for a, b in sorted(pairs):
        for q in (a, b):
            if q not in declared:
                declared.add(q)
                city, gov = f"<{ID}city/wd-{q}>", f"<{ID}government/wd-{q}>"
                yield f"{city} <{RDF_TYPE}> <{CDKG}City> {graph} ."
                yield f"{city} <{LABEL}> {_lit(names.get(q, q), 'de')} {graph} ."
                yield f"{city} <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/{q}> {graph} ."
                yield f"{gov} <{RDF_TYPE}> <{CDKG}LocalGovernment> {graph} ."
                yield f"{gov} <{CDKG}governs> {city} {graph} ."
        p = f"<{ID}partnership/wd-{a}-{b}>"
        yield f"{p} <{RDF_TYPE}> <{CDKG}Twinning> {graph} ."
        yield f"{p} <{RDF_TYPE}> <{CDKG}Partnership> {graph} ."
        yield f"{p} <{CDKG}partner> <{ID}government/wd-{a}> {graph} ."
        yield f"{p} <{CDKG}partner> <{ID}government/wd-{b}> {graph} ."


def realscale_nquads(max_members: int = MAX_MEMBERS) -> str:
    """The benchmark graph as N-Quads text."""
    return "\n".join([*etmun_quads(max_members=max_members), *twins_quads()]) + "\n"


if __name__ == "__main__":
    text = realscale_nquads()
    print(f"{text.count(chr(10))} quads")
