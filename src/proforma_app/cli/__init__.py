"""The ``proforma`` command line: validate, convert and export drafts in bulk, without Qt.

Each group of subcommands lives in its own module and registers itself here, so the
parser is assembled in one place and every command shares the same exit-code contract:
0 success, 1 a draft has errors (or an export was refused), 2 a file could not be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from proforma_app import __version__
from proforma_app.cli import core_commands, export_commands, report_commands
from proforma_app.locations import paths

COMMAND_MODULES = [core_commands, export_commands, report_commands]
"""Modules with ``register(subparsers)``; each sets ``func`` on its parsers."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="proforma",
        description="Check and export NHS primary care co-commissioning submission drafts.",
    )
    parser.add_argument("--version", action="version", version=f"proforma {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``proforma`` script; returns the exit code."""
    _utf8_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    problem = paths.home_problem()
    if problem:
        print(f"proforma: {problem}; set it to a folder or unset it", file=sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("proforma: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _utf8_output() -> None:
    """Welsh names and the £ sign must print on a Windows console too."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
