#!/usr/bin/env bash
# A CA and a server certificate it signed for NAME, made with openssl in DIR: ca.pem (the CA, readable by all, to
# trust), ca.key, ec2.key and ec2.pem (the server's). For tests that put TLS in front of the sim's EC2: the e2e
# suite's fence_aws (test/e2e/cluster/ec2-name.sh) and the probe over https (test/integration/agent/https-probe.test.ts).
# Usage: tls-certificate.sh DIR NAME
set -euo pipefail
T=$1 name=$2
mkdir -p "$T"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=eip-failover test CA" \
  -keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=$name" -keyout "$T/ec2.key" -out "$T/ec2.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$name" > "$T/ext.cnf"
openssl x509 -req -in "$T/ec2.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -days 2 \
  -extfile "$T/ext.cnf" -out "$T/ec2.pem" 2>/dev/null
chmod 644 "$T/ca.pem"
