"""Start-up of this checkout against another commit of Proforma, as cold processes.

A structural change (what the window imports at start-up, say) is judged against the code
it replaces, measured in the same run on the same machine: both sides run
``proforma-app --smoke examples/annex_b_valid.json`` offscreen, interleaved round by
round (the order alternating), and the time from starting the process to the line it
prints once the window is shown and painted is taken, as ``gui_startup.py`` takes it.
On a shared machine the fastest runs, least disturbed by other work, are printed too.
The other side is the commit's ``src``, ``forms`` and ``resources`` (``git archive``) run
with this checkout's interpreter and packages.

With ``--imports`` it also lists the modules only this checkout imports before its window
is up, with their own import times (``python -X importtime``, one warm run of each side;
the instrumentation inflates every figure alike).

    python benchmarks/startup_against.py [--ref main] [--rounds 20] [--imports]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "annex_b_valid.json"


def _entry(source: Path) -> str:
    """The module that starts the app in that tree (``gui.entry`` since ADR 0007, then
    ``proforma_app.entry`` so that it can load the core before PySide6)."""
    for name in ("proforma_app.entry", "proforma_app.gui.entry"):
        if (source / (name.replace(".", "/") + ".py")).is_file():
            return name
    return "proforma_app.gui.app"


def _unpack(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src", "forms", "resources"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _usable(source: Path, env: dict[str, str]) -> float:
    """Seconds from starting the app to its smoke line (the window shown and painted)."""
    side_env = dict(env, PYTHONPATH=str(source))
    command = [sys.executable, "-m", _entry(source), "--smoke", str(DRAFT)]
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=side_env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    shown = time.perf_counter() - start
    process.stdout.read()
    if process.wait() != 0 or not line.startswith("smoke:"):
        raise SystemExit(f"{command} failed: {line!r}")
    return shown


def _import_times(source: Path, env: dict[str, str]) -> dict[str, int]:
    """Module → its own import time (µs) in one smoke run of that tree."""
    side_env = dict(env, PYTHONPATH=str(source))
    command = [sys.executable, "-X", "importtime", "-m", _entry(source), "--smoke", str(DRAFT)]
    result = subprocess.run(command, env=side_env, capture_output=True, text=True, check=True)
    times = {}
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            own, _cumulative, name = line.removeprefix("import time:").split("|")
            if own.strip().isdigit():
                times[name.strip()] = int(own)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref", default="main", help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--imports", action="store_true", help="list the extra imports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="proforma-against-") as temp:
        other = _unpack(args.ref, Path(temp) / "other")
        sides = {"this checkout": ROOT / "src", args.ref: other}
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env["PYTHONPYCACHEPREFIX"] = str(Path(temp) / "pycache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for source in sides.values():  # byte code written once, as an installed app has it
            _usable(source, env)
        times: dict[str, list[float]] = {name: [] for name in sides}
        for round_ in range(args.rounds):
            order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
            for name in order:
                times[name].append(_usable(sides[name], env))
        if args.imports:
            ours = _import_times(sides["this checkout"], env)
            theirs = _import_times(other, env)
            theirs[_entry(other)] = 0  # run as __main__ there, so never listed as an import
            extra = sorted(((t, m) for m, t in ours.items() if m not in theirs), reverse=True)
            print(f"imported at start only by this checkout ({sum(t for t, _ in extra)} µs):")
            for own, module in extra:
                print(f"  {own:>6} µs  {module}")
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"to a usable window, medians over {args.rounds} interleaved runs:")
    for name, median in medians.items():
        print(f"  {name}: {median:.0f} ms (fastest {min(times[name]) * 1000:.0f} ms)")
    ratio = medians["this checkout"] / medians[args.ref]
    fastest = min(times["this checkout"]) / min(times[args.ref])
    print(f"this checkout / {args.ref} = {ratio:.3f} (medians), {fastest:.3f} (fastest runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
