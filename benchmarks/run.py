"""All of Proforma's benchmarks in one run, each as a ratio against a baseline measured in
the same run on the same machine, so the figures mean something on any computer.

    python benchmarks/run.py [--rounds 15] [--only validation,export,report,scale,hostile,gui,floors,bundle]

Runs ``benchmarks/validation.py``, ``benchmarks/export.py``, ``benchmarks/gui_startup.py``
and ``benchmarks/floors.py`` (each also runs on its own, with more detail), times
``proforma report`` over one draft per real CCG (211, made by ``generate_drafts.py``)
against the same number of bare ``json.load`` calls, runs ``benchmarks/report_scale.py``
(10,000 drafts of one CCG and 211 PDF exports against reading their bytes; memory from
1,000 to 10,000 files) and ``benchmarks/hostile.py`` (each hostile submission at full size:
time and peak memory), and sizes the PyInstaller bundle
when ``dist/proforma-app`` exists. Prints each benchmark's own output, then one table. Not
part of the test suite: timings depend on the machine and on what else it is doing.
Record results in docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUNDLE = ROOT / "dist" / "proforma-app"
SECTIONS = ("validation", "export", "report", "scale", "hostile", "gui", "floors", "bundle")


@dataclass(frozen=True)
class Result:
    """One line of the summary table."""

    measure: str
    value: str
    baseline: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None

    def cells(self) -> list[str]:
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else ""
        verdict = {True: "yes", False: "NO", None: ""}[self.met]
        return [self.measure, self.value, self.baseline, ratio, self.target, verdict]


def _load(name: str) -> ModuleType:
    """A sibling benchmark script as a module (benchmarks/ is a folder, not a package)."""
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _median_s(action: Callable[[], Any], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _run_script(name: str, *args: str) -> str:
    """Run a benchmark script in its own process, echo its output, return it."""
    result = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    print(result.stdout.rstrip())
    if result.returncode != 0:
        print(f"[{name}.py exited with {result.returncode}]\n{result.stderr.strip()[-2000:]}")
    return result.stdout


def _number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1)) if found else None


# ------------------------------------------------------------------ validation
def bench_validation(_: argparse.Namespace) -> list[Result]:
    rows = _load("validation").measure()
    for r in rows:
        print(
            f"  {r['draft']:40} {r['validate_us']:7.0f} µs  "
            f"(JSON round trip {r['baseline_us']:.0f} µs, {r['ratio']:.1f}×)"
        )
    worst = max(rows, key=lambda r: r["validate_us"])
    return [
        Result(
            "validate one full form (slowest sample)",
            f"{worst['validate_us'] / 1000:.2f} ms",
            f"JSON round trip {worst['baseline_us'] / 1000:.3f} ms",
            worst["ratio"],
            "< 1 ms",
            worst["validate_us"] < 1000,
        )
    ]


# ------------------------------------------------------------------ export
def bench_export(args: argparse.Namespace) -> list[Result]:
    if not (HERE / "export.py").exists():
        print("  benchmarks/export.py is not there yet: not measured")
        return [Result("PDF / DOCX export", "not measured yet")]
    output = _run_script("export", str(args.rounds))
    results = []
    for fmt, name in (("pdf", "PDF"), ("docx", "Word")):
        took = _number(rf"{fmt} +export_draft +([\d.]+) ms", output)
        layout = _number(rf"{fmt} +export_draft .*?without the file write +([\d.]+) ms", output)
        results.append(
            Result(
                f"export Annex B as {name} (in process)",
                f"{took:.0f} ms" if took is not None else "failed",
                f"without the file write {layout:.0f} ms" if layout is not None else "",
                target="≤ 150 ms",
                met=None if took is None else took <= 150,
            )
        )
    cold = _number(r"proforma export \(PDF and Word\) +(\d+) ms", output)
    imports = _number(r'python -c "import reportlab, docx" +(\d+) ms', output)
    ratio = _number(r"ratio ([\d.]+)×", output)
    results.append(
        Result(
            "proforma export, PDF and Word (new process)",
            f"{cold:.0f} ms" if cold is not None else "failed",
            f"import reportlab, docx in a new process {imports:.0f} ms" if imports else "",
            ratio,
            "≤ 3×",
            None if ratio is None else ratio <= 3,
        )
    )
    return results


# ------------------------------------------------------------------ report
_JSON_LOADS = (
    "import json, pathlib, sys\n"
    "for path in sorted(pathlib.Path(sys.argv[1]).glob('*.json')):\n"
    "    with open(path, encoding='utf-8') as handle:\n"
    "        json.load(handle)\n"
)


def bench_report(args: argparse.Namespace) -> list[Result]:
    from proforma_app.report import build_report

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "drafts"
        count = len(_load("generate_drafts").generate(folder))
        out = Path(work) / "report.csv"
        report_command = [
            sys.executable,
            "-m",
            "proforma_app",
            "report",
            str(folder),
            "--out",
            str(out),
        ]
        loads_command = [sys.executable, "-c", _JSON_LOADS, str(folder)]
        subprocess.run(report_command, check=True, capture_output=True)  # warm the caches
        cold_report = _median_s(
            lambda: subprocess.run(report_command, check=True, capture_output=True), args.rounds
        )
        cold_loads = _median_s(
            lambda: subprocess.run(loads_command, check=True, capture_output=True), args.rounds
        )
        rows = build_report([folder])
        assert len(rows) == count, (len(rows), count)
        warm_report = _median_s(lambda: build_report([folder]), args.rounds)
        files = sorted(folder.glob("*.json"))
        warm_loads = _median_s(
            lambda: [json.loads(p.read_text(encoding="utf-8")) for p in files], args.rounds
        )
    valid = sum(1 for r in rows if r.status == "yes")
    print(f"  {count} drafts, {valid} valid")
    print(
        f"  proforma report (new process): {cold_report:.3f} s; {count} json.load in a new process: {cold_loads:.3f} s"
    )
    print(
        f"  build_report in process:       {warm_report:.3f} s; {count} json.load in process:      {warm_loads:.3f} s"
    )
    return [
        Result(
            f"proforma report, {count} drafts (new process)",
            f"{cold_report:.2f} s",
            f"{count}× json.load, new process {cold_loads:.2f} s",
            cold_report / cold_loads,
            "< 3 s",
            cold_report < 3,
        ),
        Result(
            f"report, {count} drafts (in process)",
            f"{warm_report * 1000:.0f} ms",
            f"{count}× json.load {warm_loads * 1000:.1f} ms",
            warm_report / warm_loads,
        ),
    ]


# ------------------------------------------------------------------ report at scale
def bench_scale(args: argparse.Namespace) -> list[Result]:
    output = _run_script("report_scale", "--rounds", str(max(1, min(args.rounds, 3))))
    results = []
    for label, pattern in (
        ("report, 10000 drafts of one CCG (new process)", r"report over 10000 drafts of one CCG"),
        ("report, 211 PDF exports with the page-text check", r"report over 211 PDF exports"),
    ):
        took = _number(pattern + r": ([\d.]+) s", output)
        base = _number(pattern + r".*?reading their bytes ([\d.]+) s", output)
        ratio = _number(pattern + r".*?ratio ([\d.]+)x", output)
        results.append(
            Result(
                label,
                f"{took:.2f} s" if took is not None else "failed",
                f"reading the same files' bytes {base:.3f} s" if base is not None else "",
                ratio,
                "seconds, linear" if "drafts" in label else "",
                None if took is None else (took < 10 if "drafts" in label else None),
            )
        )
    small = _number(r"peak memory 1000 -> 10000 drafts: (\d+)", output)
    large = _number(r"peak memory 1000 -> 10000 drafts: \d+ -> (\d+)", output)
    results.append(
        Result(
            "report peak memory, 10000 drafts",
            f"{large:.0f} MiB" if large else "failed",
            f"1000 drafts {small:.0f} MiB" if small else "",
            large / small if large and small else None,
            "flat (one row per file)",
        )
    )
    return results


def bench_hostile(_: argparse.Namespace) -> list[Result]:
    output = _run_script("hostile")
    peaks = [float(m) for m in re.findall(r"\| ([\d.]+) MiB \|", output)]
    times = [float(m) for m in re.findall(r"\| ([\d.]+) s \|", output)]
    worst_mb = max(peaks) if peaks else None
    return [
        Result(
            f"hostile submissions ({len(peaks) - 1}), worst peak memory",
            f"{worst_mb:.0f} MiB" if worst_mb else "failed",
            f"the valid sample {peaks[0]:.0f} MiB" if peaks else "",
            worst_mb / peaks[0] if peaks else None,
            "< 300 MB",
            None if worst_mb is None else worst_mb * 1.048576 < 300,
        ),
        Result(
            "hostile submissions, slowest",
            f"{max(times):.2f} s" if times else "failed",
            f"the valid sample {times[0]:.2f} s" if times else "",
            max(times) / times[0] if times else None,
        ),
    ]


# ------------------------------------------------------------------ gui
def bench_gui(args: argparse.Namespace) -> list[Result]:
    if not (HERE / "gui_startup.py").exists():
        return [Result("cold start of proforma-app --smoke", "not measured yet")]
    output = _run_script("gui_startup", "--rounds", str(args.rounds))
    app_ms = _number(r"proforma-app --smoke: median (\d+) ms", output)
    bare_ms = _number(r"bare PySide6 window: +median (\d+) ms", output)
    ratio = _number(r"ratio: ([\d.]+)", output)
    peak = _number(r"peak RSS[^:]*: (\d+) MiB", output)
    widgets = _number(r"bare window (\d+)", output)
    with_core_ms = _number(r"the core, the form and the draft checked: (\d+) ms", output)
    with_core_ratio = _number(r"the core, the form and the draft checked: \d+ ms, ([\d.]+)", output)
    pyside_floor = r"what PySide6 builds on first use in a real window: "
    with_pyside_ms = _number(pyside_floor + r"(\d+) ms", output)
    with_pyside_ratio = _number(pyside_floor + r"\d+ ms, ([\d.]+)", output)
    usable_app_ms = _number(r"proforma-app --smoke (\d+) ms, bare PySide6 window \d+ ms", output)
    usable_bare_ms = _number(r"proforma-app --smoke \d+ ms, bare PySide6 window (\d+) ms", output)
    usable_ratio = _number(r"usable window, app / bare = ([\d.]+)", output)
    return [
        Result(
            "start to a usable window (shown and painted)",
            f"{usable_app_ms:.0f} ms" if usable_app_ms else "failed",
            f"bare PySide6 window shown {usable_bare_ms:.0f} ms" if usable_bare_ms else "",
            usable_ratio,
            "≤ 1.75×",
            None if usable_ratio is None else usable_ratio <= 1.75,
        ),
        Result(
            "cold start to exit, proforma-app --smoke",
            f"{app_ms:.0f} ms" if app_ms else "failed",
            f"bare PySide6 window ({widgets or '?':.0f} widgets) {bare_ms:.0f} ms"
            if bare_ms
            else "",
            ratio,
            "≤ 1.5×",
            None if ratio is None else ratio <= 1.5,
        ),
        Result(
            "floor: bare window after loading the core and checking the draft",
            f"{with_core_ms:.0f} ms" if with_core_ms else "failed",
            f"bare PySide6 window shown {usable_bare_ms:.0f} ms" if usable_bare_ms else "",
            with_core_ratio,
        ),
        Result(
            "floor: that, and PySide6's first-use costs (Qt namespace, widget classes)",
            f"{with_pyside_ms:.0f} ms" if with_pyside_ms else "failed",
            f"bare PySide6 window shown {usable_bare_ms:.0f} ms" if usable_bare_ms else "",
            with_pyside_ratio,
        ),
        Result(
            "peak RSS of the GUI process",
            f"{peak:.0f} MiB" if peak else "failed",
            target="< 200 MB",
            met=None if peak is None else peak * 1.048576 < 200,
        ),
    ]


# ------------------------------------------------------------------ floors
def bench_floors(args: argparse.Namespace) -> list[Result]:
    output = _run_script("floors", "--rounds", str(args.rounds))
    rows = (
        (
            "floor: pydantic imported before the bare window",
            "pydantic, then the bare window",
            "bare window",
            "window ≤ 1.5×",
        ),
        (
            "floor: pydantic and the form meta-model before the bare window",
            "pydantic and the meta-model, then the bare window",
            "bare window",
            "window ≤ 1.5×",
        ),
        (
            "floor: import reportlab.platypus, docx, pydantic, the meta-model",
            "the same and the meta-model",
            "import reportlab, docx",
            "export ≤ 3×",
        ),
    )
    results = []
    for measure, name, baseline, target in rows:
        took = _number(rf"(?m)^ +{re.escape(name)} +(\d+) ms", output)
        base = _number(rf"(?m)^ +{re.escape(baseline)} +(\d+) ms", output)
        ratio = took / base if took and base else None
        results.append(
            Result(
                measure,
                f"{took:.0f} ms" if took else "failed",
                f"{baseline} {base:.0f} ms" if base else "",
                ratio,
                f"(the {target})",
            )
        )
    return results


# ------------------------------------------------------------------ bundle
def bench_bundle(args: argparse.Namespace) -> list[Result]:
    app = BUNDLE / ("proforma-app.exe" if os.name == "nt" else "proforma-app")
    if not app.exists():
        print("  no bundle in dist/proforma-app (bash packaging/build_linux.sh): not measured")
        return [Result("PyInstaller bundle", "not built")]
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    draft = str(ROOT / "examples" / "annex_b_valid.json")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [str(app), "--smoke", draft]
    subprocess.run(command, check=True, capture_output=True, env=env)
    started = _median_s(
        lambda: subprocess.run(command, check=True, capture_output=True, env=env), args.rounds
    )
    files = sum(1 for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    print(
        f"  {BUNDLE}: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB), {files} files; "
        f"--smoke from the bundle {started * 1000:.0f} ms"
    )
    return [
        Result(
            f"bundle size ({platform.system()})",
            f"{size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)",
            target="< 150 MB",
            met=size / 1e6 < 150,
        ),
        Result("cold start, bundled --smoke", f"{started * 1000:.0f} ms"),
    ]


BENCHMARKS: dict[str, Callable[[argparse.Namespace], list[Result]]] = {
    "validation": bench_validation,
    "export": bench_export,
    "report": bench_report,
    "gui": bench_gui,
    "scale": bench_scale,
    "hostile": bench_hostile,
    "floors": bench_floors,
    "bundle": bench_bundle,
}


def _table(results: list[Result]) -> str:
    header = ["measure", "value", "baseline (same run)", "ratio", "target", "met"]
    rows = [header, *(r.cells() for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="cold runs per measure")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated: {', '.join(SECTIONS)}"
    )
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as home:
        os.environ["PROFORMA_HOME"] = home  # nothing the benchmarks save lands in a profile
        results: list[Result] = []
        for name in chosen:
            print(f"== {name}")
            results.extend(BENCHMARKS[name](args))
    cpu = platform.processor() or platform.machine()
    print(
        f"\n== summary: Python {platform.python_version()}, {platform.system()}, {cpu}, {os.cpu_count()} CPUs"
    )
    print(_table(results))
    return 1 if any(r.met is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
