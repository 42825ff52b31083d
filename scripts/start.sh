#!/usr/bin/env bash
# Installs Proforma (see install.sh) and opens it on the sample Annex B draft.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/proforma-app "${@:-examples/annex_b_valid.json}"
