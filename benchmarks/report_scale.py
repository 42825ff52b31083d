"""``proforma report`` at scale, as ratios to reading the same files' bytes in the same run.

    python benchmarks/report_scale.py [--drafts 10000] [--small 1000] [--rounds 3]

1. N drafts of ONE CCG (the Annex B sample, each with its own contact name, so every one
   is a distinct submission that the related-form checks must consider): the case that
   was quadratic. The same run at ``--small`` drafts shows whether peak memory is flat.
2. One PDF export per real CCG (211), read back with the consistency check (page text
   against the embedded draft).

Each report runs as ``python -m proforma_app report`` in a new process; the baseline is a
new process that reads every file's bytes (``Path.read_bytes``). Peak memory is the
child's ``ru_maxrss`` from ``os.wait4``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "examples" / "annex_b_valid.json"

_READ_BYTES = (
    "import os, sys\n"
    "total = 0\n"
    "for root, _, names in os.walk(sys.argv[1]):\n"
    "    for name in names:\n"
    "        with open(os.path.join(root, name), 'rb') as f:\n"
    "            total += len(f.read())\n"
    "print(total)\n"
)


def run_measured(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        assert child.stderr is not None
        raise RuntimeError(f"{command[:4]} exited {child.returncode}: {child.stderr.read()!r}")
    return took, usage.ru_maxrss / 1024


def median_run(command: list[str], rounds: int) -> tuple[float, float]:
    runs = [run_measured(command) for _ in range(rounds)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def one_ccg_drafts(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = json.loads(SAMPLE.read_text("utf-8"))
    for n in range(count):
        data["answers"]["contact_name"] = f"Officer {n:05d}"
        (folder / f"draft_{n:05d}.json").write_text(json.dumps(data), encoding="utf-8")


def pdf_exports(folder: Path) -> int:
    """One PDF per real CCG, made in another process so this one stays small (a child's
    peak RSS starts at the size of the process that started it)."""
    subprocess.run(
        [sys.executable, __file__, "--make-pdfs", str(folder)], check=True, capture_output=True
    )
    return len(list(folder.glob("*.pdf")))


def _make_pdfs(folder: Path) -> None:
    from proforma_app.export import render_export
    from proforma_app.files.storage import read_draft

    drafts = folder.parent / "drafts-for-pdf"
    subprocess.run(
        [sys.executable, str(HERE / "generate_drafts.py"), str(drafts)],
        check=True,
        capture_output=True,
    )
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(drafts.glob("*.json")):
        data, _ = render_export(read_draft(path), "pdf")
        (folder / f"{path.stem}.pdf").write_bytes(data)


def report_vs_bytes(folder: Path, rounds: int) -> dict[str, float]:
    out = folder.parent / f"{folder.name}-report.csv"
    report = [sys.executable, "-m", "proforma_app", "report", str(folder), "--out", str(out)]
    read = [sys.executable, "-c", _READ_BYTES, str(folder)]
    run_measured(report)  # warm the file cache
    report_s, report_mb = median_run(report, rounds)
    read_s, read_mb = median_run(read, rounds)
    return {
        "report_s": report_s,
        "report_mb": report_mb,
        "read_s": read_s,
        "read_mb": read_mb,
        "ratio": report_s / read_s,
    }


def _traced(folder: Path) -> None:
    """Python memory held by the finished report's rows, and its traced peak (tracemalloc)."""
    import tracemalloc

    from proforma_app.report import build_report

    build_report([SAMPLE])  # load forms and reference data before tracing
    tracemalloc.start()
    rows = build_report([folder])
    held, peak = tracemalloc.get_traced_memory()
    print(f"{len(rows)} {held / 2**20:.1f} {peak / 2**20:.1f}")


def traced(folder: Path) -> tuple[int, float, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--traced", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    count, held, peak = done.stdout.split()
    return int(count), float(held), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--make-pdfs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_pdfs:
        _make_pdfs(args.make_pdfs)
        return
    if args.traced:
        _traced(args.traced)
        return
    with tempfile.TemporaryDirectory() as work:
        results = {}
        for count in (args.small, args.drafts):
            folder = Path(work) / f"one-ccg-{count}"
            one_ccg_drafts(folder, count)
            results[count] = report_vs_bytes(folder, args.rounds)
            r = results[count]
            files, held, traced_peak = traced(folder)
            print(
                f"  Python memory held by the {files} rows at the end: {held:.1f} MiB "
                f"({held * 2**20 / files:.0f} B per file); traced peak {traced_peak:.1f} MiB"
            )
            print(
                f"  report over {count} drafts of one CCG: {r['report_s']:.2f} s, peak "
                f"{r['report_mb']:.0f} MiB; reading their bytes {r['read_s']:.3f} s; "
                f"ratio {r['ratio']:.1f}x"
            )
        small, large = results[args.small], results[args.drafts]
        print(
            f"  peak memory {args.small} -> {args.drafts} drafts: {small['report_mb']:.0f} -> "
            f"{large['report_mb']:.0f} MiB (growth {large['report_mb'] / small['report_mb']:.2f}x "
            f"for {args.drafts / args.small:.0f}x the files)"
        )
        pdfs = Path(work) / "pdf"
        count = pdf_exports(pdfs)
        r = report_vs_bytes(pdfs, args.rounds)
        print(
            f"  report over {count} PDF exports: {r['report_s']:.2f} s, peak {r['report_mb']:.0f} MiB; "
            f"reading their bytes {r['read_s']:.3f} s; ratio {r['ratio']:.1f}x"
        )


if __name__ == "__main__":
    main()
