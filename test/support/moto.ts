import type { EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { simEc2 } from "../../sim/clients.ts";
import { type Moto, startMoto } from "../../sim/moto.ts";
import { leaseMoto } from "../../sim/moto-pool.ts";
import { buildClassicTopology, type Topology } from "../../sim/topology.ts";

/** A moto of this test file's own, reset to a fresh classic topology before each test. */
export interface MotoFixture {
  readonly moto: Moto;
  readonly ec2: EC2Client;
  readonly topology: Topology;
}

/**
 * Starts one moto_server for the calling test file (files run in parallel, each with its own region) and
 * rebuilds the classic topology before every test. Read the fixture inside tests, not at collection time.
 */
export function useMoto(options: { topology?: boolean } = {}): MotoFixture {
  const state: { moto?: Moto; ec2?: EC2Client; topology?: Topology } = {};
  beforeAll(async () => {
    state.moto = (await leaseMoto()) ?? (await startMoto());
    // What these tests check is core's logic against moto, not the SDK's 5 s request timeout, which moto
    // outlasts on a busy machine (it failed locate and claim with nothing wrong in them).
    state.ec2 = simEc2(state.moto.endpoint, { requestTimeoutMs: 60_000 });
  });
  beforeEach(async () => {
    await state.moto?.reset();
    if (options.topology !== false && state.ec2) state.topology = await buildClassicTopology(state.ec2);
  });
  afterAll(async () => {
    state.ec2?.destroy();
    await state.moto?.stop();
  });
  return {
    get moto() {
      if (!state.moto) throw new Error("moto not started: use the fixture inside a test");
      return state.moto;
    },
    get ec2() {
      if (!state.ec2) throw new Error("moto not started: use the fixture inside a test");
      return state.ec2;
    },
    get topology() {
      if (!state.topology) throw new Error("no topology: use the fixture inside a test");
      return state.topology;
    },
  };
}
