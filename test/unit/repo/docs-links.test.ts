import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

// README is the front door and docs/ holds one page per subject (issue 24): a link that leads nowhere, or a
// source file a page names that has moved, is the drift this keeps out. Run at every merge, it names each stale
// reference, so a page follows the code it describes.

const PAGES = [
  "README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
/** A repository path in backticks: a top-level folder of the product or its tests, then a file with its extension. */
const REPO_PATH =
  /`((?:core|agent|functions|cli|sim|test|bench|scripts|docs)\/[\w./-]+\.(?:[cm]?[tj]s|sh|ya?ml|json|md))`/g;
const LINK = /\]\(([^)\s]+)\)/g;

/** GitHub's anchor for a heading: lower case, only letters, digits, spaces and hyphens kept, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown page's headings (outside code blocks). Pure. */
function anchors(markdown: string): Set<string> {
  const outside = markdown.replace(/```[\s\S]*?```/g, "");
  return new Set([...outside.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? "")));
}

/** Every relative link of `page` that leads nowhere: a missing file, or a heading its target does not have. */
function deadLinks(page: string, markdown: string): string[] {
  return [...markdown.matchAll(LINK)]
    .map((m) => m[1] ?? "")
    .filter((target) => !/^[a-z]+:/.test(target))
    .filter((target) => {
      const [file, anchor] = target.split("#");
      const path = file ? normalize(join(dirname(page), file)) : page;
      if (!existsSync(path)) return true;
      return anchor !== undefined && path.endsWith(".md") && !anchors(readFileSync(path, "utf8")).has(anchor);
    })
    .map((target) => `${page} → ${target}`);
}

describe("README and docs/: links and named files", () => {
  it("has the pages the README's documentation table lists", () => {
    expect(PAGES.length).toBeGreaterThan(5);
  });

  it.each(PAGES)("%s: every relative link leads to a file, and to a heading there", (page) => {
    expect(deadLinks(page, readFileSync(page, "utf8"))).toEqual([]);
  });

  it.each(PAGES)("%s: every repository file it names exists", (page) => {
    const named = [...readFileSync(page, "utf8").matchAll(REPO_PATH)].map((m) => m[1] ?? "");
    expect(named.filter((path) => !existsSync(path))).toEqual([]);
  });

  it.each([
    [
      "## 9. A drill against the deployed stack, in dry-run",
      "9-a-drill-against-the-deployed-stack-in-dry-run",
    ],
    ["## 4. Prove each node's permissions", "4-prove-each-nodes-permissions"],
    ["## `ocf:eip-failover:eip`", "ocfeip-failovereip"],
  ])("reads the anchor of %s as GitHub does", (heading, anchor) => {
    expect([...anchors(`${heading}\n`)]).toEqual([anchor]);
  });

  it("finds a dead link and a missing heading", () => {
    // Prepare: links from a page in docs/, resolved from its folder
    const markdown =
      "[a](missing.md) [b](../README.md#no-such-heading) [c](https://example.com) [d](../README.md#architecture) [e](README.md)";
    // Act
    const dead = deadLinks("docs/x.md", markdown);
    // Assess
    expect(dead).toEqual([
      "docs/x.md → missing.md",
      "docs/x.md → ../README.md#no-such-heading",
      "docs/x.md → README.md",
    ]);
  });
});
