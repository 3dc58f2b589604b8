// What `crm_mon --output-as=xml` says about the nodes and the resources, read into plain data so the move's
// decision (plan.ts) is a pure function of it. crm_mon's XML is flat and machine-written (Pacemaker's
// api-result schema), so its elements' attributes are read directly instead of through an XML library.

/** A cluster node as crm_mon reports it. */
export interface CrmNode {
  readonly name: string;
  readonly online: boolean;
  readonly standby: boolean;
  readonly maintenance: boolean;
  readonly pending: boolean;
  readonly unclean: boolean;
  readonly shutdown: boolean;
  /** "member", "remote" or "ping". */
  readonly type: string;
  /** Resources with a fail-count on this node (they will not run here until cleaned up). */
  readonly failed: readonly string[];
}

/** A primitive as crm_mon reports it, with the group it is in. */
export interface CrmResource {
  readonly id: string;
  /** class:provider:type, e.g. ocf:eip-failover:eip. */
  readonly agent: string;
  /** "Started", "Stopped", "Starting", "Migrating", … */
  readonly role: string;
  readonly failed: boolean;
  readonly managed: boolean;
  /** Nodes it runs on (two or more: active on several). */
  readonly on: readonly string[];
  /** Its group; undefined when it is a top-level primitive. */
  readonly group: string | undefined;
}

export interface CrmStatus {
  readonly nodes: readonly CrmNode[];
  readonly resources: readonly CrmResource[];
}

const attrs = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

/**
 * Reads crm_mon's XML. Pure.
 *
 * @throws Error when the text is not crm_mon's XML (no `<nodes>` section).
 * @example
 * parseCrmMon(execFileSync("crm_mon", ["--output-as=xml", "-1"], { encoding: "utf8" })).nodes[0]?.name // "nodeA"
 */
export function parseCrmMon(xml: string): CrmStatus {
  const nodesXml = /<nodes>([\s\S]*?)<\/nodes>/.exec(xml)?.[1];
  if (nodesXml === undefined) throw new Error("crm_mon --output-as=xml answered no <nodes> section");
  const history = /<node_history>([\s\S]*?)<\/node_history>/.exec(xml)?.[1] ?? "";
  const failedOn = new Map<string, string[]>();
  for (const [, tag, body] of history.matchAll(/<node (name="[^"]*")[^>]*>([\s\S]*?)<\/node>/g)) {
    const ids = [...(body ?? "").matchAll(/<resource_history ([^>]*)>/g)]
      .map((m) => attrs(m[1] ?? ""))
      .filter((a) => Number(a["fail-count"] ?? 0) > 0)
      .map((a) => a.id ?? "");
    failedOn.set(attrs(tag ?? "").name ?? "", ids);
  }
  const nodes = [...nodesXml.matchAll(/<node ([^>]*?)\/?>/g)].map((m) => {
    const a = attrs(m[1] ?? "");
    const name = a.name ?? "";
    return {
      name,
      online: a.online === "true",
      standby: a.standby === "true" || a.standby_onfail === "true",
      maintenance: a.maintenance === "true",
      pending: a.pending === "true",
      unclean: a.unclean === "true",
      shutdown: a.shutdown === "true",
      type: a.type ?? "member",
      failed: failedOn.get(name) ?? [],
    };
  });
  const resourcesXml = /<resources>([\s\S]*?)<\/resources>/.exec(xml)?.[1] ?? "";
  const resources: CrmResource[] = [];
  let group: string | undefined;
  // One pass over the opening and closing tags: a <resource> between <group> and </group> is that group's.
  for (const m of resourcesXml.matchAll(/<(\/?)(group|resource|clone|bundle)\b([^>]*?)(\/?)>/g)) {
    const [, closing, kind, rest] = m;
    if (kind === "group") group = closing ? undefined : attrs(rest ?? "").id;
    if (kind !== "resource" || closing) continue;
    const a = attrs(rest ?? "");
    const body = m[4] ? "" : resourcesXml.slice((m.index ?? 0) + m[0].length).split("</resource>")[0];
    resources.push({
      id: a.id ?? "",
      agent: a.resource_agent ?? "",
      role: a.role ?? "",
      failed: a.failed === "true",
      managed: a.managed !== "false",
      on: [...(body ?? "").matchAll(/<node name="([^"]*)"/g)].map((n) => n[1] ?? ""),
      group,
    });
  }
  return { nodes, resources };
}
