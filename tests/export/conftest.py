"""Shared fixtures for export tests: sample drafts, a fixed export time, a hostile draft."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import io
from collections.abc import Callable

import pytest

from proforma_app.core.draft import Draft
from proforma_app.files.storage import read_draft
from tests.conftest import EXAMPLES

FIXED_NOW = dt.datetime(2015, 1, 20, 10, 30, tzinfo=dt.UTC)
"""Exports in tests are stamped with this time, so their text can be checked exactly."""

VALID_SAMPLES = ("annex_a_valid", "annex_b_valid", "constitution_amendment_valid")
ALL_SAMPLES = (
    *VALID_SAMPLES,
    "annex_a_mistakes",
    "annex_b_mistakes",
    "constitution_amendment_mistakes",
)


def load_sample(name: str) -> Draft:
    """A fresh copy of an example draft (tests may change it)."""
    draft = read_draft(EXAMPLES / f"{name}.json")
    draft.answers = copy.deepcopy(draft.answers)
    return draft


def signature_png() -> str:
    """A scanned signature as a draft holds it: a small PNG, base64-encoded."""
    from PIL import Image

    image = Image.new("RGB", (300, 80), "white")
    for x in range(20, 280):
        image.putpixel((x, 40 + (x % 20) - 10), (0, 0, 80))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.fixture
def sample() -> Callable[[str], Draft]:
    return load_sample
