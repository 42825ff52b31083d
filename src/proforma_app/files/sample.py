"""A sample draft for trying the app, copied into the user's documents first.

``scripts/start.sh`` opens a sample; opening the repository's own file would make Save and
Export default to the repository. The copy lives in the documents folder (under
``PROFORMA_HOME`` when set) and is never overwritten, so the officer's changes to it stay.

    python -m proforma_app.files.sample examples/annex_b_valid.json   # prints the copy's path
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from proforma_app.locations import paths

SAMPLES_FOLDER = "Proforma samples"


def sample_copy(source: Path) -> Path:
    """The user's copy of ``source`` (made now if there is none yet)."""
    target = paths.documents_dir() / SAMPLES_FOLDER / source.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m proforma_app.files.sample SAMPLE.json", file=sys.stderr)
        return 2
    print(sample_copy(Path(args[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
