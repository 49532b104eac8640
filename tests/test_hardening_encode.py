"""Safe encoders: JSON in HTML script elements, CSV cells a spreadsheet would run, and CSV line
separators inside a cell."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pandas as pd
import pytest

from cdkg.analysis.export import write_table
from cdkg.core.encode import safe_cell, script_json, script_text
from cdkg.importers.model import ImportReport, Problem
from cdkg.importers.tables import read_table
from cdkg.query import QueryLibrary
from cdkg.query.editor import write_editor
from cdkg.views.network import network_view

HOSTILE = ["<!--<script>", "</script><script>alert(1)</script>", "a & b > c", "\u2028line\u2029", "<![CDATA[x]]>"]


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)


@pytest.mark.parametrize("label", HOSTILE)
def test_script_json_holds_no_markup_and_keeps_the_value(label):
    text = script_json({"label": label})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"label": label}
    assert json.loads(script_text(json.dumps({"label": label}))) == {"label": label}


@pytest.mark.parametrize("label", HOSTILE[:2])
def test_a_network_view_keeps_its_script_whole(label):
    g = nx.Graph()
    g.add_node("https://w3id.org/cdkg/id/city/x", label=label, kind="city")
    g.add_node("https://w3id.org/cdkg/id/city/y", label="Y", kind="city")
    g.add_edge("https://w3id.org/cdkg/id/city/x", "https://w3id.org/cdkg/id/city/y", weight=1)
    html = network_view(g, title="t")
    assert "<!--<script" not in html and label not in html
    assert any("\\u003c!--\\u003cscript" in s or "\\u003c/script" in s for s in _scripts(html))


def test_the_editor_page_escapes_query_titles(tmp_path, settings):
    library = QueryLibrary(settings.queries_dir)
    path = write_editor(tmp_path / "editor.html", "http://127.0.0.1:7878", library,
                        {"ex": "http://ex.org/<!--<script>"})
    html = path.read_text(encoding="utf-8")
    assert "<!--<script>" not in html


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil.example\",\"x\")", "=cmd|' /C calc'!A0", "+1+1",
                                   "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\uff1d1+1"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-3.5", "+12", "1e5", "Aarhus", "", "O'Brien", 42, 3.5, None])
def test_other_cells_are_kept(value):
    assert safe_cell(value) == value


def test_analysis_tables_have_no_live_formula(tmp_path):
    df = pd.DataFrame({"label": ["=HYPERLINK(\"http://x\")", "Aarhus"], "degree": [-1, 2]})
    book = pd.DataFrame({"column": ["label", "degree"], "definition": ["@name", "links"]})
    write_table(df, tmp_path / "t", book, formats=("csv",))
    rows = list(csv.reader(open(tmp_path / "t.csv", encoding="utf-8")))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")" and rows[1][1] == "-1"
    assert list(csv.reader(open(tmp_path / "t.codebook.csv", encoding="utf-8")))[1][1] == "'@name"


def test_import_report_has_no_live_formula(tmp_path):
    report = ImportReport("x.csv")
    report.problems.append(Problem("x.csv", 3, "city", "=cmd|' /C calc'!A0", "unknown city"))
    report.write(tmp_path / "r.csv")
    rows = list(csv.reader(open(tmp_path / "r.csv", encoding="utf-8")))
    assert rows[1][4] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("sep", ["\u0085", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c"])
def test_line_separators_inside_a_cell_do_not_split_the_row(tmp_path, sep):
    path = tmp_path / "t.csv"
    path.write_text(f"city,country\nAar{sep}hus,DK\nOslo,NO\n", encoding="utf-8")
    header, rows = read_table(path)
    assert [r.values["city"] for r in rows] == [f"Aar{sep}hus", "Oslo"]
    assert [r.line for r in rows] == [2, 3]
