#!/usr/bin/env bash
# The one test command (README, .ci/run): tools, build, lint, type check, every test.
set -euo pipefail
cd "$(dirname "$0")/.."

while IFS= read -r line; do export "${line?}"; done < <(bash scripts/ensure-tools.sh)

npm run build
npx eslint .
npx prettier --check .
node --test --test-concurrency=2 dist/
