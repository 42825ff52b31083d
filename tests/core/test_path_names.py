"""Every folder and file name Proforma builds, given Windows paths on any system.

Officers save drafts on drive letters and network shares, in folders deep enough to pass
Windows' 260-character limit, under names Windows treats specially. The functions in
``path_names`` take their path flavour from their input, so these tests run the Windows
cases on Linux; the Windows CI job runs them again on Windows.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proforma_app.locations import path_names
from proforma_app.locations.path_names import (
    WINDOWS_MAX_PATH,
    backup_path,
    default_draft_stem,
    dropped_path,
    export_path,
    home_folder,
    lock_record_name,
    safe_file_stem,
    save_temp_path,
    windows_name_problem,
    with_format_suffix,
)

W = PureWindowsPath
LONG_FOLDER = "C:\\Users\\siân.llewellyn-hughes\\OneDrive - NHS\\" + "\\".join(
    f"Co-commissioning submissions folder {n:02d}" for n in range(8)
)
WINDOWS_DRAFTS = {
    "drive letter": W("C:\\Users\\Siân\\Documents\\Drafts\\annex_b-00C.json"),
    "UNC share": W("\\\\server\\share\\drafts\\annex_b-00C.json"),
    "UNC share, forward slashes": W("//nhs-fs01.nhs.uk/CCG Share/drafts/annex_a.json"),
    "over 260 characters": W(LONG_FOLDER + "\\annex_b-00C.json"),
    "long UNC path with the \\\\?\\ prefix": W("\\\\?\\UNC\\server\\share\\" + "d" * 300 + "\\a.json"),
    "device name on a share": W("\\\\server\\share\\drafts\\CON.json"),
    "folder ending in a dot": W("\\\\?\\C:\\Drafts.\\annex b..json"),
    "spaces and Welsh letters": W("D:\\Ŵyn’s drafts\\Annex B (final).json"),
}
assert len(str(WINDOWS_DRAFTS["over 260 characters"])) > WINDOWS_MAX_PATH


def _problems(name: str) -> str | None:
    return windows_name_problem(name)


# ------------------------------------------------------------------ files beside a draft


@pytest.mark.parametrize("draft", WINDOWS_DRAFTS.values(), ids=list(WINDOWS_DRAFTS))
@pytest.mark.parametrize(
    ("build", "added"),
    [
        (lambda p: export_path(p, "pdf"), None),
        (lambda p: export_path(p, "docx"), None),
        (backup_path, ".bak"),
        (lambda p: save_temp_path(p, "0123456789ab"), ".0123456789ab.tmp"),
        (lambda p: with_format_suffix(p, "pdf"), ".pdf"),
    ],
    ids=["export pdf", "export docx", "backup", "save temp", "chosen export name"],
)
def test_files_built_beside_a_windows_draft_stay_in_its_folder(
    draft: PureWindowsPath, build, added: str | None
) -> None:
    built = build(draft)
    assert isinstance(built, PureWindowsPath)
    assert built.parent == draft.parent  # the same drive or share: a save is one rename
    assert built.drive == draft.drive
    if added is not None:
        assert built.name == draft.name + added or built.name == f".{draft.name}{added}"
        assert len(str(built)) - len(str(draft)) <= len(".") + len(added)


def test_export_names_replace_the_drafts_suffix() -> None:
    draft = WINDOWS_DRAFTS["UNC share"]
    assert str(export_path(draft, "pdf")) == "\\\\server\\share\\drafts\\annex_b-00C.pdf"
    assert str(export_path(draft, "docx")) == "\\\\server\\share\\drafts\\annex_b-00C.docx"
    dotted = W("C:\\Drafts\\plan.")  # only reachable through \\?\, but never lost
    assert str(export_path(dotted, "pdf")) == "C:\\Drafts\\plan..pdf"


def test_a_chosen_export_name_keeps_what_the_officer_typed() -> None:
    assert with_format_suffix(W("C:\\Out\\Report.PDF"), "pdf") == W("C:\\Out\\Report.PDF")
    assert with_format_suffix(W("C:\\Out\\annex b v2.1"), "pdf") == W("C:\\Out\\annex b v2.1.pdf")
    assert with_format_suffix(W("\\\\srv\\s\\CON"), "docx") == W("\\\\srv\\s\\CON.docx")


def test_the_save_temp_file_is_hidden_and_tied_to_its_draft() -> None:
    temp = save_temp_path(W("\\\\server\\share\\drafts\\annex_b.json"), "abc123")
    assert temp == W("\\\\server\\share\\drafts\\.annex_b.json.abc123.tmp")


# ------------------------------------------------------------------ lock records


@pytest.mark.parametrize(
    "spellings",
    [
        ["C:\\Drafts\\Annex B.json", "c:/drafts/annex b.json", "\\\\?\\C:\\DRAFTS\\Annex B.json"],
        [
            "\\\\Server\\Share\\drafts\\a.json",
            "//server/share/Drafts/A.json",
            "\\\\?\\UNC\\server\\share\\drafts\\a.json",
        ],
        [LONG_FOLDER + "\\annex_b.json", "\\\\?\\" + LONG_FOLDER.upper() + "\\ANNEX_B.json"],
    ],
    ids=["drive letter", "UNC share", "over 260 characters"],
)
def test_one_lock_record_per_windows_file_however_it_is_spelled(spellings: list[str]) -> None:
    names = {lock_record_name(W(spelling)) for spelling in spellings}
    assert len(names) == 1


@pytest.mark.parametrize("draft", WINDOWS_DRAFTS.values(), ids=list(WINDOWS_DRAFTS))
def test_lock_records_have_short_valid_names_whatever_the_draft(draft: PureWindowsPath) -> None:
    name = lock_record_name(draft)
    assert re.fullmatch(r"[0-9a-f]{40}\.lock", name)
    assert _problems(name) is None
    record = W("C:\\Users\\siân.llewellyn-hughes\\AppData\\Local\\Proforma\\Proforma\\locks") / name
    assert len(str(record)) < WINDOWS_MAX_PATH  # even when the draft's own path is longer


def test_different_windows_files_have_different_lock_records() -> None:
    names = {lock_record_name(draft) for draft in WINDOWS_DRAFTS.values()}
    assert len(names) == len(WINDOWS_DRAFTS)
    assert lock_record_name(W("\\\\a\\s\\x.json")) != lock_record_name(W("\\\\b\\s\\x.json"))


def test_posix_lock_records_keep_case_as_the_file_system_does() -> None:
    lower, upper = PurePosixPath("/srv/drafts/a.json"), PurePosixPath("/srv/drafts/A.json")
    assert lock_record_name(lower) != lock_record_name(upper)


# ------------------------------------------------------------------ user folders


@pytest.mark.parametrize(
    ("home", "expected"),
    [
        ("\\\\server\\share\\drafts", "\\\\server\\share\\drafts\\data"),
        ("C:\\Proforma", "C:\\Proforma\\data"),
        ('"C:\\Program Data\\Proforma"', "C:\\Program Data\\Proforma\\data"),  # set X="…" in cmd
        ("D:", "D:\\data"),  # a bare drive is its root, not "the current folder on D:"
        ("E:\\", "E:\\data"),
        ("C:\\Proforma\\", "C:\\Proforma\\data"),
        (LONG_FOLDER, LONG_FOLDER + "\\data"),
    ],
)
def test_proforma_home_on_windows(home: str, expected: str) -> None:
    folder = home_folder(home, "data", PureWindowsPath)
    assert isinstance(folder, PureWindowsPath)
    assert str(folder) == expected
    assert folder.is_absolute()


@pytest.mark.parametrize("kind", ["data", "logs", "config", "documents"])
def test_every_user_folder_under_a_share(kind: str) -> None:
    folder = home_folder("\\\\server\\share\\proforma", kind, PureWindowsPath)
    assert folder.parent == W("\\\\server\\share\\proforma")
    assert folder.name == kind
    parts = (kind, "recovery", "locks", "print", "Proforma samples")
    assert all(_problems(part) is None for part in parts)


def test_proforma_home_on_posix() -> None:
    assert home_folder("/srv/proforma", "logs", PurePosixPath) == PurePosixPath("/srv/proforma/logs")


def test_real_paths_are_built_in_the_running_systems_flavour() -> None:
    assert isinstance(PurePath(), path_names.NATIVE)


# ------------------------------------------------------------------ dropped files


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///C:/Users/Si%C3%A2n/Drafts/annex%20b.json", "C:\\Users\\Siân\\Drafts\\annex b.json"),
        ("file://server/share/drafts/annex_b.json", "\\\\server\\share\\drafts\\annex_b.json"),
        ("file:////server/share/drafts/a.json", "\\\\server\\share\\drafts\\a.json"),
        ("file://localhost/D:/Drafts/a.json", "D:\\Drafts\\a.json"),
        ("file:///C|/Drafts/a.json", "C:\\Drafts\\a.json"),
        ("file://server/share/drafts/CON.json", "\\\\server\\share\\drafts\\CON.json"),
        ("file:///C:/Drafts./plan..json", "C:\\Drafts.\\plan..json"),
        ("file:///C:/a%25b%23c.json", "C:\\a%b#c.json"),
        ("file:///" + LONG_FOLDER.replace("\\", "/") + "/a.json", LONG_FOLDER + "\\a.json"),
    ],
)
def test_dropped_windows_file_urls(url: str, expected: str) -> None:
    path = dropped_path(url, PureWindowsPath)
    assert isinstance(path, PureWindowsPath)
    assert str(path) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///home/si%C3%A2n/annex%20b.json", "/home/siân/annex b.json"),
        ("file://localhost/tmp/a.json", "/tmp/a.json"),
        ("file:///tmp/NUL.json", "/tmp/NUL.json"),
    ],
)
def test_dropped_posix_file_urls(url: str, expected: str) -> None:
    assert dropped_path(url, PurePosixPath) == PurePosixPath(expected)


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a.json", "mailto:x@example.org", "file://server/", "file:///", "a.json"],
)
def test_what_is_not_a_local_file_is_not_opened(url: str) -> None:
    assert dropped_path(url, PureWindowsPath) is None
    assert dropped_path(url, PurePosixPath) is None


def test_a_share_is_not_a_local_file_where_there_are_no_shares() -> None:
    assert dropped_path("file://server/share/a.json", PurePosixPath) is None


# ------------------------------------------------------------------ names from answers


@pytest.mark.parametrize(
    ("form_id", "ccg", "expected"),
    [
        ("annex_b", "00C", "annex_b-00C"),
        ("annex_b", None, "annex_b"),
        ("annex_a", "a/b\\c:d", "annex_a-a-b-c-d"),
        ("annex_a", "x. ", "annex_a-x"),
        ("annex_a", "?" * 300, "annex_a-" + "-" * 72),
    ],
)
def test_the_default_draft_name(form_id: str, ccg: str | None, expected: str) -> None:
    assert default_draft_stem(form_id, ccg) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CON", "_CON"),
        ("nul", "_nul"),
        ("Com1", "_Com1"),
        ("LPT9.draft", "_LPT9.draft"),
        ("aux ", "_aux"),
        ("report.", "report"),
        ("...", "draft"),
        ("", "draft"),
        ("a<b>c|d?e*f\"g", "a-b-c-d-e-f-g"),
        ("CONSORTIUM", "CONSORTIUM"),
    ],
)
def test_names_from_answers_are_made_safe(text: str, expected: str) -> None:
    assert safe_file_stem(text) == expected


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("CON.json", "device name"),
        ("nul", "device name"),
        ("COM¹.txt", "device name"),
        ("plan.", "ends with a dot"),
        ("plan ", "ends with a dot or a space"),
        ("a:b.json", "character Windows does not allow"),
        ("tab\there", "character Windows does not allow"),
        ("x" * 256, "longer than 255"),
        ("", "empty"),
    ],
)
def test_names_windows_refuses_are_recognised(name: str, fragment: str) -> None:
    problem = windows_name_problem(name)
    assert problem is not None and fragment in problem


@given(st.text(max_size=400))
def test_any_answer_makes_a_name_windows_accepts(text: str) -> None:
    stem = safe_file_stem(text)
    for tail in ("", "-DRAFT"):
        for suffix in (".json", ".pdf", ".docx"):
            assert windows_name_problem(f"{stem}{tail}{suffix}") is None, (stem, tail, suffix)
    assert len(stem) <= 80


@given(st.text(min_size=1, max_size=120))
def test_files_beside_a_draft_with_a_valid_name_have_valid_names(text: str) -> None:
    draft = W("\\\\server\\share\\drafts") / f"{safe_file_stem(text)}.json"
    for built in (
        export_path(draft, "pdf"),
        export_path(draft, "docx"),
        backup_path(draft),
        save_temp_path(draft, "0123456789ab"),
    ):
        assert windows_name_problem(built.name) is None, built


# ------------------------------------------------------------------ the modules doing I/O use these


def test_the_user_folders_follow_a_quoted_proforma_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from proforma_app.locations import paths

    monkeypatch.setenv("PROFORMA_HOME", f'"{tmp_path}"')
    assert paths.user_data_dir() == tmp_path / "data"
    assert paths.recovery_dir() == tmp_path / "data" / "recovery"
    assert paths.log_dir() == tmp_path / "logs"
    assert paths.config_dir() == tmp_path / "config"


def test_a_held_draft_lock_is_the_record_path_names_names(tmp_path: Path) -> None:
    from proforma_app.files.locks import DraftLock
    from proforma_app.locations import paths

    draft = tmp_path / "Annex B (CON).json"
    draft.write_text("{}", encoding="utf-8")
    lock = DraftLock.acquire(draft)
    assert lock is not None and lock.guarded
    try:
        record = paths.user_data_dir() / "locks" / lock_record_name(draft.resolve())
        assert record.is_file()
        assert DraftLock.acquire(tmp_path / "." / "Annex B (CON).json") is None
    finally:
        lock.release()


def test_a_save_writes_its_backup_where_path_names_says(tmp_path: Path) -> None:
    from proforma_app.files.storage import write_atomic

    draft = tmp_path / "annex b..json"
    write_atomic(draft, b"first")
    write_atomic(draft, b"second")
    assert Path(backup_path(draft)).read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex b..json", "annex b..json.bak"]


# ------------------------------------------------------------------ properties over any names

_NAME_CHARACTERS = st.characters(
    blacklist_categories=("Cs",), blacklist_characters='<>:"/\\|?*\x00'
)
_WINDOWS_NAMES = st.text(_NAME_CHARACTERS, min_size=1, max_size=40).filter(
    lambda name: windows_name_problem(name) is None
)
_WINDOWS_PATHS = st.builds(
    lambda root, parts: W(root, *parts),
    st.sampled_from(["C:\\", "d:\\", "\\\\server\\share\\", "\\\\nhs-fs01.nhs.uk\\CCG Drafts\\"]),
    st.lists(_WINDOWS_NAMES, min_size=1, max_size=12),
)


@given(_WINDOWS_PATHS)
def test_any_windows_path_dropped_as_a_file_url_comes_back_unchanged(path: PureWindowsPath) -> None:
    assert dropped_path(path.as_uri(), PureWindowsPath) == path


@given(_WINDOWS_PATHS)
def test_any_windows_path_has_one_lock_record_however_spelled(path: PureWindowsPath) -> None:
    text = str(path)
    prefixed = "\\\\?\\UNC\\" + text[2:] if text.startswith("\\\\") else "\\\\?\\" + text
    # Windows compares names letter by letter: 'ß' and 'SS' are different files.
    upper = "".join(c.upper() if len(c.upper()) == 1 else c for c in text)
    lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    spellings = [text, upper, lower, text.replace("\\", "/"), prefixed]
    assert len({lock_record_name(W(spelling)) for spelling in spellings}) == 1
