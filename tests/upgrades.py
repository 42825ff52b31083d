"""What an older draft's answers are once upgraded to today's forms, written out by hand.

The migrations in ``files/migrations.py`` say the same in code; the tests compare the two,
so a step that drops, moves or changes an answer differently from this list fails them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import ROOT

OLDER_DRAFTS = ROOT / "tests" / "fixtures" / "drafts" / "migrations"
"""Drafts as earlier versions of Proforma wrote them (``v1_*``, ``v2_*``, ``format1_*``)."""

RENAMED_IN_2 = {
    "annex_b": {
        "healthwatch_invited": "healthwatch_right_to_attend",
        "hwb_invited": "hwb_right_to_attend",
        "declarations_within_28_days": "prompt_declarations",
        "training_planned": "lay_member_training",
    }
}
"""Version 2 renamed these questions; the answer moved with them."""

DOCUMENTS_FOR_ATTACHED = {True: ["governance_structure"], False: []}
"""Version 3: Annex A's 'Governance structure attached' (yes/no) became the documents sent."""


def upgraded_answers(form_id: str, from_version: int, answers: dict[str, Any]) -> dict[str, Any]:
    """``answers`` of ``form_id`` version ``from_version`` as version 3 holds them."""
    out = dict(answers)
    if from_version < 2:
        for old, new in RENAMED_IN_2.get(form_id, {}).items():
            if old in out:
                out[new] = out.pop(old)
    if from_version < 3:
        if form_id == "annex_a" and out.get("terms_of_reference_attached") in (True, False):
            out["documents_attached"] = DOCUMENTS_FOR_ATTACHED[
                out.pop("terms_of_reference_attached")
            ]
        if form_id == "annex_b" and out.get("register_of_interests_published") is True:
            # version 2 asked whether the register was on the website: a yes says it is online
            out.setdefault("register_published_online", True)
    return out


def older_drafts(pattern: str) -> list[Path]:
    return sorted(OLDER_DRAFTS.glob(pattern))
