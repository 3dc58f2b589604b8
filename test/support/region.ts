import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Region, type RegionOptions, startRegion } from "../../sim/region.ts";

/**
 * One sim region (moto + proxy + IMDS) for the calling test file, reset to the classic topology per test.
 * `resetEach: false` leaves resetting to the file (region.reset() where a group of tests needs a fresh world):
 * for tests that each assert they changed nothing, where a reset per test (a new topology in moto) costs more
 * than the test.
 */
export function useRegion(options: RegionOptions & { resetEach?: boolean } = {}): {
  readonly region: Region;
} {
  let region: Region | undefined;
  beforeAll(async () => {
    const { resetEach: _resetEach, ...regionOptions } = options;
    region = await startRegion(regionOptions);
  });
  beforeEach(async () => {
    if (options.resetEach !== false) await region?.reset();
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
