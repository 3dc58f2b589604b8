import { ec2Error, fakeEc2 } from "../../../support/fake-ec2.ts";
import { type FakeTime, onSelf, unassociated } from "./fixtures.ts";

type Entry = Readonly<Record<string, string>>;

/**
 * One Elastic IP behind an EC2 whose reads lag: after each change, DescribeAddresses shows the address as it
 * was before for `lagMs` on `time` (a change inside an open window extends the older picture). AssociateAddress
 * moves it to this node with a new association id; DisassociateAddress of an id that is not the live one fails
 * as EC2 does (InvalidAssociationID.NotFound). `takenBy` is another node's change.
 */
export function laggingAddress(time: FakeTime, lagMs: number, start: Entry) {
  let truth: Entry = start;
  let shown: Entry = start;
  let until = Number.NEGATIVE_INFINITY;
  let serial = 2;
  const change = (entry: Entry) => {
    if (time.now() >= until) shown = truth;
    truth = entry;
    until = time.now() + lagMs;
  };
  const { ec2, calls } = fakeEc2({
    DescribeAddresses: () => ({ Addresses: [time.now() < until ? shown : truth] }),
    AssociateAddress: () => {
      const AssociationId = `eipassoc-0bbbbbbbbbbbbbbb${serial++}`;
      change({ ...onSelf, AssociationId });
      return { AssociationId };
    },
    DisassociateAddress: (input) => {
      if (input.AssociationId !== truth.AssociationId) throw ec2Error("InvalidAssociationID.NotFound");
      change(unassociated);
      return {};
    },
  });
  return {
    ec2,
    /** Every call, in order: "DescribeAddresses", "DisassociateAddress eipassoc-…", … */
    calls: () => calls.map((c) => [c.action, c.input.AssociationId].filter(Boolean).join(" ")),
    /** The association as EC2 holds it now (what a read shows once the lag has passed). */
    truth: () => truth,
    /** Another node's change: reads show the address as it was for `lagMs` from now. */
    takenBy: change,
  };
}
export type LaggingAddress = ReturnType<typeof laggingAddress>;
