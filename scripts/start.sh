#!/usr/bin/env bash
# `npm start`: installs dependencies and builds the web app when needed, then serves Rapport.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -f web/dist/index.html ] || [ -n "$(find web/src web/index.html web/vite.config.ts -newer web/dist/index.html -print -quit)" ]; then
  npx vite build --config web/vite.config.ts --logLevel warn
fi
# A larger young generation: bulk ingest allocates fast and short-lived; the default spends a third of its time in GC.
exec node --max-semi-space-size=64 bin/rapport.js serve "$@"
