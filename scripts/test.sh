#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts a throwaway PostgreSQL server,
# type-checks, lints, builds the web app, runs every test on both database kinds.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: install them (apt-get install ${missing[*]}); their tests will be skipped" >&2
  fi
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi

failed_steps=()
step() {
  local name=$1
  shift
  echo "== $name"
  "$@" || failed_steps+=("$name")
}

step typecheck npx tsc --noEmit -p tsconfig.json
step lint npx biome check .
# High or critical advisories in the shipped packages fail the build unless audit-allow.json acknowledges them.
mkdir -p test-output
step audit bash -c 'node --import tsx scripts/audit.ts 2>&1 | tee test-output/audit.txt; exit "${PIPESTATUS[0]}"'
audit_note=$(grep -o 'dependency audit: SKIPPED.*' test-output/audit.txt 2>/dev/null || true)
step build-web npx vite build --config web/vite.config.ts --logLevel warn

source scripts/test-postgres.sh || failed_steps+=(postgres)
trap 'declare -F stop_test_postgres >/dev/null && stop_test_postgres' EXIT

npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json "$@"
vitest_status=$?

counts=$(node -e '
  const r = JSON.parse(require("fs").readFileSync("test-output/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' 2>/dev/null || echo "0 passed, 1 failed")
[ $vitest_status -eq 0 ] || failed_steps+=(vitest)
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "Failed steps: ${failed_steps[*]}"
  case "$counts" in *" 0 failed"*) counts=$(echo "$counts" | sed 's/ 0 failed/ 1 failed/') ;; esac
fi
echo "$counts"
# A skipped audit passes, but says so again where the result is read.
[ -z "$audit_note" ] || echo "$audit_note"
[ ${#failed_steps[@]} -eq 0 ]
