#!/usr/bin/env bash
# Installs Proforma (see install.sh), then runs the linters and the whole test suite
# (GUI tests run offscreen; no display is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check src tests benchmarks
.venv/bin/lint-imports
.venv/bin/mypy
.venv/bin/mypy --platform win32  # the Windows branches, type-checked here too
.venv/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/ci.yml
.venv/bin/python -m pytest "$@"
