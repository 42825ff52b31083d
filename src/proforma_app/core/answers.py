"""The pydantic model of a form's answers, built from its definition by the field kinds.

The model does the per-answer checks (``kinds`` and ``answer_checks``). Whether an answer
is required, and the rules that look across answers, are applied by ``validation`` on
top, because they depend on other answers.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from proforma_app.core.definition import FormDefinition
from proforma_app.core.kinds import annotation_for, kind_of


def answers_model(form: FormDefinition) -> type[BaseModel]:
    """The pydantic model of ``form``'s answers; every answer optional (drafts may be partial).

    Built once per form definition and kept with it."""
    cached = form.derived.get("answers_model")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    fields: dict[str, Any] = {
        f.id: (
            annotation_for(f),
            Field(default=kind_of(f).empty(), title=f.label, description=f.help),
        )
        for f in form.fields
    }
    model = create_model(
        f"{form.form_id}_answers",
        __config__=ConfigDict(extra="ignore", title=form.title),
        **fields,
    )
    form.derived["answers_model"] = model
    return model


def answers_json_schema(form: FormDefinition) -> dict[str, Any]:
    """JSON Schema of the answers object of a draft of ``form``, for ``proforma schema``."""
    return answers_model(form).model_json_schema(mode="validation")
