import { afterAll, beforeAll, beforeEach } from "vitest";
import type { ThrottleMode } from "../../sim/proxy.ts";
import { type Region, startRegion } from "../../sim/region.ts";

/** One sim region (moto + proxy + IMDS) for the calling test file, reset to the classic topology per test. */
export function useRegion(options: { throttling?: ThrottleMode } = {}): { readonly region: Region } {
  let region: Region | undefined;
  beforeAll(async () => {
    region = await startRegion(options);
  });
  beforeEach(async () => {
    await region?.reset();
  });
  afterAll(async () => {
    await region?.stop();
  });
  return {
    get region() {
      if (!region) throw new Error("region not started: use it inside a test");
      return region;
    },
  };
}
