import type { EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { claim, deadlineIn, locate, release } from "../../../core/index.ts";
import { useMoto } from "../../support/moto.ts";

const options = () => ({ deadline: deadlineIn(10_000) });

// The loser of a partition, or a minority that lost quorum, stops an address another node has already taken.
describe("a stop whose address has moved elsewhere, against moto", () => {
  const sim = useMoto();
  const ref = () => ({ allocationId: sim.topology.eip.allocationId });
  const node = (n: "A" | "B") =>
    ({ kind: "instance", instanceId: sim.topology.nodes[n].instanceId }) as const;

  it("an observation taken before B's start releases nothing: B keeps the address", async () => {
    // Prepare: A observes itself holding the address, then B's start reassociates it (a new association id).
    const seenByA = await locate(sim.ec2, ref(), options());
    expect(seenByA.association?.instanceId).toBe(sim.topology.nodes.A.instanceId);
    await claim(sim.ec2, seenByA, node("B"), options());
    const onB = await locate(sim.ec2, ref(), options());
    // Act: A's stop acts on its stale observation.
    const result = await release(sim.ec2, seenByA, node("A"), options());
    // Assess: nothing changed; B still holds it by the same association.
    expect(result.changed).toBe(false);
    expect((await locate(sim.ec2, ref(), options())).association).toEqual(onB.association);
  });

  it("an observation taken after B's start makes no call at all", async () => {
    await claim(sim.ec2, await locate(sim.ec2, ref(), options()), node("B"), options());
    const seenByA = await locate(sim.ec2, ref(), options());
    const sent: string[] = [];
    const counting = {
      send: (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return sim.ec2.send(command as never);
      },
    } as unknown as EC2Client;
    const result = await release(counting, seenByA, node("A"), options());
    expect(result.changed).toBe(false);
    expect(sent).toEqual([]);
    expect((await locate(sim.ec2, ref(), options())).association?.instanceId).toBe(
      sim.topology.nodes.B.instanceId,
    );
  });
});
