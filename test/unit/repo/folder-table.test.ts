import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isUnder, relativeImports, specifiers } from "../../support/imports.ts";
import { sourceFiles } from "../../support/sources.ts";

// README's folder table is the map a reader starts from (issue 24): every top-level folder is in it, every folder
// in it exists, and each claim it makes that a scan can check is checked here, so the map cannot drift from the
// tree as it did ("sim imports nothing of the product" while it imported core seven times).

const README = "README.md";
const CODE = /\.[cm]?[tj]s$/;

/** The rows of the table whose header starts `| folder`: folder name (without its slash) → what it holds. Pure. */
function folderTable(markdown: string): Map<string, string> {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => /^\|\s*folder\s*\|/.test(l));
  if (start < 0) throw new Error("README has no folder table (a table whose first header is 'folder')");
  const rows = new Map<string, string>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    const [, name, holds] = /^\|\s*`([^`/]+)\/`\s*\|(.*)\|\s*$/.exec(line) ?? [];
    if (!name || holds === undefined)
      throw new Error(`README folder table: a row names no \`folder/\`: ${line}`);
    rows.set(name, holds.trim());
  }
  return rows;
}

/** The repository's top-level folders that git tracks a file in, dot-folders left out. */
function trackedFolders(): string[] {
  const files = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
  const folders = files.filter((f) => f.includes("/")).map((f) => f.slice(0, f.indexOf("/")));
  return [...new Set(folders)]
    .filter((f) => !f.startsWith(".") && f !== "node_modules" && f !== "dist")
    .sort();
}

/** Every import of the code under `folder` that reaches one of `forbidden` (folders) or names a `packages` prefix. */
function offenders(folder: string, forbidden: readonly string[], packages: readonly string[] = []): string[] {
  return sourceFiles(folder, CODE).flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const reached = relativeImports(file, text).filter((t) => forbidden.some((f) => isUnder(t, f)));
    const named = specifiers(text).filter((s) => packages.some((p) => s === p || s.startsWith(p)));
    return [...reached, ...named].map((target) => `${file} → ${target}`);
  });
}

/** The agents' rooms: agent/'s subfolders, the shared OCF kit (agent/ocf) apart. */
function agentRooms(): string[] {
  return readdirSync("agent")
    .filter((name) => statSync(join("agent", name)).isDirectory() && name !== "ocf")
    .sort();
}

/**
 * The claims the table makes that a scan can check: the row of `folder` must say `says`, and `check` must find
 * no offender. A claim the table stops making must leave this list with it, and one it starts making can join.
 */
const CLAIMS: readonly { folder: string; says: string; check: () => string[] }[] = [
  {
    folder: "sim",
    says: "it imports nothing of the product",
    check: () => offenders("sim", ["core", "agent", "functions", "cli"]),
  },
  {
    folder: "core",
    says: "it imports nothing of the agents, the Lambda or the CLI",
    check: () =>
      offenders(
        "core",
        ["agent", "functions", "cli", "sim"],
        ["@middy/", "@aws-lambda-powertools/", "aws-lambda", "@aws-sdk/client-lambda"],
      ),
  },
  {
    folder: "agent",
    says: "neither agent imports the other's files",
    // Each agent's room (agent/eip, agent/route, …) reaches no other agent's room; the kit (agent/ocf) reaches
    // none. Before agent/ has rooms for both agents there is no pair to check, and the list is empty.
    check: () => {
      const rooms = agentRooms();
      return [
        ...rooms.flatMap((room) =>
          offenders(
            join("agent", room),
            rooms.filter((r) => r !== room).map((r) => `agent/${r}`),
          ),
        ),
        ...offenders(
          "agent/ocf",
          rooms.map((r) => `agent/${r}`),
        ),
      ];
    },
  },
];

describe("README's folder table", () => {
  const table = folderTable(readFileSync(README, "utf8"));

  it("lists every top-level folder git tracks a file in", () => {
    const folders = trackedFolders();
    expect(folders.length).toBeGreaterThan(5);
    expect(folders.filter((f) => !table.has(f))).toEqual([]);
  });

  it("lists only folders that exist", () => {
    expect([...table.keys()].filter((f) => !existsSync(f) || !statSync(f).isDirectory())).toEqual([]);
  });

  it.each(CLAIMS.map((c) => [c.folder, c.says, c] as const))(
    "%s: '%s' is said and true",
    (folder, says, c) => {
      expect(table.get(folder)).toContain(says);
      expect(c.check()).toEqual([]);
    },
  );

  it("names every command of cli/ (each has a folder with its command.ts)", () => {
    const commands = readdirSync("cli").filter((d) => existsSync(join("cli", d, "command.ts")));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) expect(table.get("cli")).toContain(`\`${command}\``);
  });

  it.each(["agent", "functions"])("names every room of %s/ (each subfolder, as `…name/`)", (folder) => {
    const rooms = readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory());
    expect(rooms.length).toBeGreaterThan(0);
    expect(rooms.filter((room) => !table.get(folder)?.includes(`${room}/\``))).toEqual([]);
  });

  it("says what deploys functions/: serverless.yml's handlers are there", () => {
    expect(table.get("functions")).toContain("`serverless.yml` deploys it");
    expect(readFileSync("serverless.yml", "utf8")).toMatch(/^\s*handler: functions\//m);
  });

  it("the agents' room check sees an import across rooms", () => {
    // Prepare: what an agent/route file reaching into agent/eip looks like to the scanner.
    const text = 'import { parseConfig } from "../eip/config.ts";\nimport { x } from "../ocf/dispatch.ts";';
    // Act
    const reached = relativeImports("agent/route/run.ts", text);
    // Assess
    expect(reached.filter((t) => isUnder(t, "agent/eip"))).toEqual(["agent/eip/config.ts"]);
    expect(reached.filter((t) => isUnder(t, "agent/ocf"))).toEqual(["agent/ocf/dispatch.ts"]);
  });

  it.each([
    ["| what | x |\n| --- | --- |\n", "README has no folder table"],
    ["| folder | what |\n| --- | --- |\n| core | x |\n", "a row names no `folder/`"],
  ])("refuses a table it cannot read (%#)", (markdown, message) => {
    expect(() => folderTable(markdown)).toThrow(message);
  });

  it("reads a table's rows", () => {
    const rows = folderTable(
      "| folder | what |\n| --- | --- |\n| `core/` | the logic |\n| `sim/` | a region |\n\nafter",
    );
    expect([...rows]).toEqual([
      ["core", "the logic"],
      ["sim", "a region"],
    ]);
  });
});
