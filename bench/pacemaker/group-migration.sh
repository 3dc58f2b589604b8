#!/usr/bin/env bash
# What Pacemaker's scheduler does with allow-migrate=true inside a group and beside a service, without a cluster:
# crm_simulate over a CIB of two nodes where everything runs on nodeA, then a ban from nodeA (what
# `pcs resource move` and `crm_resource --ban` add), printing the transition it plans. The agents are never run
# (Dummy stands in: the scheduler reads allow-migrate, not the agent). Usage: bash bench/pacemaker/group-migration.sh
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

prim() { # ID ALLOW_MIGRATE
  echo "<primitive id=\"$1\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"><meta_attributes id=\"$1-m\"><nvpair id=\"$1-m1\" name=\"allow-migrate\" value=\"$2\"/></meta_attributes><operations><op id=\"$1-mon\" name=\"monitor\" interval=\"10s\"/></operations></primitive>"
}

# case NAME BAN_RESOURCE XML... [-- CONSTRAINT_XML...]: boots the CIB (both nodes online, all started on nodeA:
# the first node wins ties), bans BAN_RESOURCE from nodeA, prints the scheduler's transition.
case_() {
  local name=$1 ban=$2 t=res
  shift 2
  n=$((n + 1))
  local cib=$work/$n.xml
  cibadmin --empty >"$cib"
  export CIB_file=$cib
  cibadmin -M -X '<cib have-quorum="1" dc-uuid="1"/>'
  cibadmin -C -o crm_config -X '<cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set>'
  cibadmin -C -o nodes -X '<node id="1" uname="nodeA"/>'
  cibadmin -C -o nodes -X '<node id="2" uname="nodeB"/>'
  cibadmin -M -X '<cib><configuration><rsc_defaults><meta_attributes id="rd"><nvpair id="rd1" name="resource-stickiness" value="INFINITY"/></meta_attributes></rsc_defaults></configuration></cib>'
  for x in "$@"; do
    if [ "$x" = -- ]; then t=con; continue; fi
    if [ $t = res ]; then cibadmin -C -o resources -X "$x"; else cibadmin -C -o constraints -X "$x"; fi
  done
  unset CIB_file
  crm_simulate -x "$cib" -u nodeA -u nodeB -O "$work/$n.0.xml" -S -Q >/dev/null
  crm_simulate -x "$work/$n.0.xml" -O "$work/$n.1.xml" -S -Q >/dev/null
  CIB_file=$work/$n.1.xml crm_resource --ban -r "$ban" -N nodeA >/dev/null 2>&1
  echo "### $name (crm_resource --ban -r $ban -N nodeA)"
  crm_simulate -x "$work/$n.1.xml" -S 2>&1 | sed -n '/Transition Summary/,/Revised Cluster Status/p' | grep -E '^\s+\*' | grep -v 'monitor='
  echo
}

n=0
crm_simulate --version | head -1
echo
case_ "group web = vip (migrate) + overlay (no migrate)" web "<group id=\"web\">$(prim vip true)$(prim overlay false)</group>"
case_ "group web = vip (migrate) + overlay (migrate): docs/pacemaker.md step 2" web "<group id=\"web\">$(prim vip true)$(prim overlay true)</group>"
case_ "group web = svc + vip (migrate)" web "<group id=\"web\">$(prim svc false)$(prim vip true)</group>"
case_ "group web = vip (migrate) + svc" web "<group id=\"web\">$(prim vip true)$(prim svc false)</group>"
COL='<rsc_colocation id="col" rsc="vip" with-rsc="svc" score="INFINITY"/>'
case_ "vip with svc, order svc then vip (Mandatory)" svc "$(prim svc false)" "$(prim vip true)" -- "$COL" '<rsc_order id="ord" first="svc" then="vip" kind="Mandatory"/>'
case_ "vip with svc, order svc then vip (Optional)" svc "$(prim svc false)" "$(prim vip true)" -- "$COL" '<rsc_order id="ord" first="svc" then="vip" kind="Optional"/>'
case_ "svc with vip, order vip then svc (Mandatory)" svc "$(prim svc false)" "$(prim vip true)" -- '<rsc_colocation id="col" rsc="svc" with-rsc="vip" score="INFINITY"/>' '<rsc_order id="ord" first="vip" then="svc" kind="Mandatory"/>'
