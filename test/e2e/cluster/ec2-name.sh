#!/usr/bin/env bash
# EC2's public name for the nodes, as fence_aws (boto3 1.26 / botocore 1.29: no AWS_ENDPOINT_URL) reaches it:
# a CA and a certificate for ec2.REGION.amazonaws.com (test/support/tls-certificate.sh), and a hosts file that
# names the AWS namespace's address for it. node-inner.sh lays BASE/hosts over each node's /etc/hosts and gives pacemakerd
# AWS_CA_BUNDLE=BASE/tls/ca.pem; ec2-tls.ts serves the certificate in the AWS namespace.
# Usage: ec2-name.sh BASE_DIR REGION
set -euo pipefail
B=$1 name=ec2.$2.amazonaws.com
bash "$(dirname "$0")/../../support/tls-certificate.sh" "$B/tls" "$name"
{
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n'
  printf '198.51.100.10\t%s\n' "$name"
} > "$B/hosts"
