#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: lit regression and
# integration tests plus the GoogleTest unit tests (ninja check-fp8).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FP8_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"
set +e
FP8_BUILD_TARGETS=check-fp8 "$root/scripts/build.sh" 2>&1 | tee "$build/check-fp8.log"
status=${PIPESTATUS[0]}
set -e
# One closing line in the form CI reads: "N passed, N failed".
passed=$(grep -oE '^ +Passed *: *[0-9]+' "$build/check-fp8.log" | grep -oE '[0-9]+$' || echo 0)
failed=$(grep -oE '^ +Failed *: *[0-9]+' "$build/check-fp8.log" | grep -oE '[0-9]+$' || echo 0)
echo "check-fp8: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
