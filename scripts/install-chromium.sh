#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium when it is missing; the report's
# browser test (tests/report_browser.rs) needs it. Safe to run again.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium
command -v chromium
