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
exec node bin/rapport.js serve "$@"
