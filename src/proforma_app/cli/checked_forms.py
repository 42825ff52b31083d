"""Writes ``forms/SHA256SUMS``: the digest of every shipped form the meta-model accepts.

The app builds a form whose bytes have the listed digest without re-running the
meta-model's checks (:mod:`proforma_app.core.proven_forms`). Run
``python -m proforma_app.cli.checked_forms`` after changing a form or the meta-model; a test
fails while the committed list is stale, and a form that breaks the meta-model is refused
here, never listed.
"""

from __future__ import annotations

import sys

from proforma_app.core.catalogue import FormDefinitionError, builtin_form_ids, load_form_file
from proforma_app.core.proven_forms import DIGESTS_NAME, digest, digests_text
from proforma_app.locations import paths


def proven_digests_text() -> str:
    """The manifest for the forms as they are now; raises if one breaks the meta-model."""
    digests = {}
    for form_id in builtin_form_ids():
        path = paths.forms_dir() / f"{form_id}.json"
        load_form_file(path)  # checked in full, never through a digest
        digests[path.name] = digest(path.read_bytes())
    return digests_text(digests)


def main() -> int:
    try:
        text = proven_digests_text()
    except FormDefinitionError as exc:
        print(f"not written: {exc}", file=sys.stderr)
        return 1
    target = paths.forms_dir() / DIGESTS_NAME
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
