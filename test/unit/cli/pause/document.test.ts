import { describe, expect, it } from "vitest";
import { parsePauseArgs } from "../../../../cli/pause/args.ts";
import { confirmation } from "../../../../cli/pause/command.ts";
import { editPause } from "../../../../cli/pause/document.ts";
import { pausedLines } from "../../../../cli/paused.ts";

const PARAM = "/eip-failover/clusters/web";
const SINCE = "2026-12-06T15:00:00.000Z";
const doc = {
  name: "web",
  addresses: [{ allocationId: "eipalloc-0123456789abcdef0" }],
  members: [{ instanceId: "i-0aaaaaaaaaaaaaaa1" }, { instanceId: "i-0bbbbbbbbbbbbbbb1" }],
  fencing: "stop",
  graceSeconds: 10,
};

describe("editPause: the cluster document with its pause set or removed (pure)", () => {
  it("pause adds the field and keeps every other field and the one-line layout", () => {
    // Act
    const edit = editPause(PARAM, JSON.stringify(doc), { since: SINCE, reason: "kernel" });
    // Assess
    expect(edit.kind).toBe("write");
    if (edit.kind !== "write") return;
    expect(JSON.parse(edit.text)).toEqual({ ...doc, paused: { since: SINCE, reason: "kernel" } });
    expect(edit.text).not.toContain("\n");
    expect(edit.cluster.paused).toEqual({ since: SINCE, reason: "kernel" });
  });

  it("resume removes it, and an indented document stays indented", () => {
    const text = JSON.stringify({ ...doc, paused: { since: SINCE } }, null, 4);
    const edit = editPause(PARAM, text, undefined);
    expect(edit.kind === "write" && JSON.parse(edit.text)).toEqual(doc);
    expect(edit.kind === "write" && edit.text).toContain('\n  "name": "web"');
  });

  it.each([
    [
      "pause of a paused cluster",
      { ...doc, paused: { since: SINCE } },
      { since: "2026-12-06T16:00:00.000Z" },
    ],
    ["resume of a cluster that is not paused", doc, undefined],
  ])("%s: nothing to write", (_, before, pause) => {
    expect(editPause(PARAM, JSON.stringify(before), pause).kind).toBe("already");
  });

  it("an invalid document is not rewritten: one reason naming the field", () => {
    const edit = editPause(PARAM, JSON.stringify({ ...doc, fencing: "reboot-please" }), { since: SINCE });
    expect(edit).toEqual({
      kind: "invalid",
      why: expect.stringMatching(
        /^its document \/eip-failover\/clusters\/web is invalid \(fencing: .*\); correct it first$/,
      ),
    });
  });
});

describe("pause's words (pure)", () => {
  it("status and doctor's first lines: one per paused cluster, none for the others", () => {
    expect(
      pausedLines([{ name: "web", paused: { since: SINCE, reason: "kernel" } }, { name: "db" }]),
    ).toEqual([
      `paused: web since ${SINCE} (kernel): the controller plans its failovers and carries out none (eip-failover resume --cluster web)`,
    ]);
  });

  it("the confirmation line says what changed, where, and how to undo it", () => {
    const line = confirmation(
      { cluster: "web", parameter: PARAM, paused: { since: SINCE }, changed: true, version: 4 },
      "account 123456789012, Region ap-northeast-1, stack eip-failover-dev",
    );
    expect(line).toBe(
      `paused web (account 123456789012, Region ap-northeast-1, stack eip-failover-dev): within 30 s the controller plans its failovers and carries out none, recording each as "paused"; ${PARAM} version 4; undo with eip-failover resume --cluster web`,
    );
  });

  it.each([
    [
      ["--cluster", "web", "--reason", ""],
      true,
      "--reason is not valid (expected 1 to 256 characters, got 0)",
    ],
    [
      ["--cluster", "web", "--reason", "x".repeat(257)],
      true,
      "--reason is not valid (expected 1 to 256 characters, got 257)",
    ],
    [["--reason", "x"], true, "--cluster NAME is required (the cluster to pause or resume)"],
    [
      ["--cluster", "web", "--reason", "x"],
      false,
      "--reason applies only to pause (resume removes the pause and its reason)",
    ],
  ])("%j (pause: %s) → %s", (argv, withReason, message) => {
    expect(() => parsePauseArgs(argv, withReason)).toThrow(message);
  });
});
