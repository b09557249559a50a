#!/usr/bin/env bash
# The one test command (README Quick start, .ci/run): type check, unit tests, then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  bash scripts/install-chromium.sh
fi

echo "== Type check"
npx tsc --noEmit
echo "== Unit tests (lib/)"
npx vitest run
echo "== Browser tests (Playwright, Chromium)"
npx playwright test
echo "== Benchmark smoke run (checks the benchmark still works; figures come from npm run bench)"
npm run --silent bench:smoke
