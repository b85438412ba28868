#!/bin/sh
# Prints each statement of a corpus file beside its rewrite, for reading with
# the rubric (../shared/REWRITE-RUBRIC.md; issue 22). Usage:
#   scripts/rewrite-pairs.sh [corpus/real-world.jsonl ...]
# Needs jq and a release build (cargo build --release). The reference date is
# fixed so the pairs do not change from day to day.
set -eu
bin="${SMARTPLAN:-./target/release/smartplan}"
[ $# -gt 0 ] || set -- corpus/real-world.jsonl corpus/statements.jsonl
for f in "$@"; do
    # One statement a line: line breaks inside a cell become spaces.
    jq -r '.text | gsub("[\r\n]+"; " ")' "$f" > /tmp/rewrite-pairs.$$
    jq -r '.id' "$f" > /tmp/rewrite-pairs-ids.$$
    "$bin" rewrite --format json --as-of 2026-01-10 < /tmp/rewrite-pairs.$$ |
        paste -d '\t' /tmp/rewrite-pairs-ids.$$ - |
        while IFS="$(printf '\t')" read -r id json; do
            printf '%s\n' "$json" | jq -r --arg id "$id" \
                '"\($id) [\(.kind) \(.score)] \(.text)\n    -> \(.rewrite.text // "(no rewrite)")"'
        done
    rm -f /tmp/rewrite-pairs.$$ /tmp/rewrite-pairs-ids.$$
done
