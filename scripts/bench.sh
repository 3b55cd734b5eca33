#!/usr/bin/env bash
# `npm run bench`: every benchmark, on the embedded database and on a throwaway PostgreSQL server.
set -uo pipefail
cd "$(dirname "$0")/.."
# The customer page is measured in Chromium against the built console (skipped without Chromium).
npx vite build --config web/vite.config.ts --logLevel warn || exit 1
source scripts/test-postgres.sh || exit 1
trap 'declare -F stop_test_postgres >/dev/null && stop_test_postgres' EXIT
BENCH_DATABASE_URL="${TEST_DATABASE_URL:-}" node --import tsx bench/run.ts "$@"
