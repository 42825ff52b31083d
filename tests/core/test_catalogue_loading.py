"""Built-in forms load one at a time: opening a draft checks only its own form file."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from proforma_app.core.catalogue import UnknownFormError, builtin_form_ids, builtin_forms, get_form


def test_getting_one_form_reads_and_checks_only_its_file() -> None:
    code = (
        "import json\n"
        "from proforma_app.core import catalogue\n"
        "read = []\n"
        "load = catalogue.load_form_file\n"
        "catalogue.load_form_file = lambda path, *proven: read.append(path.name) or load(path, *proven)\n"
        "first = catalogue.get_form('annex_b')\n"
        "again = catalogue.get_form('annex_b')\n"
        "print(json.dumps([read, first is again, first.form_id]))\n"
        "catalogue.builtin_forms()\n"
        "print(json.dumps(read))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    one, every = (json.loads(line) for line in result.stdout.splitlines())
    assert one == [["annex_b.json"], True, "annex_b"]
    assert sorted(every) == ["annex_a.json", "annex_b.json", "constitution_amendment.json"]


def test_every_form_is_the_same_object_by_either_route() -> None:
    forms = builtin_forms()
    assert tuple(forms) == builtin_form_ids() == ("annex_a", "annex_b", "constitution_amendment")
    for form_id, form in forms.items():
        assert get_form(form_id) is form
        assert form.form_id == form_id


@pytest.mark.parametrize(
    "form_id", ["annex_z", "../forms/annex_b", "annex_b.json", "schema", "", "ANNEX_B"]
)
def test_an_id_that_is_not_a_shipped_form_is_unknown(form_id: str) -> None:
    with pytest.raises(UnknownFormError) as caught:
        get_form(form_id)
    assert caught.value.known == ["annex_a", "annex_b", "constitution_amendment"]
    assert repr(form_id) in str(caught.value)
