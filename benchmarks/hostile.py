"""What a reviewer sees for each hostile submission at full size, with its time and memory.

    python benchmarks/hostile.py [--scale 1.0]

Each file from ``hostile_inputs.py`` (plus a named pipe) is reported on its own by
``proforma report`` in a new process; the table gives the row the reviewer gets, the
wall time and the child's peak RSS (``os.wait4``). The baseline is the same command over
the valid Annex B sample, so the cost of the hostile file itself is the difference.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import hostile_inputs  # noqa: E402  (a sibling script, not a package)
from report_scale import run_measured  # noqa: E402


def _reviewer_sees(out: Path) -> str:
    (record,) = csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")))
    status = record["Valid"]
    counts = (
        ""
        if status == "unreadable"
        else f" ({record['Errors']} errors, {record['Warnings']} warnings)"
    )
    return f"{status}{counts}: {record['First problem']}".rstrip(": ")


def measure(folder: Path, name: str) -> tuple[str, float, float]:
    out = folder.parent / f"{folder.name}.csv"
    command = [sys.executable, "-m", "proforma_app", "report", str(folder), "--out", str(out)]
    took, peak = run_measured(command)
    return _reviewer_sees(out), took, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        base = Path(work) / "baseline"
        base.mkdir()
        shutil.copy(hostile_inputs.EXAMPLES / "annex_b_valid.json", base / "annex_b_valid.json")
        sample_size = (base / "annex_b_valid.json").stat().st_size
        rows.append(
            ("annex_b_valid.json", "the valid sample (baseline)", sample_size, *measure(base, ""))
        )
        made = Path(work) / "made"
        started = time.perf_counter()
        # Made in another process, so this one stays small: a child's peak RSS starts at
        # the size of the process that started it.
        subprocess.run(
            [
                sys.executable,
                str(HERE / "hostile_inputs.py"),
                str(made),
                "--scale",
                str(args.scale),
            ],
            check=True,
            capture_output=True,
        )
        print(f"  made in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        entries: list[tuple[str, str]] = [(h.name, h.attack) for h in hostile_inputs.HOSTILE]
        entries.append(("pipe.json", "a named pipe called pipe.json"))
        for name, attack in entries:
            folder = Path(work) / name.replace(".", "-")
            folder.mkdir()
            if name == "pipe.json":
                os.mkfifo(folder / name)
            else:
                (made / name).rename(folder / name)
            size = (folder / name).stat().st_size
            seen, took, peak = measure(folder, name)
            rows.append((name, attack, size, seen, took, peak))
    print("| input | size | what the reviewer sees | time | peak memory |")
    print("|---|---:|---|---:|---:|")
    for name, attack, size, seen, took, peak in rows:
        shown = seen if len(seen) < 160 else seen[:157] + "…"
        print(
            f"| `{name}`: {attack} | {size / 1024:,.0f} KB | {shown} | {took:.2f} s | {peak:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
