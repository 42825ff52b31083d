"""What the guidance sources cost when a form loads, against the same form without them.

Every guidance rule and many questions carry a ``source`` (section, lines, quote and the
guidance's verb, which the meta-model reads from the quote). The baseline is the same form
file with every ``source`` removed (and every rule made a good-practice warning so the
meta-model still accepts it), loaded in the same run:
``python benchmarks/form_sources.py``. Not part of the test suite.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from timing import median_us

from proforma_app.core.definition import FormDefinition
from proforma_app.locations import paths


def _median_us(action: Callable[[], Any]) -> float:
    return median_us(action, repeats=300, warmup=20)


def _without_sources(data: dict[str, Any]) -> dict[str, Any]:
    bare = copy.deepcopy(data)
    for section in bare["sections"]:
        section.pop("statement_source", None)
        for field in section["fields"]:
            field.pop("source", None)
    for rule in bare["rules"]:
        rule.pop("source", None)
        rule["severity"] = "warning"
        rule["basis"] = "good_practice"
        rule.pop("unless_answered", None)
        rule["message"] = "Good practice: the same number of words as a message of the form"
        if "message_repeats_other" in rule:
            rule["message_repeats_other"] = rule["message"]
    return bare


def main() -> int:
    print(f"{'form':26} {'with sources':>13} {'without':>9} {'ratio':>6} {'file bytes':>11}")
    for path in sorted(paths.forms_dir().glob("*.json")):
        if path.name == "schema.json":
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        bare = _without_sources(data)
        bare_text = json.dumps(bare, ensure_ascii=False, indent=1)
        with_us = _median_us(lambda t=text: FormDefinition.model_validate(json.loads(t)))
        without_us = _median_us(lambda t=bare_text: FormDefinition.model_validate(json.loads(t)))
        print(
            f"{path.stem:26} {with_us:11.0f}µs {without_us:7.0f}µs "
            f"{with_us / without_us:5.2f}× {len(text.encode()):6d}/{len(bare_text.encode())}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
