import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Region, type RegionOptions, startRegion } from "../../sim/region.ts";

/** One sim region (moto + proxy + IMDS) for the calling test file, reset to the classic topology per test. */
export function useRegion(options: RegionOptions = {}): { readonly region: Region } {
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
