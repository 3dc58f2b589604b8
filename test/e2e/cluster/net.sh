#!/usr/bin/env bash
# Network namespaces of our own: one per node (A, B[, C]) and "AWS" (moto + the sim proxy), joined by a
# bridge that lives inside the AWS namespace. Addresses exist only in these namespaces (TEST-NET-2,
# 198.51.100.0/24: node n is .n, AWS is .10); each node's loopback also carries 169.254.169.254 for its own
# IMDS. Usage: net.sh up|down RUN_ID [NODES]
set -euo pipefail
cmd=$1 id=$2 count=${3:-2}
names=(A B C)
W=eipAWS-$id
case $cmd in
up)
  ip netns add "$W"; ip -n "$W" link set lo up
  ip -n "$W" link add br0 type bridge
  ip -n "$W" addr add 198.51.100.10/24 dev br0
  ip -n "$W" link set br0 up
  for n in $(seq 1 "$count"); do
    ns=eip${names[$((n - 1))]}-$id
    ip netns add "$ns"; ip -n "$ns" link set lo up
    ip link add "v$n-$id" type veth peer name "p$n-$id"
    ip link set "v$n-$id" netns "$ns"
    ip link set "p$n-$id" netns "$W"
    ip -n "$ns" link set "v$n-$id" name eth0
    ip -n "$ns" addr add "198.51.100.$n/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" addr add 169.254.169.254/32 dev lo
    ip -n "$W" link set "p$n-$id" master br0
    ip -n "$W" link set "p$n-$id" up
  done
  ;;
down)
  for ns in eipA-$id eipB-$id eipC-$id $W; do ip netns del "$ns" 2>/dev/null || true; done
  ;;
esac
