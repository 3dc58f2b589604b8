#!/usr/bin/env bash
# EC2's public name for the nodes, as fence_aws (boto3 1.26 / botocore 1.29: no AWS_ENDPOINT_URL) reaches it:
# a CA and a certificate for ec2.REGION.amazonaws.com made here with openssl, and a hosts file that names the AWS
# namespace's address for it. node-inner.sh lays BASE/hosts over each node's /etc/hosts and gives pacemakerd
# AWS_CA_BUNDLE=BASE/tls/ca.pem; ec2-tls.ts serves the certificate in the AWS namespace.
# Usage: ec2-name.sh BASE_DIR REGION
set -euo pipefail
B=$1 region=$2 name=ec2.$2.amazonaws.com
T=$B/tls
mkdir -p "$T"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=eip-failover e2e CA" \
  -keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$T/ec2.key" -out "$T/ec2.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$name" > "$T/ext.cnf"
openssl x509 -req -in "$T/ec2.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -days 2 \
  -extfile "$T/ext.cnf" -out "$T/ec2.pem" 2>/dev/null
chmod 644 "$T/ca.pem"
{
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
  printf '198.51.100.10\t%s\n' "$name"
} > "$B/hosts"
