"""The command line: bad input gets a clear message naming file, line and problem; exit codes."""

from __future__ import annotations

from conftest import ROOT, run_cli


def test_build_prints_summary(tmp_path):
    result = run_cli("build", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for word in ("cities", "memberships", "facts per source document", "004", "warning(s)"):
        assert word in result.stdout
    assert (tmp_path / "out" / "cdkg.ttl").exists()


def test_syntax_error_names_file_line_and_column(scratch):
    bad = scratch / "graph" / "001_urbane_forbindelser.trig"
    lines = bad.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("s001:"))
    lines.insert(index + 1, "    city:oslo rdfs:label .")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("build", "--check-only", home=scratch)
    assert result.returncode == 2
    assert f"001_urbane_forbindelser.trig:{index + 2}:" in result.stderr
    assert "syntax error" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_syntax_error_in_ontology(scratch):
    onto = scratch / "ontology" / "cdkg.ttl"
    onto.write_text(onto.read_text(encoding="utf-8") + "\ncdkg:Broken a owl:Class ;\n", encoding="utf-8")
    result = run_cli("build", "--check-only", home=scratch)
    assert result.returncode == 2
    assert "ontology/cdkg.ttl:" in result.stderr and "Traceback" not in result.stderr


def test_shape_violation_in_plain_words(scratch):
    extra = scratch / "graph" / "zz_extra.trig"
    extra.write_text((ROOT / "graph" / "_prefixes.txt").read_text()
                     + 's001:L308-309 { network:eurocities cdkg:foundingYear "long ago" . }\n', encoding="utf-8")
    result = run_cli("build", "--check-only", "--no-source-check", home=scratch)
    assert result.returncode == 1
    assert "network:eurocities cdkg:foundingYear: cdkg:foundingYear must be one xsd:gYear" in result.stderr
    assert "graph/zz_extra.trig" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_include_is_named(tmp_path):
    result = run_cli("build", "--check-only", "--include", str(tmp_path / "nope.trig"))
    assert result.returncode == 2 and "nope.trig: included file not found" in result.stderr


def test_version_and_help():
    assert run_cli("--version").stdout.startswith("cdkg ")
    assert "build" in run_cli("--help").stdout
