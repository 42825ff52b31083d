"""The shipped guidance, where a question's citation opens it, the About text, and the
sample draft copied into the user's documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from proforma_app import __version__
from proforma_app.core.about import about_text, shortcuts_text, where_files_are_kept
from proforma_app.core.catalogue import get_form
from proforma_app.core.guidance import Lines, cited_lines, guidance_path, guidance_text
from proforma_app.files.sample import SAMPLES_FOLDER, sample_copy
from proforma_app.locations import paths

REPO = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared/guidance/next-steps-2014.txt")


def test_the_guidance_ships_inside_the_resources_the_package_and_bundle_carry() -> None:
    path = guidance_path()
    assert path == paths.resources_dir() / "guidance" / "next-steps-2014.txt"
    text = guidance_text()
    assert "Next steps towards" in text and len(text.splitlines()) > 2000
    spec = (REPO / "packaging" / "proforma.spec").read_text(encoding="utf-8")
    assert '"resources"), "proforma_app/_bundled/resources"' in spec
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"resources" = "proforma_app/_bundled/resources"' in pyproject


@pytest.mark.skipif(
    not SHARED.is_file(), reason="the guidance's source copy is not on this machine"
)
def test_the_shipped_guidance_is_the_cited_text_unchanged() -> None:
    assert guidance_path().read_bytes() == SHARED.read_bytes()  # line numbers stay true


def test_a_questions_citation_gives_the_lines_to_open() -> None:
    form = get_form("annex_b")
    assert cited_lines(form.field("eligibility_confirmed")) == Lines(1596, 1600)
    assert cited_lines(form.field("contact_name")) is None  # cites nothing: the start
    assert cited_lines(None) is None


def test_about_says_the_version_and_where_every_file_is_kept() -> None:
    text = about_text()
    assert f"Proforma {__version__}" in text
    for what, where in where_files_are_kept():
        assert f"{what}: {where}" in text
    assert str(paths.recovery_dir()) in text and str(paths.log_dir()) in text


def test_shortcuts_are_one_per_line() -> None:
    assert shortcuts_text([("Ctrl+S", "Save"), ("F7", "Check")]) == "Ctrl+S — Save\nF7 — Check"


def test_the_sample_is_a_copy_in_the_users_documents_and_is_never_overwritten(
    tmp_path: Path,
) -> None:
    source = REPO / "examples" / "annex_b_valid.json"
    copy = sample_copy(source)
    home = Path(os.environ["PROFORMA_HOME"])
    assert copy == home / "documents" / SAMPLES_FOLDER / source.name
    assert copy.read_bytes() == source.read_bytes()
    copy.write_text("{}", encoding="utf-8")  # the officer's own changes
    assert sample_copy(source).read_text(encoding="utf-8") == "{}"


def test_the_start_command_opens_the_copy_not_the_repositorys_file(tmp_path: Path) -> None:
    env = {**os.environ, "PROFORMA_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "proforma_app.files.sample", "examples/annex_b_valid.json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    printed = Path(result.stdout.strip())
    assert printed.is_file() and tmp_path in printed.parents
    script = (REPO / "scripts" / "start.sh").read_text(encoding="utf-8")
    assert "python -m proforma_app.files.sample examples/annex_b_valid.json" in script
    assert 'proforma-app "$sample"' in script
