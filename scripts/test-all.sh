#!/usr/bin/env bash
# The one test command (README Quick start, .ci/run): type check, benchmark smoke run, unit tests, then the
# browser tests, so that the output ends with the test runners' own summaries.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  bash scripts/install-chromium.sh
fi

echo "== Type check"
npx tsc --noEmit
echo "== Benchmark smoke run (checks the benchmark still works; the figures come from npm run bench)"
npm run --silent bench:smoke
echo "== Unit tests (lib/)"
npx vitest run
echo "== Browser tests (Playwright, Chromium)"
npx playwright test
