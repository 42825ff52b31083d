#!/usr/bin/env bash
# Installs everything Proforma needs on a fresh Debian/Ubuntu machine (or a developer's):
# the system libraries Qt needs, then a virtual environment in .venv with the app and its
# test tools. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_SYSTEM_PACKAGES=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfreetype6
  libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libwayland-cursor0
  fonts-dejavu-core poppler-utils xvfb)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${QT_SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
