"""Write one valid draft per real CCG (211), for timing ``proforma report`` at full scale.

Each draft starts from the valid sample of a form (the three forms in turn) and takes its
CCG, area team and partner CCGs from the reference data; which answers those are comes
from the form definitions (fields and table columns of type ``ccg`` and ``area_team``),
so the generator follows the forms as they change.

    python benchmarks/generate_drafts.py OUT_DIR
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from proforma_app.core.catalogue import get_form
from proforma_app.core.definition import FormDefinition, TableField
from proforma_app.core.draft import Draft
from proforma_app.core.reference import Ccg, ccg_directory
from proforma_app.files.draft_format import loads_draft
from proforma_app.files.storage import write_draft

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FORM_IDS = ("annex_a", "annex_b", "constitution_amendment")


def draft_for(ccg: Ccg, form: FormDefinition, neighbours: list[Ccg]) -> Draft:
    """The form's valid sample, re-addressed to ``ccg``; partners come from ``neighbours``."""
    sample = loads_draft((EXAMPLES / f"{form.form_id}_valid.json").read_bytes())
    answers: dict[str, Any] = json.loads(json.dumps(sample.answers))
    partners = iter(neighbours)
    for f in form.fields:
        if f.type == "ccg" and f.id in answers:
            answers[f.id] = ccg.ods_code
        elif f.type == "area_team" and f.id in answers:
            answers[f.id] = ccg.area_team_code
        elif isinstance(f, TableField) and isinstance(answers.get(f.id), list):
            for col in f.columns:
                if col.type != "ccg":
                    continue
                for row in answers[f.id]:
                    if isinstance(row, dict) and col.id in row:
                        row[col.id] = next(partners).ods_code
    return Draft(form, answers)


def generate(folder: Path) -> list[Path]:
    """Write the drafts into ``folder`` (created); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    ccgs = sorted(ccg_directory().ccgs, key=lambda c: c.ods_code)
    written = []
    for index, ccg in enumerate(ccgs):
        form = get_form(FORM_IDS[index % len(FORM_IDS)])
        same_team = [c for c in ccgs if c.area_team_code == ccg.area_team_code and c != ccg]
        others = [c for c in ccgs if c.area_team_code != ccg.area_team_code]
        path = folder / f"{ccg.ods_code}_{form.form_id}.json"
        write_draft(path, draft_for(ccg, form, same_team + others), keep_backup=False)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    written = generate(args.folder)
    print(f"{len(written)} drafts written to {args.folder}")


if __name__ == "__main__":
    main()
