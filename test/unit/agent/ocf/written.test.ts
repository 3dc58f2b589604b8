import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AddressWritten, isAddressWritten } from "../../../../agent/eip/own-association.ts";
import { cachePath } from "../../../../agent/ocf/environment.ts";
import { fileWritten, memoryWritten } from "../../../../agent/ocf/written.ts";
import { isRoutesWritten, type RoutesWritten } from "../../../../agent/route/own-routes.ts";

// What a start wrote, kept under HA_RSCTMP per resource instance until stop (written.ts). Files in a temp dir.

const dir = () => mkdtempSync(join(tmpdir(), "eip-written-"));
const mine: AddressWritten = { allocationId: "eipalloc-0123456789abcdef0", associationId: "eipassoc-01" };

describe("fileWritten", () => {
  it("keeps the record with its time across instances (processes), then forgets it on clear", async () => {
    // Prepare
    const path = cachePath(dir(), "vip", "written");
    // Act
    await fileWritten<AddressWritten>(path, isAddressWritten).put(mine, 1_000);
    const read = await fileWritten<AddressWritten>(path, isAddressWritten).get();
    await fileWritten<AddressWritten>(path, isAddressWritten).clear();
    // Assess
    expect(read).toEqual({ ...mine, at: 1_000 });
    expect(existsSync(path)).toBe(false);
    expect(await fileWritten<AddressWritten>(path, isAddressWritten).get()).toBeUndefined();
  });

  it("one record per resource instance", async () => {
    const tmp = dir();
    await fileWritten<AddressWritten>(cachePath(tmp, "vip", "written"), isAddressWritten).put(mine, 1);
    expect(await fileWritten(cachePath(tmp, "vip2", "written"), isAddressWritten).get()).toBeUndefined();
  });

  it.each([
    ["not JSON", "{"],
    ["no time", JSON.stringify(mine)],
    ["another agent's record", JSON.stringify({ destination: "192.168.100.10/32", at: 1 })],
    ["a wrong type", JSON.stringify({ ...mine, associationId: 7, at: 1 })],
  ])("a file holding %s is as good as none", async (_, text) => {
    const path = join(dir(), "w.json");
    writeFileSync(path, text, { mode: 0o600 });
    expect(await fileWritten(path, isAddressWritten).get()).toBeUndefined();
  });

  it("a file others could have written is not trusted", async () => {
    const path = join(dir(), "w.json");
    writeFileSync(path, JSON.stringify({ ...mine, at: 1 }), { mode: 0o600 });
    chmodSync(path, 0o666);
    expect(await fileWritten(path, isAddressWritten).get()).toBeUndefined();
  });

  it("clearing a record that is not there succeeds; an unwritable HA_RSCTMP only loses the record", async () => {
    const missing = fileWritten<AddressWritten>(join(dir(), "none", "w.json"), isAddressWritten);
    await expect(missing.clear()).resolves.toBeUndefined();
    const file = join(dir(), "a-file");
    writeFileSync(file, "");
    const unwritable = fileWritten<AddressWritten>(join(file, "w.json"), isAddressWritten);
    await expect(unwritable.put(mine, 1)).resolves.toBeUndefined();
    expect(await unwritable.get()).toBeUndefined();
  });

  it("the route agent's record: destination, tables, interface", async () => {
    const path = join(dir(), "r.json");
    const routes: RoutesWritten = {
      destination: "192.168.100.10/32",
      routeTableIds: ["rtb-0000000000000000a"],
      networkInterfaceId: "eni-0bbbbbbbbbbbbbbb1",
    };
    await fileWritten<RoutesWritten>(path, isRoutesWritten).put(routes, 5);
    expect(await fileWritten(path, isRoutesWritten).get()).toEqual({ ...routes, at: 5 });
    expect(await fileWritten(path, isAddressWritten).get()).toBeUndefined();
    writeFileSync(path, JSON.stringify({ ...routes, routeTableIds: [1], at: 5 }), { mode: 0o600 });
    expect(await fileWritten(path, isRoutesWritten).get()).toBeUndefined();
  });
});

describe("memoryWritten", () => {
  it("holds what was put until cleared", async () => {
    const written = memoryWritten<AddressWritten>();
    await written.put(mine, 3);
    expect(await written.get()).toEqual({ ...mine, at: 3 });
    await written.clear();
    expect(await written.get()).toBeUndefined();
  });
});
