"""validate, list, graph and schema as a trainer uses them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.functional.conftest import FIXTURES, MINI, ROOT


def test_validate_clean_library_exits_zero(cli):
    result = cli("validate", str(FIXTURES / "scenarios"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 file(s), 1 scenario(s): 0 error(s), 0 warning(s)" in result.stderr


def test_validate_reports_every_problem_and_exits_one(cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("phase: negotiation", "phase: negotiatoin").replace(
        "next: end_plan", "next: end_plann", 1
    )
    broken.write_text(text, encoding="utf-8")
    shutil.copytree(FIXTURES / "scenarios" / "_shared", tmp_path / "_shared")
    result = cli("validate", str(broken))
    assert result.returncode == 1
    lines = [ln for ln in result.stdout.splitlines() if not ln.startswith("    hint")]
    assert len(lines) == 1
    assert lines[0].endswith("error[E103]: 'negotiatoin' is not allowed here (at nodes[2].phase)")
    assert "Traceback" not in result.stderr


def test_validate_json_and_strict(cli, tmp_path):
    (tmp_path / "_shared").mkdir()
    shutil.copy(FIXTURES / "scenarios" / "_shared" / "verify.yaml", tmp_path / "_shared")
    text = MINI.read_text(encoding="utf-8").replace("persona: hardship", "persona: grumpy")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    loose = cli("validate", "--json", str(tmp_path))
    assert loose.returncode == 0
    payload = json.loads(loose.stdout)
    assert payload["warnings"] == 1
    assert payload["problems"][0]["code"] == "W304"
    assert (payload["problems"][0]["line"], payload["problems"][0]["col"]) == (4, 10)
    assert cli("validate", "--strict", str(tmp_path)).returncode == 1


def test_validate_unreadable_path_exits_two(cli):
    result = cli("validate", "does/not/exist.yaml")
    assert result.returncode == 2
    assert "cannot read does/not/exist.yaml" in result.stderr


def test_list_json_has_the_contract_fields(cli):
    result = cli("--scenarios", str(FIXTURES / "scenarios"), "list", "--json")
    rows = json.loads(result.stdout)
    assert rows[0]["id"] == "test-mini"
    for key in ("id", "title", "locale", "persona", "stage", "difficulty", "path"):
        assert key in rows[0]


def test_scenarios_env_var_points_elsewhere(cli):
    result = cli("list", "--json", env={"COLLECTOR_SIM_SCENARIOS": str(FIXTURES / "scenarios")})
    assert [r["id"] for r in json.loads(result.stdout)] == ["test-mini"]


def test_graph_by_id_is_mermaid_from_the_machine(cli):
    result = cli("--scenarios", str(FIXTURES / "scenarios"), "graph", "test-mini")
    assert result.returncode == 0
    out = result.stdout
    assert "stateDiagram-v2" in out
    assert "discovery --> end_plan: offer_plan [offered <= facts.monthly_capacity]" in out
    assert "verify_ask --> discovery: verify_identity" in out
    assert "[*] --> opening" in out


def test_graph_unknown_id_is_a_clear_error(cli):
    result = cli("--scenarios", str(FIXTURES / "scenarios"), "graph", "nope")
    assert result.returncode == 2
    assert "no scenario with id 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_is_json_schema_for_the_format(cli):
    schema = json.loads(cli("schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "nodes", "briefing", "facts"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"id", "title", "locale", "nodes"}


def test_committed_schema_files_are_current(cli):
    committed = json.loads((ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(cli("schema").stdout)
    fragment = json.loads((ROOT / "docs" / "fragment.schema.json").read_text(encoding="utf-8"))
    assert fragment == json.loads(cli("schema", "--fragment").stdout)


def test_bundled_library_found_without_arguments(cli, tmp_path: Path):
    result = cli("list", "--json", cwd=tmp_path)
    assert result.returncode == 0
    assert isinstance(json.loads(result.stdout), list)


def test_validate_checks_golden_test_files_too(cli, tmp_path):
    shutil.copytree(FIXTURES / "scenarios", tmp_path / "lib")
    tests = tmp_path / "lib" / "mini.tests.yaml"
    tests.write_text(
        tests.read_text(encoding="utf-8").replace("    expect:", "    expekt:", 1), encoding="utf-8"
    )
    result = cli("validate", str(tests))
    assert result.returncode == 1
    assert (
        "mini.tests.yaml:8:5: error[E101]: unknown key 'expekt' (at tests[0].expekt)"
        in result.stdout
    )
    assert "did you mean 'expect'?" in result.stdout
