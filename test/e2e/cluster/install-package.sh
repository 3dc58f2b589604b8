#!/usr/bin/env bash
# Installs the agents as an operator would, with dpkg from the .deb that `npm run package:agent` builds, into
# this cluster's own root (BASE/root); node-inner.sh lays its /usr/lib/ocf/resource.d over the machine's in each
# node's mount namespace. --force-depends: that root has no libc6 package; the executable runs on the
# machine's C libraries, as on a real node. Usage: install-package.sh BASE_DIR DEB
set -euo pipefail
B=$1 deb=$2
[[ -f $deb ]] || { echo "install-package: $deb missing: run npm run package:agent" >&2; exit 1; }
root=$B/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --install "$deb" >/dev/null
