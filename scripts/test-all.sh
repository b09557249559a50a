#!/usr/bin/env bash
# The one test command (README Quick start, .ci/run). It stands on its own on a fresh clone: it installs
# the packages and (as root) Debian's Chromium when they are missing, then runs lint, type check, the
# benchmark smoke run, unit tests and the browser tests, so that the output ends with the test runners'
# own summaries.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# npm ci refuses our lock file: the registry mirror here lacks some other platforms' optional native
# packages (e.g. @tailwindcss/oxide-darwin-arm64 at our version), so npm leaves them out of the lock.
# npm install still installs exactly the locked versions and leaves the lock unchanged.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== Installing packages"
  npm install --no-audit --no-fund
fi
bash scripts/install-chromium.sh

echo "== Lint (ESLint, knip) and format check (Prettier)"
npm run --silent lint
npx prettier --check --log-level warn .
echo "== Type check"
npx tsc --noEmit
echo "== Benchmark smoke run (checks the benchmark still works; the figures come from npm run bench)"
npm run --silent bench:smoke
echo "== Unit tests (lib/)"
npx vitest run
echo "== Browser tests (Playwright, Chromium)"
npx playwright test
