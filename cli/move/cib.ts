// What the move needs from the CIB (`cibadmin --query`): the cluster's name, the operator's move and ban
// constraints already there, and each eip resource's allocation id (what the move watches in EC2).

/** The facts of the CIB the move decides and observes with. */
export interface CibFacts {
  /** The `cluster-name` property (corosync's cluster_name, which `pcs cluster setup NAME` sets); undefined: none. */
  readonly clusterName: string | undefined;
  /** Ids of the `cli-prefer-…`/`cli-ban-…` location constraints (crm_resource --move/--ban, pcs resource move). */
  readonly cliConstraints: readonly { readonly id: string; readonly rsc: string }[];
  /** allocation_id of every primitive that has one, by primitive id. */
  readonly allocationIds: Readonly<Record<string, string>>;
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * Reads the CIB's XML. Pure.
 *
 * @example
 * parseCib(`<cib><configuration><crm_config><nvpair id="x" name="cluster-name" value="web"/>…`).clusterName // "web"
 */
export function parseCib(xml: string): CibFacts {
  const config = /<crm_config>([\s\S]*?)<\/crm_config>/.exec(xml)?.[1] ?? "";
  const nameTag = [...config.matchAll(/<nvpair [^>]*>/g)].find((m) => attr(m[0], "name") === "cluster-name");
  const cliConstraints = [...xml.matchAll(/<rsc_location [^>]*>/g)]
    .map((m) => ({ id: attr(m[0], "id") ?? "", rsc: attr(m[0], "rsc") ?? "" }))
    .filter((c) => c.id.startsWith("cli-"));
  const allocationIds: Record<string, string> = {};
  for (const [, tag, body] of xml.matchAll(/<primitive ([^>]*)>([\s\S]*?)<\/primitive>/g)) {
    const id = attr(tag ?? "", "id");
    const pair = [...(body ?? "").matchAll(/<nvpair [^>]*>/g)].find(
      (m) => attr(m[0], "name") === "allocation_id",
    );
    const value = pair && attr(pair[0], "value");
    if (id && value) allocationIds[id] = value;
  }
  return { clusterName: nameTag && attr(nameTag[0], "value"), cliConstraints, allocationIds };
}
