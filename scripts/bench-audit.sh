#!/bin/sh
# The audit throughput targets are judged on three runs in a row of the
# audit bench (distinct and templated exports, 1 and 2 threads, the floor
# and peak memory). Run on a quiet machine; each run's summary is kept in
# target/bench-audit-N.txt.
#   scripts/bench-audit.sh            # 1,000,000 rows, 3 runs each
#   AUDIT_BENCH_ROWS=200000 scripts/bench-audit.sh
set -eu
cd "$(dirname "$0")/.."
cargo bench --bench audit --no-run
for n in 1 2 3; do
    echo "== run $n of 3"
    cargo bench --bench audit | tee "target/bench-audit-$n.txt"
done
echo "== summaries"
for n in 1 2 3; do
    sed -n '/^summary:/,$p' "target/bench-audit-$n.txt"
done
