#!/usr/bin/env bash
# Builds the one-folder bundle from packaging/proforma.spec on Linux (what CI runs; the
# Windows build uses the same spec, see packaging/README.md). Output: dist/proforma-app/.
# Uses the project's .venv when there is one (scripts/install.sh makes it), else python3.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON="${PYTHON:-python3}"; fi

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/proforma.spec

bundle=dist/proforma-app
for exe in proforma-app proforma; do
  [ -x "$bundle/$exe" ] || { echo "build_linux.sh: $bundle/$exe was not built" >&2; exit 1; }
done
size_mb=$(du -sm "$bundle" | cut -f1)
echo "Bundle: $bundle, ${size_mb} MB, $(find "$bundle" -type f | wc -l) files"
