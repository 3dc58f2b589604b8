#!/usr/bin/env bash
# Installs or finds everything the test suites need beyond `npm ci`, and fails loudly when it cannot:
# a missing prerequisite must be a red CI run, never a silently skipped suite.
set -euo pipefail

APT_PACKAGES=(pacemaker corosync pacemaker-cli-utils resource-agents libxml2-utils iproute2 curl util-linux)
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
# The Node that Lambda's nodejs22.x runs, for the built handler's tests (npm run test:node22). It lives in a
# folder of its own: as a dependency of the project, its `node` would come first on every npm script's PATH.
NODE22_DIR=scripts/node22
NODE22_WANT="v$(node -p "require('./$NODE22_DIR/package.json').devDependencies.node")"
if [[ "$("$NODE22_DIR/node_modules/node/bin/node" --version 2>/dev/null)" != "$NODE22_WANT" ]]; then
  echo "ensure-prereqs: installing Node $NODE22_WANT (npm package node) into $NODE22_DIR"
  npm ci --prefix "$NODE22_DIR" --no-audit --no-fund >/dev/null
  [[ "$("$NODE22_DIR/node_modules/node/bin/node" --version)" == "$NODE22_WANT" ]] ||
    { echo "ensure-prereqs: $NODE22_DIR/node_modules/node/bin/node is not $NODE22_WANT" >&2; exit 1; }
fi
echo "ensure-prereqs: ok (moto_server, aws, cfn-lint, pacemaker, corosync, resource-agents, node $NODE22_WANT)"
