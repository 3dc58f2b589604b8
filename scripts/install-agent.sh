#!/usr/bin/env bash
# Installs the built agents where Pacemaker looks for ocf:eip-failover:eip and ocf:eip-failover:route. Run after
# `npm run build`. The installed copies name this Node.js by its absolute path: pacemaker-execd's PATH may not
# reach a Node installed under /usr/local or /opt, and `#!/usr/bin/env node` would then fail with 127, which
# OCF does not define. NODE=/path/to/node overrides which Node they name. Nodes without Node.js install the
# package instead (npm run package:agent, Deploy step 5 in docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${OCF_ROOT:-/usr/lib/ocf}/resource.d/eip-failover
node=${NODE:-$(command -v node || true)}
[[ -n $node && -x $node ]] || { echo "install-agent: no node executable found (NODE='${NODE:-}'); install Node.js >= 24 or set NODE" >&2; exit 1; }
node=$(readlink -f "$node")
why=$("$node" scripts/node24/check.mjs 2>&1) || { echo "install-agent: $node: $why" >&2; exit 1; }
install -d -m 0755 "$dest"
for agent in eip route; do
  src=dist/agent/$agent
  [[ -x $src ]] || { echo "install-agent: $src missing: run npm run build first" >&2; exit 1; }
  tmp=$(mktemp "$dest/.$agent.XXXXXX")
  sed "1s|^#!/usr/bin/env node\$|#!$node|" "$src" > "$tmp"
  chmod 0755 "$tmp"
  mv -f "$tmp" "$dest/$agent"
  echo "installed $dest/$agent (ocf:eip-failover:$agent, runs $node)"
done
