#!/usr/bin/env bash
# Per-node state directories, the shared authkey, corosync.conf (token 1000) and a pre-seeded CIB.
# Usage: node-setup.sh BASE_DIR
set -euo pipefail
B=$1
mkdir -p "$B"
[ -f "$B/authkey" ] || dd if=/dev/urandom of="$B/authkey" bs=256 count=1 status=none
for n in A B; do
  N=$B/node$n
  rm -rf "$N"
  mkdir -p "$N"/etc-corosync "$N"/var-lib-corosync "$N"/var-log-corosync "$N"/var-log-pacemaker \
           "$N"/var-lib-pacemaker/{cib,pengine,blackbox,cores,bundles}
  chown -R hacluster:haclient "$N"/var-lib-pacemaker "$N"/var-log-pacemaker
  chmod 750 "$N"/var-lib-pacemaker/{cib,pengine,blackbox,cores}
  install -m 400 "$B/authkey" "$N/etc-corosync/authkey"
  cibadmin --empty > "$N/var-lib-pacemaker/cib/cib.xml"
  CIB_file="$N/var-lib-pacemaker/cib/cib.xml" crm_attribute -t crm_config -n dc-deadtime -v 2s
  CIB_file="$N/var-lib-pacemaker/cib/cib.xml" crm_attribute -t crm_config -n stonith-enabled -v false
  CIB_file="$N/var-lib-pacemaker/cib/cib.xml" crm_attribute -t crm_config -n no-quorum-policy -v ignore
  chown -R hacluster:haclient "$N/var-lib-pacemaker/cib"; chmod 600 "$N"/var-lib-pacemaker/cib/cib.xml*
  cat > "$N/etc-corosync/corosync.conf" <<CONF
totem {
    version: 2
    cluster_name: eipfailover
    transport: knet
    crypto_cipher: aes256
    crypto_hash: sha256
    keyfile: /etc/corosync/authkey
    token: 1000
}
logging {
    to_stderr: no
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    to_syslog: no
    timestamp: on
}
quorum {
    provider: corosync_votequorum
    two_node: 1
}
nodelist {
    node {
        name: nodeA
        nodeid: 1
        ring0_addr: 198.51.100.1
    }
    node {
        name: nodeB
        nodeid: 2
        ring0_addr: 198.51.100.2
    }
}
CONF
done
