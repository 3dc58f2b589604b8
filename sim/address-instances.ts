import type { IncomingHttpHeaders } from "node:http";
import { askMoto, itemsOf } from "./query-xml.ts";

// moto leaves an Elastic IP's InstanceId empty when it was associated by network interface; EC2 answers with the
// instance that interface is attached to. The proxy fills it in, so actors see what they would see on AWS.

const EMPTY_INSTANCE = /<instanceId\/>|<instanceId><\/instanceId>/;
const ENI = /<networkInterfaceId>(eni-[0-9a-f]+)<\/networkInterfaceId>/;

/** The interfaces of a DescribeAddresses answer's addresses that name an interface but no instance. */
export function interfacesWithoutInstance(xml: string): string[] {
  return itemsOf(xml, "addressesSet").flatMap(({ text }) => {
    const eni = ENI.exec(text)?.[1];
    return eni && EMPTY_INSTANCE.test(text) ? [eni] : [];
  });
}

/** Interface id → the instance it is attached to, from a DescribeNetworkInterfaces answer. */
export function attachedInstances(xml: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const { text } of itemsOf(xml, "networkInterfaceSet")) {
    // The item's own id comes first: its association and attachment blocks name no interface.
    const eni = ENI.exec(text)?.[1];
    const instance = /<attachment>.*?<instanceId>(i-[0-9a-f]+)<\/instanceId>.*?<\/attachment>/s.exec(
      text,
    )?.[1];
    if (eni && instance) owners.set(eni, instance);
  }
  return owners;
}

/**
 * A DescribeAddresses answer with each address associated by interface naming the instance that interface is
 * attached to (`owners`), as EC2 does. Addresses with an instance, or with no association, are left as they are.
 */
export function fillAddressInstances(xml: string, owners: ReadonlyMap<string, string>): string {
  let out = "";
  let at = 0;
  for (const { start, text } of itemsOf(xml, "addressesSet")) {
    const instance = owners.get(ENI.exec(text)?.[1] ?? "");
    if (!instance || !EMPTY_INSTANCE.test(text)) continue;
    out += xml.slice(at, start) + text.replace(EMPTY_INSTANCE, `<instanceId>${instance}</instanceId>`);
    at = start + text.length;
  }
  return out + xml.slice(at);
}

/**
 * A DescribeAddresses answer from moto as EC2 would give it: where an address names an interface but no
 * instance, moto at `target` is asked (with the caller's headers, so in its Region; no actor made that call, so
 * it is not logged) which instance each such interface is attached to.
 */
export async function addressInstances(
  xml: string,
  target: URL,
  headers: IncomingHttpHeaders,
): Promise<string> {
  const enis = interfacesWithoutInstance(xml);
  if (enis.length === 0) return xml;
  const query = enis.map((id, i) => `NetworkInterfaceId.${i + 1}=${id}`).join("&");
  const answer = await askMoto(
    target,
    headers,
    `Action=DescribeNetworkInterfaces&${query}&Version=2016-11-15`,
  );
  return fillAddressInstances(xml, attachedInstances(answer));
}
