#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need beyond the Rust
# toolchain, when it is missing: Chromium for the browser tests
# (tests/report_browser.rs, tests/serve_browser.rs), poppler-utils' pdftotext
# for the report's print test, man-db to render the manual pages
# (tests/cli_shell.rs) and curl for the README's API example (tests/readme.rs).
# Safe to run again: it does nothing when all are there.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v man >/dev/null 2>&1 || missing+=(man-db)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
command -v chromium pdftotext man curl
