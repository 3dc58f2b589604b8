#!/usr/bin/env bash
# Per-node state directories, the shared authkey, and each node's copy of the corosync.conf and the CIB that the
# real pcs made from docs/pacemaker.md's lines (cluster.ts `seed`: BASE_DIR/corosync.conf, BASE_DIR/cib.xml).
# Usage: node-setup.sh BASE_DIR NODES
# dc-deadtime=2s only makes a fresh test cluster elect its DC sooner; every other setting is the page's, by pcs.
set -euo pipefail
B=$1 count=$2
names=(A B C)
[ -f "$B/authkey" ] || dd if=/dev/urandom of="$B/authkey" bs=256 count=1 status=none
for i in $(seq 1 "$count"); do
  N=$B/node${names[$((i - 1))]}
  rm -rf "$N"
  mkdir -p "$N"/etc-corosync "$N"/var-lib-corosync "$N"/var-log-corosync "$N"/var-log-pacemaker \
           "$N"/var-lib-pacemaker/{cib,pengine,blackbox,cores,bundles}
  chown -R hacluster:haclient "$N"/var-lib-pacemaker "$N"/var-log-pacemaker
  chmod 750 "$N"/var-lib-pacemaker/{cib,pengine,blackbox,cores}
  # pcs writes no keyfile line: corosync reads /etc/corosync/authkey, as `pcs cluster setup` would have sent it.
  install -m 400 "$B/authkey" "$N/etc-corosync/authkey"
  install -m 644 "$B/corosync.conf" "$N/etc-corosync/corosync.conf"
  export CIB_file="$N/var-lib-pacemaker/cib/cib.xml"
  cp "$B/cib.xml" "$CIB_file"
  crm_attribute -t crm_config -n dc-deadtime -v 2s
  unset CIB_file
  chown -R hacluster:haclient "$N/var-lib-pacemaker/cib"; chmod 600 "$N"/var-lib-pacemaker/cib/cib.xml*
done
