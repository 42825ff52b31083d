"""The GitHub Actions workflow: valid by GitHub's schema, and doing what the schema cannot see.

Nothing here runs Windows. These tests hold the workflow to its job: both systems and both
Pythons, the same checks as ``scripts/test.sh``, the Windows bundle, installer, silent
install, installed programs and uninstall in that order, and actions pinned by version.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
ISS = ROOT / "packaging" / "proforma.iss"


def _load(path: Path = WORKFLOW) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def job() -> dict[str, Any]:
    jobs = _load()["jobs"]
    assert list(jobs) == ["test"]
    return jobs["test"]


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job["steps"]


def _step(job: dict[str, Any], needle: str) -> tuple[int, dict[str, Any]]:
    """The one step whose ``run`` or ``uses`` contains ``needle``, and its position."""
    found = [
        (i, s) for i, s in enumerate(_steps(job)) if needle in (s.get("run", "") + s.get("uses", ""))
    ]
    assert len(found) == 1, f"{len(found)} steps mention {needle!r}"
    return found[0]


def _windows_only(step: dict[str, Any]) -> bool:
    return "runner.os == 'Windows'" in str(step.get("if", ""))


# ------------------------------------------------------------------ the schema check


def test_the_workflow_passes_githubs_schema() -> None:
    result = _schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


BREAKAGES = {
    "a misspelt step key": ("        run: python -m pytest\n", "        rn: python -m pytest\n"),
    "no runs-on": ("    runs-on: ${{ matrix.os }}\n", ""),
    "a step with neither run nor uses": ("        uses: actions/checkout@v4.2.2\n", ""),
    "an unknown trigger": ("  workflow_dispatch:\n", "  workflow_dispatched:\n"),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_the_schema_check_fails_on_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    old, new = BREAKAGES[breakage]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the workflow changed; update the {breakage!r} case"
    broken = tmp_path / "ci.yml"
    broken.write_text(text.replace(old, new), encoding="utf-8")
    result = _schema_check(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def test_the_test_command_runs_the_schema_check() -> None:
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert (
        ".venv/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/ci.yml"
        in script.splitlines()
    )


def test_check_jsonschema_is_a_pinned_dev_dependency() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert re.search(r'"check-jsonschema>=[\d.]+"', pyproject)
    assert any(re.fullmatch(r"check-jsonschema==[\d.]+", line) for line in constraints)


# ------------------------------------------------------------------ what the schema cannot see


def test_both_systems_and_both_pythons_are_in_the_matrix(job: dict[str, Any]) -> None:
    matrix = job["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "windows-latest"}
    assert set(matrix["python"]) == {"3.11", "3.12"}
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["fail-fast"] is False  # a Linux failure must not hide Windows'


def test_every_action_is_pinned_by_version() -> None:
    uses = [s["uses"] for s in _load()["jobs"]["test"]["steps"] if "uses" in s]
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})", action), action


def test_both_systems_install_with_the_constraints(job: dict[str, Any]) -> None:
    _, linux = _step(job, "scripts/install.sh")
    _, windows = _step(job, '-c constraints.txt -e ".[dev]"')
    assert "runner.os == 'Linux'" in linux["if"] and _windows_only(windows)
    assert "-c constraints.txt" in (ROOT / "scripts" / "install.sh").read_text(encoding="utf-8")


def test_every_check_of_the_test_command_runs_on_both_systems(job: dict[str, Any]) -> None:
    """Each tool scripts/test.sh runs has a step with no ``if``, so it runs on both systems."""
    script = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    commands = [
        line.removeprefix(".venv/bin/").split("  #")[0]
        for line in script.splitlines()
        if line.startswith(".venv/bin/")
    ]
    assert len(commands) == 6
    for command in commands:
        command = command.replace('python -m pytest "$@"', "python -m pytest")
        # One command per step: PowerShell, unlike bash -e, runs on after a failing command.
        steps = [s for s in _steps(job) if s.get("run", "").strip() == command]
        assert len(steps) == 1, f"no step runs exactly {command!r}"
        assert "if" not in steps[0], f"{command!r} runs on one system only"


def test_the_tests_run_with_qt_offscreen(job: dict[str, Any]) -> None:
    _, step = _step(job, "python -m pytest")
    assert step["env"]["QT_QPA_PLATFORM"] == "offscreen"


def test_linux_builds_and_smoke_tests_the_bundle(job: dict[str, Any]) -> None:
    _, step = _step(job, "packaging/build_linux.sh")
    assert "bash packaging/smoke_test.sh" in step["run"]
    assert "runner.os == 'Linux'" in step["if"]


def test_windows_builds_installs_runs_and_uninstalls_in_order(job: dict[str, Any]) -> None:
    order = [
        "PyInstaller --noconfirm --clean --distpath dist --workpath build\\pyinstaller packaging\\proforma.spec",
        "choco install innosetup",
        "packaging\\proforma.iss",
        "$env:SETUP_EXE -ArgumentList",
        "proforma.exe\" validate @examples",
        "--smoke",
        "\\unins000.exe\" -ArgumentList",
    ]
    positions = []
    for needle in order:
        position, step = _step(job, needle)
        assert _windows_only(step), f"{needle!r} must run on Windows only"
        assert step["shell"] == "pwsh"
        positions.append(position)
    assert positions == sorted(positions)


def test_the_installer_takes_its_version_from_pyproject(job: dict[str, Any]) -> None:
    _, step = _step(job, "packaging\\proforma.iss")
    assert "python packaging\\app_version.py" in step["run"]
    assert '"/DAppVersion=$version"' in step["run"]


def test_the_silent_install_is_per_user_into_a_temporary_folder(job: dict[str, Any]) -> None:
    _, step = _step(job, "$env:SETUP_EXE -ArgumentList")
    run = step["run"]
    for flag in ("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/TASKS=associate", "/DIR="):
        assert flag in run
    assert "$env:RUNNER_TEMP" in run
    assert "DisplayVersion -ne $env:APP_VERSION" in run  # Programs and Features shows it
    assert "'Proforma.lnk'" in run  # the Start menu entry


def test_the_installer_registry_key_in_the_workflow_is_the_scripts_app_id(job: dict[str, Any]) -> None:
    app_id = re.search(r"^AppId=\{(\{[0-9A-F-]+\})$", ISS.read_text(encoding="utf-8"), re.M)
    assert app_id
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count(f"Uninstall\\{app_id.group(1)}_is1") == 2  # after install, after uninstall


def test_the_smoke_step_runs_the_installed_app_and_keeps_a_screenshot(job: dict[str, Any]) -> None:
    position, step = _step(job, "--smoke")
    assert '"$env:INSTALL_DIR\\proforma-app.exe"' in step["run"]
    assert "'--screenshot'" in step["run"] and "ExitCode -ne 0" in step["run"]
    upload = _steps(job)[position + 1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"].endswith("smoke-windows.png")
    assert "always()" in upload["if"]


def test_the_validate_step_compares_the_installed_cli_with_the_source(job: dict[str, Any]) -> None:
    _, step = _step(job, "proforma.exe\" validate @examples")
    run = step["run"]
    assert "& proforma validate @examples" in run
    assert "$installedExit -ne 1" in run and "$validExit -ne 0" in run


def test_uninstalling_is_checked_to_leave_drafts_and_recovery_copies(job: dict[str, Any]) -> None:
    _, step = _step(job, "\\unins000.exe\" -ArgumentList")
    run = step["run"]
    assert "'Proforma\\Proforma\\recovery'" in run  # where paths.recovery_dir() is on Windows
    assert 'throw "uninstalling removed a draft"' in run
    assert 'throw "uninstalling removed a recovery copy"' in run


def test_the_installer_is_uploaded(job: dict[str, Any]) -> None:
    uploads = [s for s in _steps(job) if s.get("uses", "").startswith("actions/upload-artifact@")]
    installer = [s for s in uploads if s["with"]["path"] == "dist/installer/*.exe"]
    assert len(installer) == 1
    assert installer[0]["with"]["if-no-files-found"] == "error"
    assert _windows_only(installer[0])


def test_windows_gets_pdftoppm_before_the_tests_need_it(job: dict[str, Any]) -> None:
    poppler, step = _step(job, "conda-forge poppler")
    tests, _ = _step(job, "python -m pytest")
    assert _windows_only(step) and poppler < tests
    assert "GITHUB_PATH" in step["run"]


def test_mypy_checks_the_windows_branches_on_every_system(job: dict[str, Any]) -> None:
    _, step = _step(job, "mypy --platform win32")
    assert "if" not in step
