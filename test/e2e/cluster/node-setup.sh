#!/usr/bin/env bash
# Per-node state directories, the shared authkey, corosync.conf and a pre-seeded CIB.
# Usage: node-setup.sh BASE_DIR NODES TOTEM_OPTIONS CIB_PROPERTIES
#   TOTEM_OPTIONS: "token=1000 …" (Deploy step 6's `totem` words); CIB_PROPERTIES: "k=v …" (its properties).
# dc-deadtime=2s only makes a fresh test cluster elect its DC sooner; every other setting is docs/pacemaker.md's.
set -euo pipefail
B=$1 count=$2 totem=$3 properties=$4
names=(A B C)
mkdir -p "$B"
[ -f "$B/authkey" ] || dd if=/dev/urandom of="$B/authkey" bs=256 count=1 status=none
nodelist="" two_node=""
for i in $(seq 1 "$count"); do
  nodelist+="    node {
        name: node${names[$((i - 1))]}
        nodeid: $i
        ring0_addr: 198.51.100.$i
    }
"
done
# pcs sets two_node for a two-node cluster: both sides of a partition keep quorum.
[ "$count" = 2 ] && two_node="    two_node: 1"
totem_lines=""
for kv in $totem; do totem_lines+="    ${kv%%=*}: ${kv#*=}
"; done
for i in $(seq 1 "$count"); do
  N=$B/node${names[$((i - 1))]}
  rm -rf "$N"
  mkdir -p "$N"/etc-corosync "$N"/var-lib-corosync "$N"/var-log-corosync "$N"/var-log-pacemaker \
           "$N"/var-lib-pacemaker/{cib,pengine,blackbox,cores,bundles}
  chown -R hacluster:haclient "$N"/var-lib-pacemaker "$N"/var-log-pacemaker
  chmod 750 "$N"/var-lib-pacemaker/{cib,pengine,blackbox,cores}
  install -m 400 "$B/authkey" "$N/etc-corosync/authkey"
  export CIB_file="$N/var-lib-pacemaker/cib/cib.xml"
  cibadmin --empty > "$CIB_file"
  crm_attribute -t crm_config -n dc-deadtime -v 2s
  for kv in $properties; do crm_attribute -t crm_config -n "${kv%%=*}" -v "${kv#*=}"; done
  unset CIB_file
  chown -R hacluster:haclient "$N/var-lib-pacemaker/cib"; chmod 600 "$N"/var-lib-pacemaker/cib/cib.xml*
  cat > "$N/etc-corosync/corosync.conf" <<CONF
totem {
    version: 2
    cluster_name: eipfailover
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    keyfile: /etc/corosync/authkey
${totem_lines}}
logging {
    to_stderr: no
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    to_syslog: no
    timestamp: on
}
quorum {
    provider: corosync_votequorum
${two_node}
}
nodelist {
${nodelist}}
CONF
done
