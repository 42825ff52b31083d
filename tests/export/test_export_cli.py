"""``proforma export`` and ``proforma import``, as officers and reviewers run them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from proforma_app.cli import main
from proforma_app.render.model import WATERMARK
from tests.conftest import EXAMPLES
from tests.export.readback import docx_body_text, pdf_page_texts


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / f"{name}.json"
    shutil.copy(EXAMPLES / f"{name}.json", target)
    return target


def test_export_writes_both_formats_next_to_the_draft(tmp_path, capsys) -> None:
    draft = _copy(tmp_path, "annex_b_valid")
    code, out, err = run(capsys, "export", draft)
    assert code == 0, err
    assert out.splitlines() == [
        f"Wrote PDF export to {tmp_path / 'annex_b_valid.pdf'}",
        f"Wrote DOCX export to {tmp_path / 'annex_b_valid.docx'}",
    ]
    assert (
        "Siân Llewellyn-Hughes" in pdf_page_texts((tmp_path / "annex_b_valid.pdf").read_bytes())[0]
    )
    assert "Siân Llewellyn-Hughes" in docx_body_text((tmp_path / "annex_b_valid.docx").read_bytes())


def test_export_writes_only_the_formats_asked_for(tmp_path, capsys) -> None:
    draft = _copy(tmp_path, "annex_a_valid")
    code, out, _ = run(capsys, "export", draft, "--docx", tmp_path / "only.docx")
    assert code == 0
    assert out.strip() == f"Wrote DOCX export to {tmp_path / 'only.docx'}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex_a_valid.json", "only.docx"]


def test_a_final_export_with_errors_is_refused_with_the_errors_listed(tmp_path, capsys) -> None:
    draft = _copy(tmp_path, "annex_b_mistakes")
    code, out, err = run(capsys, "export", draft, "--pdf", tmp_path / "x.pdf")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 10
    assert errors[0] == (
        f"{draft}: contact_email: error: Enter the contact email address in the correct "
        "format, like name@nhs.net"
    )
    assert "final export refused" in err and "--draft" in err
    assert not (tmp_path / "x.pdf").exists()


def test_draft_exports_anyway_marked_on_every_page(tmp_path, capsys) -> None:
    draft = _copy(tmp_path, "annex_b_mistakes")
    code, out, _ = run(
        capsys,
        "export",
        draft,
        "--draft",
        "--pdf",
        tmp_path / "d.pdf",
        "--docx",
        tmp_path / "d.docx",
    )
    assert code == 0
    assert "Wrote a marked draft PDF export" in out
    assert all(WATERMARK in page for page in pdf_page_texts((tmp_path / "d.pdf").read_bytes()))
    assert "Outstanding problems" in docx_body_text((tmp_path / "d.docx").read_bytes())


def test_warnings_are_printed_and_never_block(tmp_path, capsys) -> None:
    data = json.loads((EXAMPLES / "annex_b_valid.json").read_text(encoding="utf-8"))
    data["answers"]["meetings_in_public"] = False
    data["answers"]["quorum"] = "The chair and 三 members."
    draft = tmp_path / "warned.json"
    draft.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "export", draft, "--pdf", tmp_path / "w.pdf")
    assert code == 0
    assert f"{draft}: meetings_in_public: warning: " in out
    assert "proforma: warning: " in err and "U+4E09" in err


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "does not exist"),
        ("{not json", "damaged"),
        ('{"format": "x"}', "not a Proforma draft"),
    ],
)
def test_an_unreadable_draft_exits_2(tmp_path, capsys, content, reason) -> None:
    draft = tmp_path / "bad.json"
    if content is not None:
        draft.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "export", draft)
    assert code == 2
    assert reason in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None else ["bad.json"])


def test_export_never_overwrites_the_draft_itself(tmp_path, capsys) -> None:
    draft = _copy(tmp_path, "annex_b_valid")
    before = draft.read_bytes()
    code, _, err = run(capsys, "export", draft, "--pdf", draft)
    assert code == 2 and "is the draft itself" in err
    assert draft.read_bytes() == before


def test_an_unwritable_output_exits_2(tmp_path, capsys) -> None:
    draft = _copy(tmp_path, "annex_b_valid")
    code, _, err = run(capsys, "export", draft, "--pdf", tmp_path / "no" / "such" / "x.pdf")
    assert code == 2 and "cannot write" in err


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_import_reads_the_draft_back_for_review(tmp_path, capsys, fmt: str) -> None:
    draft = _copy(tmp_path, "annex_b_mistakes")
    run(capsys, "export", draft, "--draft", f"--{fmt}", tmp_path / f"sent.{fmt}")
    back = tmp_path / "back.json"
    code, out, _ = run(capsys, "import", tmp_path / f"sent.{fmt}", "-o", back)
    assert code == 0
    assert out.strip() == f"Wrote the Annex B draft from {tmp_path / f'sent.{fmt}'} to {back}"
    original = json.loads(draft.read_text(encoding="utf-8"))
    assert json.loads(back.read_text(encoding="utf-8")) == original  # saved_at kept too
    code, out, _ = run(capsys, "validate", back)
    assert code == 1 and "10 errors" in out  # the reviewer sees what was received


def test_import_refuses_files_without_a_draft_and_never_overwrites(tmp_path, capsys) -> None:
    code, _, err = run(capsys, "import", EXAMPLES / "annex_b_valid.json", "-o", tmp_path / "o.json")
    assert code == 2 and "cannot import" in err and "not a PDF or a Word" in err
    draft = _copy(tmp_path, "annex_b_valid")
    run(capsys, "export", draft, "--pdf", tmp_path / "e.pdf")
    existing = tmp_path / "existing.json"
    existing.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "import", tmp_path / "e.pdf", "-o", existing)
    assert code == 2 and "--force" in err
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "import", tmp_path / "e.pdf", "-o", existing, "--force")[0] == 0


@pytest.mark.slow
def test_the_installed_command_exports_in_a_fresh_process(tmp_path) -> None:
    draft = _copy(tmp_path, "constitution_amendment_valid")
    result = subprocess.run(
        [sys.executable, "-m", "proforma_app", "export", str(draft)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "constitution_amendment_valid.pdf").stat().st_size > 10_000
    text = docx_body_text((tmp_path / "constitution_amendment_valid.docx").read_bytes())
    assert "6.4.1" in text and "section 13Z" in text
