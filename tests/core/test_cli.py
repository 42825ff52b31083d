"""The `proforma` command line, as reviewers use it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from proforma_app.cli import main
from tests.conftest import EXAMPLES


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_forms_lists_ids_and_titles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms")
    assert code == 0
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "annex_a",
        "annex_b",
        "constitution_amendment",
    ]
    assert "Submission proforma for delegated commissioning arrangements" in lines[1]


def test_new_writes_an_empty_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.json"
    code, _, _ = run(capsys, "new", "annex_a", "-o", str(target))
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "proforma-draft" and data["format_version"] == 1
    assert data["form_id"] == "annex_a" and data["form_version"] == 3 and data["answers"] == {}
    assert run(capsys, "new", "annex_a", "-o", str(target))[0] == 2  # never overwrites silently
    assert run(capsys, "new", "annex_z", "-o", str(tmp_path / "z.json"))[0] == 2


def test_validate_valid_annex_b_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(EXAMPLES / "annex_b_valid.json"))
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("1 file: 1 valid, 0 with errors, 0 unreadable")


def _draft_with(tmp_path: Path, name: str, change) -> Path:
    data = json.loads((EXAMPLES / "annex_b_valid.json").read_text(encoding="utf-8"))
    change(data["answers"])
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_executive_chair_exits_1_with_message_on_chair(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def make_chair_executive(answers: dict) -> None:
        answers["members"][0]["category"] = "executive"

    path = _draft_with(tmp_path, "exec-chair.json", make_chair_executive)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert (
        f"{path}: chair_name: error: The chair of the primary care commissioning committee "
        "must be a lay member (Next steps, 4.4.2)"
    ) in out.splitlines()


def test_clinical_majority_exits_1_with_message_on_members(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def add_gps(answers: dict) -> None:
        answers["members"] += [
            {
                "name": f"Dr {n}",
                "role": "GP",
                "organisation": "ccg",
                "category": "clinical",
                "voting": True,
            }
            for n in ("Ali", "Bea", "Cai", "Dee")
        ]

    path = _draft_with(tmp_path, "clinical.json", add_gps)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert any(
        line.startswith(f"{path}: members: error: Lay and executive members must be a majority")
        for line in out.splitlines()
    )


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft_with(tmp_path, "warn.json", lambda a: a.update(meetings_in_public=False))
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert f"{path}: meetings_in_public: warning:" in out


def test_unreadable_file_exits_2_and_others_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "proforma-draft", "format_ver', encoding="utf-8")
    code, out, err = run(capsys, "validate", str(broken), str(EXAMPLES / "annex_a_mistakes.json"))
    assert code == 2
    assert f"{broken}: cannot read:" in err and "damaged" in err
    assert (
        "annex_a_mistakes.json: members: error: Consistency check: a joint committee is of the "
        "CCGs and NHS England, but no NHS England member has a vote"
    ) in out


def test_newer_format_names_both_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((EXAMPLES / "annex_a_valid.json").read_text(encoding="utf-8"))
    data["format_version"] = 7
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "format version 7" in err and "format version 1" in err


def test_validate_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.json"
    code, out, _ = run(
        capsys,
        "validate",
        "--json",
        str(EXAMPLES / "annex_b_valid.json"),
        str(EXAMPLES / "annex_b_mistakes.json"),
        str(missing),
    )
    assert code == 2
    result = json.loads(out)
    assert [r["valid"] for r in result] == [True, False, False]
    assert result[0] == {
        "file": str(EXAMPLES / "annex_b_valid.json"),
        "form_id": "annex_b",
        "valid": True,
        "upgraded": None,
        "problems": [],
    }
    chair = [p for p in result[1]["problems"] if p["field"] == "chair_name"]
    assert {"field", "severity", "message"} <= set(chair[0])
    assert result[2]["error"] == "the file does not exist"


def test_amendment_and_annex_b_for_same_ccg_must_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((EXAMPLES / "constitution_amendment_valid.json").read_text("utf-8"))
    data["answers"]["committee_name"] = "Darlington Primary Care Committee"
    amendment = tmp_path / "amendment.json"
    amendment.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(amendment), str(EXAMPLES / "annex_b_valid.json"))
    assert code == 0  # a warning
    assert (
        f"{amendment}: committee_name: warning: Consistency check: Committee name is not the "
        "same as in the Annex B draft annex_b_valid.json for this CCG; make them agree"
    ) in out
    code, out, _ = run(
        capsys,
        "validate",
        str(EXAMPLES / "constitution_amendment_valid.json"),
        str(EXAMPLES / "annex_b_valid.json"),
    )
    assert code == 0 and "not the same" not in out


def test_partner_ccgs_compared_with_annex_a(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    amendment = json.loads(
        (EXAMPLES / "constitution_amendment_valid.json").read_text(encoding="utf-8")
    )
    annex_a = json.loads((EXAMPLES / "annex_a_valid.json").read_text(encoding="utf-8"))
    amendment["answers"].update(
        ccg=annex_a["answers"]["lead_ccg"],
        amendment_type=["joint_with_nhs_england", "joint_with_ccgs"],
        committee_name=annex_a["answers"]["committee_name"],
        partner_ccgs=[{"ccg": "00J"}],
    )
    a_path, c_path = tmp_path / "a.json", tmp_path / "c.json"
    a_path.write_text(json.dumps(annex_a), encoding="utf-8")
    c_path.write_text(json.dumps(amendment), encoding="utf-8")
    _, out, _ = run(capsys, "validate", str(c_path), str(a_path))
    assert (
        f"{c_path}: partner_ccgs: warning: Consistency check: the CCGs taking part are not the "
        "same as in the Annex A draft a.json"
    ) in out
    assert "committee_name: warning" not in out


def test_schema_prints_json_schema_of_answers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "annex_b")
    assert code == 0
    schema = json.loads(out)
    assert "chair_name" in schema["properties"] and "members" in schema["properties"]


def test_console_script_runs(tmp_path: Path) -> None:
    exe = shutil.which("proforma")
    cmd = [exe] if exe else [sys.executable, "-m", "proforma_app"]
    result = subprocess.run(
        [*cmd, "validate", str(EXAMPLES / "annex_a_valid.json")],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert "1 valid" in result.stdout
