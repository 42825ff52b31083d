#!/usr/bin/env bash
# Installs Proforma (see install.sh) and opens it: on FILE when given, else on a copy of the
# sample Annex B draft in your documents folder (so Save and Export start there, not here).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ "$#" -gt 0 ]; then
    exec .venv/bin/proforma-app "$@"
fi
sample="$(.venv/bin/python -m proforma_app.files.sample examples/annex_b_valid.json)"
exec .venv/bin/proforma-app "$sample"
