#!/usr/bin/env bash
# Runs the built bundle (dist/proforma-app, see build_linux.sh) the way a user would, from
# another folder, and checks what it prints: the desktop app's --smoke line for a sample
# draft, and the bundled `proforma` command line's report over every sample. Proves the
# forms, the reference data and the libraries made it into the bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bundle=$root/dist/proforma-app
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PROFORMA_HOME=$work/home QT_QPA_PLATFORM=offscreen
cd "$work"

check() {  # check WHAT EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    printf 'smoke_test.sh: %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3" >&2
    exit 1
  fi
  if [ "$(printf '%s\n' "$3" | wc -l)" -gt 1 ]; then
    echo "ok: $1 ($(printf '%s\n' "$3" | wc -l) lines)"
  else
    echo "ok: $1: $3"
  fi
}

if [ -x "$root/.venv/bin/python" ]; then python=$root/.venv/bin/python; else python=python3; fi

expected_smoke() {  # what the installed (not bundled) core says about a draft
  "$python" -c '
import sys
from pathlib import Path
from proforma_app.files.storage import read_draft
from proforma_app.core.validation import check_draft
draft = read_draft(Path(sys.argv[1]))
report = check_draft(draft)
print(f"smoke: form={draft.form_id} errors={len(report.errors)} warnings={len(report.warnings)}")
' "$1"
}

for sample in annex_b_valid annex_a_mistakes constitution_amendment_valid; do
  draft=$root/examples/$sample.json
  started=$EPOCHREALTIME
  line=$("$bundle/proforma-app" --smoke "$draft" | grep '^smoke:')
  took=$(awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $started }")
  check "proforma-app --smoke $sample.json (${took} s)" "$(expected_smoke "$draft")" "$line"
done

mkdir bundled installed
bundled=$(cd bundled && "$bundle/proforma" report "$root/examples" --out report.csv)
installed=$(cd installed && "$python" -m proforma_app report "$root/examples" --out report.csv)
check "bundled proforma report" "$installed" "$bundled"
check "bundled report.csv same as installed" "$(cat installed/report.csv)" "$(cat bundled/report.csv)"

# Exports from the bundle use its fonts and libraries; its report reads them back.
mkdir exports
"$bundle/proforma" export "$root/examples/annex_b_valid.json" \
  --pdf exports/annex_b.pdf --docx exports/annex_b.docx >/dev/null
"$bundle/proforma" export "$root/examples/constitution_amendment_valid.json" \
  --pdf exports/amendment.pdf >/dev/null
line=$(cd exports && "$bundle/proforma" report . --out report.csv)
check "bundled export, then report of the exports" \
  "3 submission(s): 3 valid, 0 with errors, 0 unreadable; report written to report.csv" "$line"
if command -v pdftotext >/dev/null; then
  text=$(pdftotext exports/annex_b.pdf - | tr -s ' \n' ' ')
  case $text in
    *"Siân Llewellyn-Hughes"*"Margaret Ó Briain"*) echo "ok: bundled PDF has the answers, Welsh and Irish names intact" ;;
    *) echo "smoke_test.sh: the bundled PDF export lacks the sample's names" >&2; exit 1 ;;
  esac
fi

echo "Bundle smoke test passed ($(du -sm "$bundle" | cut -f1) MB)"
