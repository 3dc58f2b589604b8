#!/usr/bin/env bash
# Installs or finds everything the test suites need beyond `npm ci`, and fails loudly when it cannot:
# a missing prerequisite must be a red CI run, never a silently skipped suite.
set -euo pipefail

APT_PACKAGES=(pacemaker corosync pacemaker-cli-utils resource-agents libxml2-utils iproute2 curl util-linux
  # The agent packages (npm run package:agent) and their tests: dpkg-deb, rpmbuild, readelf; pcs (also the e2e
  # suite's: it builds every cluster with it); the arm64 executable run under qemu-user with arm64's C libraries.
  dpkg-dev rpm binutils pcs qemu-user libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "ensure-prereqs: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "ensure-prereqs: installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

need() { # need <command> <how to install>
  command -v "$1" >/dev/null 2>&1 || { echo "ensure-prereqs: '$1' not found on PATH: $2" >&2; exit 1; }
}
need moto_server "pip install 'moto[server]' (or set MOTO_SERVER to its path)"
need aws "pip install awscli (the independent client the sim tests parse responses with)"
need cfn-lint "pip install cfn-lint (lints the CloudFormation that sls package generates)"
need ocf-tester "apt-get install resource-agents"
need xmllint "apt-get install libxml2-utils"
need crm_resource "apt-get install pacemaker-cli-utils"
# Every suite runs on the Node first on PATH, which must be new enough for engines (.ci/run puts the one pinned
# in scripts/node24 there).
node scripts/node24/check.mjs
echo "ensure-prereqs: ok (moto_server, aws, cfn-lint, pacemaker, corosync, resource-agents, node $(node --version))"
