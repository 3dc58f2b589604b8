import type { AddressSnapshot, Association, Target } from "../core/types.ts";
import type { OwnChange } from "./lag.ts";
import type { AddressWritten, Written } from "./written.ts";

// The eip agent's side of "know what you wrote": the association its own start made, and how a read compares.

/** The association this node's start made for the snapshot's address, since its last stop; else undefined. */
export async function ownAssociation(
  written: Written<AddressWritten> | undefined,
  snapshot: AddressSnapshot,
): Promise<(AddressWritten & { readonly at: number }) | undefined> {
  const own = await written?.get();
  return own?.allocationId === snapshot.allocationId ? own : undefined;
}

/** How `snapshot` compares with this node's own association: when it was made, whether the read shows it. */
export function ownChange(
  own: (AddressWritten & { readonly at: number }) | undefined,
  snapshot: AddressSnapshot,
): OwnChange | undefined {
  return own && { at: own.at, shown: snapshot.association?.associationId === own.associationId };
}

/** The association `associationId` of the address to `target`, as a read would show it. */
export function associationOf(target: Target, associationId: string): Association {
  return target.kind === "instance"
    ? { associationId, instanceId: target.instanceId }
    : {
        associationId,
        networkInterfaceId: target.networkInterfaceId,
        ...(target.privateIpAddress ? { privateIpAddress: target.privateIpAddress } : {}),
      };
}
