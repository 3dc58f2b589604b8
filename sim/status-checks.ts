/**
 * moto reports every running instance's status checks as ok. EC2 reports "impaired" when an instance stops
 * answering its reachability check while it keeps running, which is exactly when the StatusCheckFailed alarm
 * fires. The proxy rewrites moto's DescribeInstanceStatus answer for the instances a test or the drill
 * marked impaired, so the controller sees what it would see on AWS.
 */
export function impairStatuses(xml: string, impaired: ReadonlySet<string>): string {
  // One <item> per instance: its instanceId, then its state and the two status blocks.
  return xml.replace(
    /<instanceId>([^<]+)<\/instanceId>(.*?)(?=<instanceId>|<\/instanceStatusSet>)/gs,
    (item, id, rest) =>
      impaired.has(id) && rest.includes("<name>running</name>")
        ? `<instanceId>${id}</instanceId>${rest.replace(
            /<instanceStatus>.*?<\/instanceStatus>/s,
            (block: string) =>
              block
                .replace("<status>passed</status>", "<status>failed</status>")
                .replace("<status>ok</status>", "<status>impaired</status>"),
          )}`
        : item,
  );
}
