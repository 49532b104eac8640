"""`cdkg analyze` outputs for papers: codebooks beside every table, CSV/Parquet/Stata, the edge
list, deterministic figures, the panel, and an empty, explained result for an absent country."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from cdkg.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "small.trig"


def run(tmp: Path, *argv) -> int:
    return main(["analyze", "-i", str(FIXTURE), "-o", str(tmp), "--top", "0", *argv])


def test_tables_codebooks_edges_and_figures(tmp_path):
    assert run(tmp_path / "a", "-m", "degree,eigenvector", "--weighting", "jaccard") == 0
    out = tmp_path / "a"
    stem = next(out.glob("*.trig")).stem
    table = pd.read_csv(out / f"{stem}.csv")
    book = pd.read_csv(out / f"{stem}.codebook.csv")
    assert list(book["column"]) == list(table.columns)
    assert book.set_index("column").loc["degree", "normalisation"].startswith("number of neighbours divided by n - 1")
    assert '"weighting": "jaccard"' in book["filters"][0]
    assert pd.read_parquet(out / f"{stem}.parquet").equals(table) or len(pd.read_parquet(out / f"{stem}.parquet")) == 4
    dta = pd.read_stata(out / f"{stem}.dta")
    assert list(dta["label"]) == list(table["label"])
    edges = pd.read_csv(out / f"{stem}.edges.csv")
    assert len(edges) == 4 and set(edges.columns) >= {"source", "target", "weight", "shared"}
    assert (out / f"{stem}.edges.codebook.csv").exists()
    summary = json.loads((out / f"{stem}.json").read_text())
    assert summary["numbers"] == {"zero_tolerance": 1e-10, "rank_method": "min", "rank_digits": 10}
    assert summary["ties_written"] == 4
    # the same inputs give the same figure bytes
    assert run(tmp_path / "b", "-m", "degree,eigenvector", "--weighting", "jaccard") == 0
    for suffix in (".degree.svg", ".degree.png", ".degree-distribution.svg", ".dta", ".parquet"):
        assert (out / f"{stem}{suffix}").read_bytes() == (tmp_path / "b" / f"{stem}{suffix}").read_bytes(), suffix


def test_panel_outputs(tmp_path, capsys):
    assert run(tmp_path, "--panel", "2000:2012") == 0
    assert "4 undated (left out)" in capsys.readouterr().err
    for name in ("measures", "memberships", "growth"):
        df = pd.read_csv(next(tmp_path.glob(f"*.panel-2000-2012.{name}.csv")))
        book = pd.read_csv(next(tmp_path.glob(f"*.panel-2000-2012.{name}.codebook.csv")))
        assert list(book["column"]) == list(df.columns)
    assert list(tmp_path.glob("*.growth.svg")) and list(tmp_path.glob("*.top-cities.png"))
    assert main(["analyze", "-i", str(FIXTURE), "--panel", "2012:2000"]) == 2


def test_an_absent_iso_code_is_an_empty_explained_result(tmp_path, capsys):
    assert run(tmp_path, "--country", "FR") == 0
    err = capsys.readouterr().err
    assert "no node of this projection is in France (FR)" in err
    summary = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert summary["nodes"] == 0 and "France" in summary["empty"]


def test_whole_scope_ranks_the_reported_rows(tmp_path):
    assert run(tmp_path, "-m", "degree", "--country", "BE", "--scope", "whole") == 0
    table = pd.read_csv(next(p for p in tmp_path.glob("*.csv") if "codebook" not in p.name and "edges" not in p.name))
    # measured on all four cities: Charlie's degree is 3/3, Delta's 1/3; only Beland's rows reported
    assert dict(zip(table["label"], table["degree"].round(6))) == {"Charlie": 1.0, "Delta": round(1 / 3, 6)}
