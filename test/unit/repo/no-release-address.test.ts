import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "../../support/sources.ts";

// An Elastic IP that is released is gone for good (its public IP goes back to AWS's pool). No code path of
// this project may ever do that, so no source may even name the call.
const ROOTS = ["core", "agent", "functions", "sim", "cli", "scripts", "bench"];
const FORBIDDEN = /ReleaseAddress|release-address|releaseAddress/;

describe("no code path releases an Elastic IP", () => {
  const files = [...ROOTS.flatMap((root) => sourceFiles(root)), "serverless.yml"].filter((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });

  it("scans the sources (and finds some)", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("no source names ReleaseAddress", () => {
    const offenders = files.filter((f) => FORBIDDEN.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the scanner would catch it", () => {
    expect(FORBIDDEN.test("ec2.send(new ReleaseAddressCommand({}))")).toBe(true);
    expect(FORBIDDEN.test("aws ec2 release-address --allocation-id x")).toBe(true);
  });
});

// A deleted overlay route leaves the overlay IP unreachable from every subnet that used it: the route
// operations replace or create, and no source may name the deleting call (tests may, to set a world up).
const DELETES_ROUTE = /DeleteRoute(?!Table)|delete-route(?!-table)|deleteRoute(?!Table)/;

describe("no code path deletes a route", () => {
  it("no source names DeleteRoute", () => {
    const files = ROOTS.flatMap((root) => sourceFiles(root)).filter((f) => statSync(f).isFile());
    expect(files.filter((f) => DELETES_ROUTE.test(readFileSync(f, "utf8")))).toEqual([]);
  });

  it("the scanner would catch it", () => {
    expect(DELETES_ROUTE.test("ec2.send(new DeleteRouteCommand({}))")).toBe(true);
    expect(DELETES_ROUTE.test("aws ec2 delete-route --route-table-id x")).toBe(true);
    expect(DELETES_ROUTE.test("DeleteRouteTable")).toBe(false);
  });
});
