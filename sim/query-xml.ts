import { type IncomingHttpHeaders, request } from "node:http";

// EC2's query protocol answers in XML whose lists are `<fooSet><item>…</item>…</fooSet>`. The proxy rewrites
// a few of moto's answers in place, item by item, so it needs only these few tools, not a parser.

/** One `<item>` of a set: where it starts and ends in the answer, and its text. */
export interface XmlItem {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The top-level `<item>`s of every set named `set` in `xml` (reservations each have an instancesSet). */
export function itemsOf(xml: string, set: string): XmlItem[] {
  const items: XmlItem[] = [];
  const close = `</${set}>`;
  const tag = new RegExp(`<(/?)item>|<item/>|${close}`, "g");
  for (let open = xml.indexOf(`<${set}>`); open >= 0; open = xml.indexOf(`<${set}>`, tag.lastIndex)) {
    tag.lastIndex = open + set.length + 2;
    let depth = 0;
    let start = -1;
    let m = tag.exec(xml);
    for (; m && !(m[0] === close && depth === 0); m = tag.exec(xml)) {
      if (m[0] === "<item/>" || m[0] === close) continue;
      if (m[1] === "") {
        if (depth++ === 0) start = m.index;
      } else if (--depth === 0) {
        const end = m.index + m[0].length;
        items.push({ start, end, text: xml.slice(start, end) });
      }
    }
    if (!m) break;
  }
  return items;
}

/** The text of `<tag>` directly in `item` (not inside one of its nested items), or undefined. */
export function ownField(item: string, tag: string): string | undefined {
  const re = new RegExp(`<(/?)item>|<${tag}>([^<]*)</${tag}>`, "g");
  let depth = 0;
  for (let m = re.exec(item); m; m = re.exec(item)) {
    if (m[2] !== undefined) {
      if (depth === 1) return m[2];
    } else depth += m[1] === "" ? 1 : -1;
  }
  return undefined;
}

/** `xml` with each span [start, end) replaced by its text; spans must not overlap. */
export function splice(xml: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let out = "";
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += xml.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + xml.slice(at);
}

/** The values of a query-protocol list parameter: `InstanceId.1`, `InstanceId.2`, … in order. */
export function listParam(params: URLSearchParams, name: string): string[] {
  const re = new RegExp(`^${name}\\.(\\d+)$`);
  return [...params.entries()]
    .flatMap(([k, v]) => {
      const n = re.exec(k)?.[1];
      return n === undefined ? [] : [{ n: Number(n), v }];
    })
    .sort((a, b) => a.n - b.n)
    .map(({ v }) => v);
}

/**
 * One query-protocol POST straight to moto at `target`, with `headers` (the caller's: its Region). No actor
 * made it, so it is neither logged nor throttled.
 */
export function askMoto(target: URL, headers: IncomingHttpHeaders, body: string): Promise<string> {
  const { "content-length": _length, ...rest } = headers;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: "POST",
        path: "/",
        headers: { ...rest, host: target.host, "content-type": "application/x-www-form-urlencoded" },
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on("data", (c: Buffer) => chunks.push(c));
        up.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        up.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
