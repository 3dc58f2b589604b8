#!/usr/bin/env bash
# Installs (once) or finds the Node 22 pinned in scripts/node22/package.json, and prints its path. Used by
# ensure-prereqs.sh (the built handler's tests) and bench/mutation.ts (StrykerJS 10 needs Node >= 22).
# It lives in a folder of its own: as a dependency of the project, its `node` would come first on every npm
# script's PATH, and the agent is tested on Node 20.
set -euo pipefail
cd "$(dirname "$0")"
want="v$(node -p "require('./package.json').devDependencies.node")"
bin="$PWD/node_modules/node/bin/node"
if [[ "$("$bin" --version 2>/dev/null)" != "$want" ]]; then
  echo "node22: installing Node $want (npm package node) into scripts/node22" >&2
  npm ci --no-audit --no-fund >/dev/null
  [[ "$("$bin" --version)" == "$want" ]] || { echo "node22: $bin is not $want" >&2; exit 1; }
fi
echo "$bin"
