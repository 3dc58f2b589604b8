/**
 * moto reports every running instance's status checks as ok. EC2 reports "impaired" when an instance stops
 * answering its reachability check while it keeps running, which is exactly when the StatusCheckFailed alarm
 * fires, and dates it (`ImpairedSince`). The proxy rewrites moto's DescribeInstanceStatus answer for the
 * instances a test or the drill marked impaired (id → since when, epoch ms), so the controller sees what it
 * would see on AWS.
 */
export function impairStatuses(xml: string, impaired: ReadonlyMap<string, number>): string {
  // One <item> per instance: its instanceId, then its state and the two status blocks.
  return xml.replace(
    /<instanceId>([^<]+)<\/instanceId>(.*?)(?=<instanceId>|<\/instanceStatusSet>)/gs,
    (item, id: string, rest: string) => {
      const since = impaired.get(id);
      if (since === undefined || !rest.includes("<name>running</name>")) return item;
      const failed = `<status>failed</status><impairedSince>${new Date(since).toISOString()}</impairedSince>`;
      return `<instanceId>${id}</instanceId>${rest.replace(
        /<instanceStatus>.*?<\/instanceStatus>/s,
        (block: string) =>
          block
            .replace("<status>passed</status>", failed)
            .replace("<status>ok</status>", "<status>impaired</status>"),
      )}`;
    },
  );
}
