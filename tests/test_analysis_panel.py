"""The city-year panel: its measures equal those of each year's projection, undated memberships
are counted, and the growth table follows the memberships' years."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdkg.analysis import Filters, analyze, extract, project
from cdkg.analysis.panel import panel
from cdkg.load import parse_file

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"
ID = "https://w3id.org/cdkg/id/"


@pytest.fixture(scope="module")
def facts():
    return extract(parse_file(FIXTURE))


@pytest.mark.parametrize("weighting", ["count", "newman", "jaccard", "overlap"])
@pytest.mark.parametrize("undated", [False, True])
def test_panel_measures_equal_each_years_projection(facts, weighting, undated):
    p = panel(facts, Filters(), 2000, 2012, weighting=weighting, include_undated=undated)
    for year in (2001, 2006, 2012):
        g = project(facts, "comembership", year=year, include_undated=undated, weighting=weighting, allow_empty=True)
        a = analyze(g, ["degree", "weighted_degree"]) if len(g) else None
        got = p.measures[p.measures["year"] == year]
        for measure in ("degree", "weighted_degree"):
            rows = dict(got[got["measure"] == measure][["node", "value"]].itertuples(index=False))
            expected = a.values[measure] if a else {}
            assert rows == pytest.approx(expected), (year, measure)


def test_panel_memberships_growth_and_undated_counts(facts):
    p = panel(facts, Filters(), 2000, 2012)
    # dated memberships: A-N1 2005-, B-N1 2010-, C-N1 2001-2008; four are undated
    assert p.counts["undated"] == 4 and p.counts["include_undated"] is False
    growth = {(r.network.rsplit("/", 1)[-1], r.year): (r.members, r.joined) for r in p.growth.itertuples()}
    assert growth[("n1", 2001)] == (1, 1) and growth[("n1", 2005)] == (2, 1)
    assert growth[("n1", 2009)] == (1, 0) and growth[("n1", 2010)] == (2, 1)
    m = p.memberships.set_index(["node", "year"])
    assert m.loc[(ID + "city/a", 2006), "networks"] == 1
    assert m.loc[(ID + "city/a", 2006), "fn_knowledge_sharing"] == 1
    with_undated = panel(facts, Filters(), 2006, 2006, include_undated=True).memberships.set_index("node")
    assert with_undated.loc[ID + "city/a", "networks"] == 2
    assert with_undated.loc[ID + "city/a", "undated_included"] == 1


def test_panel_refuses_a_time_filter(facts):
    with pytest.raises(Exception, match="sets the years itself"):
        panel(facts, Filters(year=2001), 2000, 2001)
