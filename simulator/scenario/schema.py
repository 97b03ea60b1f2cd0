"""The JSON Schema of the scenario format, for editors (yaml-language-server)."""

from __future__ import annotations

from typing import Any

from simulator.scenario.model import Fragment, Scenario

SCHEMA_ID = "https://collector-sim.invalid/schema/scenario.json"


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "collector-sim scenario",
        **schema,
    }


def fragment_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "collector-sim scenario fragment",
        **Fragment.model_json_schema(by_alias=True),
    }
