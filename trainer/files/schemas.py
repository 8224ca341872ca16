"""JSON Schemas of the file formats, for editors (the YAML files name them on their first line)."""

import json
from pathlib import Path

from pydantic import BaseModel

from trainer.files.persona import Persona
from trainer.files.scenario import Scenario

SCHEMAS: dict[str, type[BaseModel]] = {"scenario.schema.json": Scenario, "persona.schema.json": Persona}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    # The id comes from the file name; files need not (and usually do not) repeat it.
    schema["required"] = [r for r in schema.get("required", []) if r != "id"]
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(folders: dict[str, Path]) -> list[Path]:
    """Writes each schema into its folder ('scenario.schema.json' into folders['scenarios'], ...)."""
    written = []
    for name, model in SCHEMAS.items():
        folder = folders["scenarios" if model is Scenario else "personas"]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
