#!/usr/bin/env bash
# `npm run bench`: every benchmark, on the embedded database and on a throwaway PostgreSQL server.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/test-postgres.sh || exit 1
trap 'declare -F stop_test_postgres >/dev/null && stop_test_postgres' EXIT
BENCH_DATABASE_URL="${TEST_DATABASE_URL:-}" node --import tsx bench/run.ts "$@"
