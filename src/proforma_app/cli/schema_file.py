"""Writes ``forms/schema.json``, the JSON Schema editors use to check form files.

Run ``python -m proforma_app.cli.schema_file`` after changing the meta-model; a test fails
while the committed schema is stale.
"""

from __future__ import annotations

import json

from proforma_app.core.catalogue import meta_schema
from proforma_app.locations import paths


def schema_text() -> str:
    return json.dumps(meta_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    target = paths.forms_dir() / "schema.json"
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
