import { afterAll, beforeAll, beforeEach } from "vitest";
import type { ThrottleMode } from "../../sim/proxy.ts";
import { type Region, startRegion } from "../../sim/region.ts";

/**
 * One sim region (moto + proxy + IMDS) for the calling test file, reset to the classic topology per test.
 * `resetEach: false` leaves resetting to the file (region.reset() where a group of tests needs a fresh world):
 * for tests that each assert they changed nothing, where a reset per test (a new topology in moto) costs more
 * than the test.
 */
export function useRegion(options: { throttling?: ThrottleMode; resetEach?: boolean } = {}): {
  readonly region: Region;
} {
  let region: Region | undefined;
  beforeAll(async () => {
    region = await startRegion({ throttling: options.throttling });
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
