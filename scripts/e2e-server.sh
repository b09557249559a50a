#!/usr/bin/env bash
# Starts the app for the Playwright tests on a fresh data folder (PROVISIO_DATA_DIR) and port (E2E_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
# E2E_SERVER_LOG: a copy of everything the server prints, for the secret-leak test (e2e/security.spec.ts).
if [ -n "${E2E_SERVER_LOG:-}" ]; then
  : > "$E2E_SERVER_LOG"
  exec > >(tee -a "$E2E_SERVER_LOG") 2>&1
fi
rm -rf "${PROVISIO_DATA_DIR:?}"
npm run --silent db:prepare
if [ "${E2E_DEV:-}" = "1" ]; then
  exec npx next dev -p "$E2E_PORT"
fi
npx next build > /dev/null
exec npx next start -p "$E2E_PORT"
