#!/usr/bin/env bash
# Installs the built agent where Pacemaker looks for ocf:eip-failover:eip. Run after `npm run build`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=dist/agent/eip
dest=${OCF_ROOT:-/usr/lib/ocf}/resource.d/eip-failover
[[ -x $src ]] || { echo "install-agent: $src missing: run npm run build first" >&2; exit 1; }
install -d -m 0755 "$dest"
install -m 0755 "$src" "$dest/eip"
echo "installed $dest/eip (ocf:eip-failover:eip)"
