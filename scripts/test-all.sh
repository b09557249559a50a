#!/usr/bin/env bash
# The one test command (README Quick start, .ci/run). It stands on its own on a fresh clone: it installs
# the packages and (as root) Debian's Chromium when they are missing, then runs lint, type check, the
# benchmark smoke run, unit tests (on SQLite, then on a throwaway PostgreSQL) and the browser tests, so
# that the output ends with the test runners' own summaries.
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
# The LDAP source's tests start their own slapd (scripts/start-test-slapd.ts): Debian's package, as root.
bash scripts/install-slapd.sh

echo "== Lint (ESLint, knip) and format check (Prettier)"
npm run --silent lint
npx prettier --check --log-level warn .
echo "== Type check"
npx tsc --noEmit
echo "== Benchmark smoke run (checks the benchmark still works; the figures come from npm run bench)"
npm run --silent bench:smoke
npm run --silent bench:push -- --smoke
echo "== Unit tests (lib/) on SQLite"
npx vitest run
echo "== Unit tests (lib/) on PostgreSQL (a throwaway cluster, stopped afterwards)"
# The cluster is this run's own: initdb and pg_ctl into a temporary folder on a free loopback port (as the
# postgres user when root; Debian's postgresql is installed when missing). Each test file gets a database.
PG_DIR="$(mktemp -d -t provisio-test-pg-XXXXXX)"
trap 'npx tsx scripts/postgres-cluster.ts stop "$PG_DIR"' EXIT
PROVISIO_TEST_PG_URL="$(npx tsx scripts/postgres-cluster.ts start "$PG_DIR")"
PROVISIO_TEST_DATABASE=postgres PROVISIO_TEST_PG_URL="$PROVISIO_TEST_PG_URL" npx vitest run
npx tsx scripts/postgres-cluster.ts stop "$PG_DIR"
trap - EXIT
echo "== Browser tests (Playwright, Chromium)"
npx playwright test
