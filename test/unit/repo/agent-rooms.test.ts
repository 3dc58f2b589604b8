import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "../../support/sources.ts";

// agent/ is three rooms (issue 24): the OCF kit (agent/ocf) and the two agents built on it (agent/eip,
// agent/route). An agent may use the kit, never the other agent; the kit uses neither, so what both need lives
// in it once instead of being reached for in the other agent's files.
const ROOMS = ["agent/ocf", "agent/eip", "agent/route"] as const;
type Room = (typeof ROOMS)[number];
/** The rooms each room must not import from. */
const FORBIDDEN: Record<Room, readonly Room[]> = {
  "agent/ocf": ["agent/eip", "agent/route"],
  "agent/eip": ["agent/route"],
  "agent/route": ["agent/eip"],
};
/** `from "x"`, `import "x"`, `import("x")` and `require("x")`: every way a module names another. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** The room a repository path is in, if any. Pure. */
const roomOf = (path: string): Room | undefined =>
  ROOMS.find((room) => path === room || path.startsWith(`${room}/`));

/** Each of `file`'s relative imports that lands in a room `file`'s room must not import from. Pure. */
function crossings(file: string, text: string): string[] {
  const from = roomOf(file);
  if (!from) return [];
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1] ?? "")
    .filter((spec) => spec.startsWith("."))
    .map((spec) =>
      relative(".", normalize(join(dirname(file), spec)))
        .split(sep)
        .join("/"),
    )
    .filter((target) => {
      const to = roomOf(target);
      return to !== undefined && FORBIDDEN[from].includes(to);
    });
}

describe("agent/ is three rooms: ocf (the kit), eip and route", () => {
  const files = ROOMS.flatMap((room) => sourceFiles(room, /\.[cm]?[tj]s$/));

  it("scans every room (and finds files in each)", () => {
    for (const room of ROOMS)
      expect(files.filter((f) => roomOf(f.split(sep).join("/")) === room).length).toBeGreaterThan(3);
  });

  it("no agent imports the other, and the kit imports neither", () => {
    const offenders = files.flatMap((f) => {
      const file = f.split(sep).join("/");
      return crossings(file, readFileSync(f, "utf8")).map((target) => `${file} → ${target}`);
    });
    expect(offenders).toEqual([]);
  });

  it.each([
    ["agent/route/config.ts", 'import { parseConfig } from "../eip/config.ts";', ["agent/eip/config.ts"]],
    ["agent/route/x/y.ts", 'import type { A } from "../../eip/actions.ts";', ["agent/eip/actions.ts"]],
    ["agent/eip/run.ts", 'const m = await import("../route/run.ts");', ["agent/route/run.ts"]],
    ["agent/eip/run.ts", 'export { runRoute } from "../route/index.ts";', ["agent/route/index.ts"]],
    [
      "agent/ocf/dispatch.ts",
      'import { PARAMETERS } from "../eip/parameters.ts";',
      ["agent/eip/parameters.ts"],
    ],
    ["agent/ocf/dispatch.ts", 'const r = require("../route/ip.ts");', ["agent/route/ip.ts"]],
    ["agent/eip/run.ts", 'import { openAws } from "../ocf/run.ts";', []],
    ["agent/route/run.ts", 'import { deadlineIn } from "../../core/deadline.ts";', []],
    ["agent/route/run.ts", 'import { isRoutesWritten } from "./own-routes.ts";', []],
    ["agent/eip/run.ts", 'import { x } from "../eipx/y.ts";', []],
    ["agent/ocf/run.ts", 'import { EC2Client } from "@aws-sdk/client-ec2";', []],
    ["agent/index.ts", 'export * from "./route/index.ts";', []],
  ])("in %s, the scanner reads %s as crossing into %j", (file, text, expected) => {
    expect(crossings(file, text)).toEqual(expected);
  });
});
