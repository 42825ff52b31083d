"""The Inno Setup script: what an officer on a locked-down NHS desktop gets.

Inno Setup runs only on Windows (the CI workflow builds, installs and uninstalls with it);
here the script is read as data so its promises cannot quietly change: per-user without
administrator rights, a Start menu entry, an opt-in .json association in the user's own
registry, an uninstall that removes only what it installed, and the version from pyproject.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import proforma_app

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "proforma.iss"


def _sections() -> dict[str, list[str]]:
    """Section name → its entry lines (comments, blank lines and preprocessor lines left out)."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", line)
        if heading:
            current = heading.group(1)
            sections.setdefault(current, [])
        else:
            sections[current].append(line)
    return sections


def _setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in _sections()["Setup"])


def _entries(section: str) -> list[dict[str, str]]:
    """Entries such as ``Name: "x"; Filename: "{app}\\y"; Tasks: t`` as dictionaries."""
    entries = []
    for line in _sections()[section]:
        fields = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line)
        entries.append({key: _unquoted(value.strip()) for key, value in fields})
    return entries


def _unquoted(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def _app_version_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("app_version", ROOT / "packaging" / "app_version.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installs_for_the_current_user_without_administrator_rights() -> None:
    setup = _setup()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # never asks to elevate
    assert setup["DefaultDirName"].startswith("{autopf}\\")  # %LOCALAPPDATA%\Programs per user
    assert all(entry["Root"] == "HKA" for entry in _entries("Registry"))  # HKCU per user


def test_adds_a_start_menu_entry_for_the_app() -> None:
    start = [e for e in _entries("Icons") if e["Name"].startswith("{autoprograms}\\")]
    assert len(start) == 1
    assert start[0]["Filename"] == "{app}\\{#AppExe}" and "Tasks" not in start[0]
    assert '#define AppExe "proforma-app.exe"' in ISS.read_text(encoding="utf-8")


def test_the_json_association_is_opt_in_and_opens_the_draft() -> None:
    tasks = {task["Name"]: task for task in _entries("Tasks")}
    associate = tasks["associate"]
    assert associate["Description"].startswith("Open drafts with Proforma")
    assert "unchecked" in associate["Flags"]
    registry = _entries("Registry")
    assert registry and all(entry["Tasks"] == "associate" for entry in registry)
    command = [e for e in registry if e["Subkey"].endswith("\\shell\\open\\command")]
    assert command[0]["ValueData"] == '""{app}\\{#AppExe}"" ""%1""'
    assert "ChangesAssociations=yes" in _sections()["Setup"]


def test_uninstall_removes_only_what_was_installed() -> None:
    sections = _sections()
    assert "UninstallDelete" not in sections and "UninstallRun" not in sections
    assert "Dirs" not in sections and "INI" not in sections
    # Nothing is installed where drafts, recovery copies, settings or logs live.
    user_places = ("{localappdata}", "{userappdata}", "{userdocs}", "{%PROFORMA_HOME")
    for section in ("Files", "Icons", "Registry"):
        for line in sections[section]:
            assert not any(place in line for place in user_places), line
    # Each registry entry is removed on uninstall: by its own flag or by its key's.
    registry = _entries("Registry")
    removed_keys = [e["Subkey"] for e in registry if "uninsdeletekey" in e.get("Flags", "")]
    for entry in registry:
        flags = entry.get("Flags", "")
        assert (
            "uninsdeletevalue" in flags
            or "uninsdeletekey" in flags
            or any(entry["Subkey"].startswith(key + "\\") for key in removed_keys)
        ), entry


def test_files_come_from_the_bundle_the_spec_builds() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert '#define BundleDir "..\\dist\\proforma-app"' in text
    spec = (ROOT / "packaging" / "proforma.spec").read_text(encoding="utf-8")
    assert 'name="proforma-app",\n    upx=False' in spec  # the COLLECT folder
    assert (ROOT / "resources" / "icons" / "proforma.ico").is_file()
    assert _setup()["SetupIconFile"] == "..\\resources\\icons\\proforma.ico"


def test_the_version_is_passed_in_never_written_in_the_script() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert re.search(r"#ifndef AppVersion\s+#error", text)
    assert not re.search(r"\b\d+\.\d+\.\d+\b", text)  # no version typed by hand
    setup = _setup()
    assert setup["AppVersion"] == "{#AppVersion}"  # DisplayVersion in Programs and Features
    assert setup["OutputBaseFilename"] == "Proforma-{#AppVersion}-setup"


def test_the_installer_version_is_pyprojects_and_the_apps() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        declared = tomllib.load(file)["project"]["version"]
    assert _app_version_module().app_version() == declared == proforma_app.__version__


@pytest.mark.parametrize("version", ["1.0rc1", "2.0.0.dev3", "1.2.3.4.5", "v1"])
def test_a_version_windows_installers_cannot_compare_is_refused(tmp_path: Path, version: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[project]\nversion = "{version}"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a version Windows installers understand"):
        _app_version_module().app_version(pyproject)
