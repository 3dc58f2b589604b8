#!/usr/bin/env bash
# PID 1 of a node's pid/mount/uts namespace (inside its network namespace): own hostname, /etc/corosync,
# /var/lib/{corosync,pacemaker}, logs, /run and /dev/shm; then corosync and pacemakerd. pacemakerd's
# environment (AWS_* below) is what pacemaker-execd gives the agent and pacemaker-fenced gives fence_aws.
# Usage: node-inner.sh BASE_DIR A|B
set -u
B=$1 n=$2 N=$1/node$2
hostname "node$n"
mount --bind "$N/etc-corosync" /etc/corosync
mount --bind "$N/var-lib-corosync" /var/lib/corosync
mount --bind "$N/var-lib-pacemaker" /var/lib/pacemaker
mount --bind "$N/var-log-corosync" /var/log/corosync
mount --bind "$N/var-log-pacemaker" /var/log/pacemaker
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
# The agents installed from the .deb (install-package.sh), over whatever the machine has in resource.d.
mount -t overlay overlay -o "lowerdir=$B/root/usr/lib/ocf/resource.d:/usr/lib/ocf/resource.d" /usr/lib/ocf/resource.d || exit 1
# EC2's public name for fence_aws (ec2-name.sh), when this cluster runs one: its hosts file and CA.
ca=()
if [ -f "$B/hosts" ]; then
  mount --bind "$B/hosts" /etc/hosts || exit 1
  ca=(AWS_CA_BUNDLE="$B/tls/ca.pem")
fi
mkdir -p /run/crm /run/resource-agents /run/lock
chown hacluster:haclient /run/crm
chmod 1755 /run/resource-agents
corosync -f > "$N/corosync.out" 2>&1 &
for _ in $(seq 1 50); do corosync-cfgtool -s >/dev/null 2>&1 && break; sleep 0.2; done
env "${ca[@]}" AWS_ENDPOINT_URL=http://198.51.100.10:4566 AWS_REGION=ap-northeast-1 \
    AWS_ACCESS_KEY_ID="node$n" AWS_SECRET_ACCESS_KEY=testing \
    AWS_EC2_METADATA_SERVICE_ENDPOINT=http://169.254.169.254 \
    PCMK_logfile=/var/log/pacemaker/pacemaker.log pacemakerd > "$N/pacemakerd.out" 2>&1 &
trap 'exit 0' TERM
while :; do sleep 1 & wait $!; done
