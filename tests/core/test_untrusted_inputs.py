"""Files from other organisations, built to hurt: each is read in bounded time and memory
and ends as one row or one message naming the file — never a wait, a traceback or a
silently wrong answer. Every hostile file is generated here, small
(``benchmarks/hostile_inputs.py``); the full-size ones are measured by
``benchmarks/hostile.py``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from benchmarks import hostile_inputs as hostile
from hypothesis import given, settings
from hypothesis import strategies as st

from proforma_app.cli import main
from proforma_app.export.embedded import read_embedded_draft
from proforma_app.files.draft_format import DraftError
from proforma_app.files.recovery import RecoveryStore
from proforma_app.files.storage import DraftFileError, read_draft
from proforma_app.files.untrusted.budget import TimeBudgetExceeded, check_time, time_budget
from proforma_app.files.untrusted.files import RefusedFile, read_regular_file
from proforma_app.files.untrusted.xml import parse_untrusted_xml
from proforma_app.files.untrusted.zip_archive import UntrustedZip
from proforma_app.report import build_report, render_csv

ROOT = Path(__file__).resolve().parents[2]
SCALE = 0.05
"""Bombs at 5%: 50 MB behind a few hundred KB, still well past every 20–32 MB budget."""
MEMORY_LIMIT_MB = 300
WALL_LIMIT_S = 60
posix_only = pytest.mark.skipif(
    os.name == "nt", reason="pipes, device nodes and getrusage are POSIX; a Windows folder has none"
)


def _hostile(name: str, folder: Path) -> Path:
    (entry,) = [h for h in hostile.HOSTILE if h.name == name]
    path = folder / name
    path.write_bytes(entry.make(SCALE))
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(DraftError) as refused:
        read_embedded_draft(path)
    return str(refused.value)


# ------------------------------------------------------------------ XML
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("utf16-entities.docx", "document type declaration"),
        ("billion-laughs.docx", "document type declaration"),
        ("xxe.docx", "document type declaration"),
        ("utf7-part.docx", "UTF-7 encoding; only UTF-8 and UTF-16"),
        ("latin1-part.docx", "ISO-8859-1 encoding; only UTF-8 and UTF-16"),
    ],
)
def test_hostile_xml_in_a_word_export_is_refused_with_a_reason(
    tmp_path: Path, name: str, said: str
) -> None:
    assert said in _refusal(_hostile(name, tmp_path))


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_a_dtd_is_refused_in_every_accepted_encoding(codec: str) -> None:
    xml = '<!DOCTYPE d [<!ENTITY a "x">]><d>&a;</d>'
    with pytest.raises(RefusedFile, match="document type declaration"):
        parse_untrusted_xml(xml.encode(codec), "part")


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_plain_xml_is_read_in_utf8_and_utf16(codec: str) -> None:
    root = parse_untrusted_xml('<d xmlns="urn:x">£ ŵ</d>'.encode(codec), "part")
    assert (root.tag, root.text) == ("{urn:x}d", "£ ŵ")


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x00\x00\xfe\xff\x00\x00\x00<", "UTF-32"),
        (b'<?xml version="1.0" encoding="cp1252"?><d/>', "cp1252"),
        (b'<?xml version="1.0" encoding="EBCDIC-CP-US"?><d/>', "EBCDIC-CP-US"),
    ],
)
def test_other_encodings_are_refused_by_name(data: bytes, named: str) -> None:
    with pytest.raises(RefusedFile, match=f"the part is written in the {named} encoding"):
        parse_untrusted_xml(data, "part")


# ------------------------------------------------------------------ zip
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("lying-size.docx", "inflates to more than 20 MB"),
        ("deflate-bomb.docx", "inflates to more than 20 MB"),
        ("repeated-member.docx", "lists the part 'customXml/item1.xml' more than once"),
        ("overlapping-members.docx", "parts stored on top of each other"),
        ("corrupt-deflate.docx", "compressed data is corrupt"),
        ("bad-member-name.docx", "damaged"),
    ],
)
def test_hostile_zip_archives_are_refused_with_a_reason(
    tmp_path: Path, name: str, said: str
) -> None:
    assert said in _refusal(_hostile(name, tmp_path))


def test_a_member_path_leading_outside_is_never_written_anywhere(tmp_path: Path) -> None:
    target = Path("/tmp/proforma-evil.txt")
    target.unlink(missing_ok=True)
    assert read_embedded_draft(_hostile("zip-traversal.docx", tmp_path)).form_id == "annex_b"
    assert not target.exists()


def test_each_member_is_read_once_and_the_total_is_budgeted() -> None:
    members = [hostile.deflated_member(f"m{n}", bytes(1000)) for n in range(3)]
    archive = UntrustedZip(hostile.raw_zip(members), "archive", total_limit=2500)
    assert archive.read("m0", 10_000) == bytes(1000)
    with pytest.raises(RefusedFile, match="already read"):
        archive.read("m0", 10_000)
    archive.read("m1", 10_000)
    with pytest.raises(RefusedFile, match="inflates to more than"):
        archive.read("m2", 10_000)  # only 500 bytes of the archive's budget are left


def test_declared_sizes_are_ignored_both_ways() -> None:
    content = b"<d>" + b"x" * 5000 + b"</d>"
    short = hostile.deflated_member("short", content)
    short.size = 10  # says 10 bytes: all 5,007 are read and checked
    assert UntrustedZip(hostile.raw_zip([short]), "a", 10**6).read("short", 10**6) == content
    huge = hostile.deflated_member("huge", content)
    huge.size = 2**32 - 1  # says 4 GB: the budget is never sized from it
    assert UntrustedZip(hostile.raw_zip([huge]), "a", 10**6).read("huge", 10**6) == content


# ------------------------------------------------------------------ PDF
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("twenty-attachments.pdf", "20 attachments called draft.json"),
        ("attachment-bomb.pdf", "inflates to more than 20 MB"),
        ("encrypted.pdf", "encrypted"),
        ("xref-loop.pdf", "PDF"),
    ],
)
def test_hostile_pdfs_are_refused_with_a_reason(tmp_path: Path, name: str, said: str) -> None:
    assert said in _refusal(_hostile(name, tmp_path))


def test_several_attachments_are_refused_before_any_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inflated: list[int] = []
    from proforma_app.files.untrusted import pdf

    monkeypatch.setattr(pdf, "inflate_limited", lambda *a, **k: inflated.append(1))
    assert "20 attachments" in _refusal(_hostile("twenty-attachments.pdf", tmp_path))
    assert inflated == []


def test_a_page_over_the_stream_limit_is_a_row_not_a_blank_page(tmp_path: Path) -> None:
    _hostile("page-stream-bomb.pdf", tmp_path)
    (row,) = build_report([tmp_path])
    assert row.status == "unreadable"
    assert "page 1 of the PDF inflates to more than 32 MB" in row.first_problem


@posix_only
# ------------------------------------------------------------------ not regular files
@pytest.mark.parametrize("name", ["x.json", "x.pdf", "x.docx"])
def test_a_named_pipe_is_a_row_never_a_wait(tmp_path: Path, name: str) -> None:
    os.mkfifo(tmp_path / name)
    code = (
        "import sys, pathlib\n"
        "from proforma_app.report import build_report\n"
        "(row,) = build_report([pathlib.Path(sys.argv[1])])\n"
        "print(row.status, row.first_problem)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.startswith("unreadable this is not a regular file"), done.stderr


@posix_only
def test_a_named_pipe_given_to_validate_and_import_is_a_message(tmp_path: Path) -> None:
    pipe = tmp_path / "x.json"
    os.mkfifo(pipe)
    for command in (["validate", str(pipe)], ["import", str(pipe), "-o", str(tmp_path / "o.json")]):
        done = subprocess.run(
            [sys.executable, "-m", "proforma_app", *command],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2
        assert f"{pipe}: cannot" in done.stderr and "not a regular file" in done.stderr


@posix_only
def test_devices_and_sockets_are_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with pytest.raises(DraftFileError, match="not a regular file"):
        read_draft(tmp_path / "zero.json")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.pdf"))
        with pytest.raises(RefusedFile, match="not a regular file"):
            read_regular_file(tmp_path / "s.pdf", 1000)
    finally:
        server.close()


@posix_only
def test_a_named_pipe_in_the_recovery_folder_never_blocks_start(tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    folder.mkdir()
    os.mkfifo(folder / "abc.json")
    code = (
        "import sys, pathlib\n"
        "from proforma_app.files.recovery import RecoveryStore\n"
        "store = RecoveryStore(pathlib.Path(sys.argv[1]))\n"
        "print(len(store.pending()), len(store.quarantined))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["0", "1"], done.stderr
    assert not (folder / "abc.json").exists()  # moved aside, so later starts skip it
    assert RecoveryStore(folder).pending() == []


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(RefusedFile, match="larger than"):
        read_regular_file(path, 1000)


# ------------------------------------------------------------------ time budget
def test_a_file_over_its_time_budget_is_a_row_and_the_batch_goes_on(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(examples_dir / "annex_b_valid.json", tmp_path / "a.json")
    shutil.copy(examples_dir / "annex_a_valid.json", tmp_path / "slow.json")
    import proforma_app.report as report

    real_read = report._read

    def read_slowly(path: Path, with_text: bool) -> object:
        if path.name == "slow.json":
            while True:  # pure Python work that never calls back
                sum(range(1000))
        return real_read(path, with_text)

    monkeypatch.setattr(report, "_read", read_slowly)
    started = time.monotonic()
    rows = {Path(r.file).name: r for r in build_report([tmp_path], seconds_per_file=1.0)}
    assert time.monotonic() - started < 20
    assert rows["a.json"].status == "yes"
    assert rows["slow.json"].status == "unreadable"
    assert "longer than 1 s" in rows["slow.json"].first_problem


def test_the_cooperative_check_works_where_no_alarm_can(monkeypatch: pytest.MonkeyPatch) -> None:
    import proforma_app.files.untrusted.budget as budget

    monkeypatch.delattr(budget.signal, "setitimer")
    with pytest.raises(TimeBudgetExceeded), time_budget(0.01):
        while True:
            check_time()


@posix_only
# ------------------------------------------------------------------ report rows
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path, examples_dir: Path) -> None:
    name = os.fsdecode(b"caf\xe9.json")
    shutil.copy(examples_dir / "annex_b_valid.json", tmp_path / name)
    out = tmp_path / "report.csv"
    assert main(["report", str(tmp_path), "--out", str(out)]) == 0
    (record,) = csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")))
    assert record["File"].endswith("caf\\xe9.json") and record["Valid"] == "yes"


def test_a_folder_that_cannot_be_searched_is_a_row(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(examples_dir / "annex_b_valid.json", tmp_path / "a.json")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)  # tests may run as root, whom modes never stop
    rows = {Path(r.file).name: r for r in build_report([tmp_path])}
    assert rows["locked"].status == "unreadable"
    assert "cannot be searched (Permission denied)" in rows["locked"].first_problem
    assert rows["a.json"].status == "yes"


def test_an_answer_edited_after_export_is_a_warning_row(tmp_path: Path) -> None:
    _hostile("edited-after-export.pdf", tmp_path)
    (row,) = build_report([tmp_path])
    assert (row.status, row.warnings) == ("yes", 1)
    assert row.first_problem.startswith("Contact name: the document does not show the answer")


def test_a_word_export_edited_after_export_is_a_warning_row(tmp_path: Path) -> None:
    draft = hostile.sample_draft()
    shown = hostile.real_export("docx", draft)
    answers = draft["answers"]
    assert isinstance(answers, dict)
    answers["contact_name"] = "Someone Else Entirely"
    from proforma_app.core.validation import check_draft
    from proforma_app.files.draft_format import loads_draft
    from proforma_app.render import build_document

    swapped = loads_draft(json.dumps(draft).encode())
    copy = build_document(swapped, check_draft(swapped)).machine_copy.decode("ascii")
    item = f'<draft xmlns="urn:proforma-app:draft">{copy}</draft>'.encode()
    source = zipfile.ZipFile(io.BytesIO(shown))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(
                info.filename, item if b"urn:proforma-app:draft" in content else content
            )
    (tmp_path / "edited.docx").write_bytes(out.getvalue())
    (tmp_path / "faithful.docx").write_bytes(shown)
    rows = {Path(r.file).name: r for r in build_report([tmp_path])}
    assert rows["faithful.docx"].warnings == 0
    assert rows["edited.docx"].first_problem.startswith("Contact name: the document does not show")


def test_unknown_answers_are_one_bounded_warning(tmp_path: Path) -> None:
    path = _hostile("unknown-keys.json", tmp_path)
    draft = read_draft(path)
    from proforma_app.core.validation import check_draft

    (listed,) = [p for p in check_draft(draft).problems if "does not ask for" in p.message]
    assert listed.message.startswith("The draft has 30,000 answers that this form does not ask")
    assert "answer 'k0', 'k1', 'k2' and 29,997 more;" in listed.message


# ------------------------------------------------------------------ copies and related forms
def test_copies_of_one_submission_are_cross_checked_once_and_listed(
    tmp_path: Path, examples_dir: Path
) -> None:
    amendment = json.loads((examples_dir / "constitution_amendment_valid.json").read_text("utf-8"))
    annex_b = json.loads((examples_dir / "annex_b_valid.json").read_text("utf-8"))
    annex_b["answers"]["committee_name"] = "A different committee"
    (tmp_path / "amendment.json").write_text(json.dumps(amendment), encoding="utf-8")
    for suffix in ("json", "pdf", "docx"):
        data = (
            json.dumps(annex_b).encode()
            if suffix == "json"
            else hostile.real_export(suffix, annex_b)
        )
        (tmp_path / f"annex_b.{suffix}").write_bytes(data)
    rows = {Path(r.file).name: r for r in build_report([tmp_path])}
    assert rows["amendment.json"].warnings == 1  # once, not once per copy of the Annex B
    copies = rows["annex_b.json"].copies
    assert sorted(Path(c).name for c in copies) == ["annex_b.docx", "annex_b.pdf"]
    assert {rows[f"annex_b.{s}"].warnings for s in ("json", "pdf", "docx")} == {0}


# ------------------------------------------------------------------ --out
@pytest.mark.parametrize("target", ["/dev/null", "folder"])
def test_report_out_refuses_anything_but_a_regular_file(
    submissions_folder: Path, tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = Path(target) if target.startswith("/") else tmp_path
    assert main(["report", str(submissions_folder), "--out", str(out)]) == 2
    assert f"cannot write {out}" in capsys.readouterr().err


def test_report_out_refuses_one_of_its_inputs(
    submissions_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = submissions_folder / "annex_b_valid.json"
    before = victim.read_bytes()
    assert main(["report", str(submissions_folder), "--out", str(victim), "--html"]) == 2
    assert "it is one of the submissions to read" in capsys.readouterr().err
    assert victim.read_bytes() == before


def test_html_and_a_csv_name_disagree(
    submissions_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    assert main(["report", str(submissions_folder), "--html", "--out", str(out)]) == 2
    assert "--html asks for HTML but" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "starts"), [("r.csv", b"\xef\xbb\xbfFile,"), ("r.HTM", b"<!DOCTYPE html>")]
)
def test_the_format_follows_the_extension(
    submissions_folder: Path, tmp_path: Path, name: str, starts: bytes
) -> None:
    assert main(["report", str(submissions_folder), "--out", str(tmp_path / name)]) == 0
    assert (tmp_path / name).read_bytes().startswith(starts)


@pytest.fixture
def submissions_folder(tmp_path: Path, examples_dir: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(examples_dir / "annex_b_valid.json", folder / "annex_b_valid.json")
    return folder


# ------------------------------------------------------------------ CSV cells
@pytest.mark.parametrize(
    "cell", [" =1+1", "\n=1+1", "\t@SUM(A1)", "\r\n+1", "＝1+1", "＋1", "－1", "＠SUM(A1)", "  ﹦1"]
)
def test_formulas_behind_whitespace_or_in_full_width_are_made_plain_text(cell: str) -> None:
    from proforma_app.report import SubmissionRow

    payload = render_csv([SubmissionRow(file=cell, status="unreadable")])
    (record,) = csv.DictReader(io.StringIO(payload.decode("utf-8-sig")))
    assert record["File"] == "'" + cell


def test_a_cell_over_excels_limit_is_cut_with_a_mark() -> None:
    from proforma_app.report import EXCEL_CELL_LIMIT, SubmissionRow

    payload = render_csv([SubmissionRow(file="a" * 100_000, status="unreadable")])
    (record,) = csv.DictReader(io.StringIO(payload.decode("utf-8-sig")))
    cell = record["File"]
    assert len(cell) <= EXCEL_CELL_LIMIT
    kept = len(cell) - len(cell.split("…")[-1]) - 1
    assert cell.endswith(f"… [cut: {100_000 - kept:,} more characters]")


# ------------------------------------------------------------------ error paths name the file
def test_output_in_a_folder_that_cannot_be_searched_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_lstat = os.lstat

    def lstat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if Path(os.fsdecode(path)).parent == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "lstat", lstat)  # tests may run as root, whom modes never stop
    target = locked / "out.json"
    assert main(["new", "annex_b", "-o", str(target)]) == 2
    assert capsys.readouterr().err.strip() == f"proforma: cannot write {target}: Permission denied"
    export = tmp_path / "annex_b.docx"
    export.write_bytes(hostile.real_export("docx"))
    assert main(["import", str(export), "-o", str(target)]) == 2
    assert capsys.readouterr().err.strip() == f"proforma: cannot write {target}: Permission denied"


def test_proforma_home_that_is_a_file_stops_the_cli_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PROFORMA_HOME", str(home))
    assert main(["forms"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"proforma: PROFORMA_HOME is set to {home}, which is not a folder; "
        "set it to a folder or unset it"
    )


# ------------------------------------------------------------------ bounded memory and time
_LAUNCH = """
import os, subprocess, sys, time
started = time.monotonic()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss / 1024, time.monotonic() - started, os.waitstatus_to_exitcode(status))
"""
"""Runs ``proforma report`` and prints its peak RSS (MiB), wall time and exit code. This
small process starts it because a child's ``ru_maxrss`` begins at the size of the process
that started it, and the test runner is large."""


@posix_only
@pytest.mark.slow
@pytest.mark.parametrize("entry", hostile.HOSTILE, ids=[h.name for h in hostile.HOSTILE])
def test_every_hostile_file_is_read_in_bounded_memory_and_time(
    tmp_path: Path, entry: hostile.Hostile
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / entry.name).write_bytes(entry.make(SCALE))
    out = tmp_path / "report.csv"
    report = [sys.executable, "-m", "proforma_app", "report", str(folder), "--out", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *report],
        capture_output=True,
        text=True,
        timeout=WALL_LIMIT_S * 2,
        check=True,
    )
    peak_mb, took, code = done.stdout.split()
    assert (code, float(took) < WALL_LIMIT_S) == ("0", True), done.stdout
    assert float(peak_mb) < MEMORY_LIMIT_MB, done.stdout
    (record,) = csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")))
    assert record["File"] == str(folder / entry.name) and record["Valid"] in ("yes", "no", "unreadable")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=50))
def test_no_csv_cell_can_start_a_formula(text: str) -> None:
    """Whatever text a file name or an answer brings, Excel reads the cell as text."""
    from proforma_app.report import SubmissionRow

    payload = render_csv([SubmissionRow(file=text, status="unreadable")])
    (record,) = csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline=""))
    cell = record["File"]
    assert cell in (text, "'" + text)
    starters = "=+-@＝＋－＠﹢﹣﹦−\t\r\n"
    assert not cell.lstrip() or cell[0] == "'" or cell.lstrip()[0] not in starters


def test_an_export_of_an_earlier_form_version_is_not_checked_against_todays_layout(
    tmp_path: Path,
) -> None:
    """An older Proforma showed a version 1 draft its own way; only today's exports are
    compared with what today's exporter would show."""
    from pypdf import PdfReader, PdfWriter

    v1 = ROOT / "tests" / "fixtures" / "drafts" / "migrations" / "v1_annex_b_valid.json"
    older = json.loads(v1.read_text("utf-8"))
    older["answers"]["contact_name"] = "Shown differently by an older version"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(hostile.real_export("pdf"))))
    del writer.root_object["/Names"]["/EmbeddedFiles"]
    writer.add_attachment("draft.json", json.dumps(older).encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    (tmp_path / "old.pdf").write_bytes(out.getvalue())
    (row,) = build_report([tmp_path])
    from proforma_app.core.validation import check_draft
    from proforma_app.files.draft_format import loads_draft

    alone = check_draft(loads_draft(json.dumps(older).encode("utf-8")))
    assert (row.errors, row.warnings) == (len(alone.errors), len(alone.warnings))
    assert row.form.startswith("Annex B")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("ten-million-values.json", "the file holds more than 1,500,000 values"),
        ("empty-rows.json", "Committee members can have at most 200 rows (it has 1,490,000)"),
        ("named-rows.json", "Committee members can have at most 200 rows (it has 740,000)"),
    ],
)
def test_millions_of_values_are_one_refusal_or_one_problem(
    tmp_path: Path, name: str, said: str
) -> None:
    path = _hostile(name, tmp_path)
    (row,) = build_report([tmp_path])
    assert said in row.first_problem
    if row.status != "unreadable":
        from proforma_app.core.validation import check_draft

        problems = check_draft(read_draft(path)).problems
        assert [p.message for p in problems if p.field == "members"] == [said]


@posix_only
@pytest.mark.slow
def test_folders_nested_past_the_recursion_limit_are_a_row(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(examples_dir / "annex_b_valid.json", tmp_path / "a.json")
    monkeypatch.chdir(tmp_path)
    depth = sys.getrecursionlimit() + 100
    for _ in range(depth):
        os.mkdir("d")
        os.chdir("d")
    try:
        rows = {Path(r.file).name: r for r in build_report([tmp_path])}
        assert rows["a.json"].status == "yes"
        assert "nest too deeply to search them all" in rows[tmp_path.name].first_problem
    finally:  # pytest's own clean-up recurses and would leave the nest behind
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
