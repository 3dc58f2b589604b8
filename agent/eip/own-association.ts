// Covered by test/unit/agent/eip/lagging-reads.test.ts and actions.test.ts (a start's record, a stop's, against lagging reads).
import { holds } from "../../core/snapshot.ts";
import type { AddressSnapshot, Association, Target } from "../../core/types.ts";
import { insideBound, type OwnChange } from "../ocf/lag.ts";
import type { Written } from "../ocf/written.ts";

// The eip agent's side of "know what you wrote": the association its own start made (or its stop released),
// and how a read compares.

/**
 * The eip agent's record: the association its start's AssociateAddress made, or (`stopped`) the one its stop's
 * DisassociateAddress released, or (`stopped` and `handedOver`) the one it gave up without a call, for the next
 * holder's AssociateAddress to replace: its migrate_to's (to `handedTo`), or its stop's when the resource was not
 * being stopped everywhere (handover.ts).
 */
export interface AddressWritten {
  readonly allocationId: string;
  /** The association; "" when a handover found none of this node's to name. */
  readonly associationId: string;
  /** true: this node no longer holds the address (a stop released `associationId`, or it handed the address over). */
  readonly stopped?: true;
  /** true: the handover mark, this node gave `associationId` up without a call; absent: not handed over. */
  readonly handedOver?: true;
  /** The node migrate_to handed the address to (Pacemaker's name for it); absent: no migration (a stop's handover). */
  readonly handedTo?: string;
}

/** Whether a record read back from disk is an {@link AddressWritten}: a file of another shape is as good as none. */
export const isAddressWritten = (v: Record<string, unknown>): v is Record<string, unknown> & AddressWritten =>
  typeof v.allocationId === "string" &&
  typeof v.associationId === "string" &&
  (v.stopped === undefined || v.stopped === true) &&
  (v.handedOver === undefined || (v.handedOver === true && v.stopped === true)) &&
  (v.handedTo === undefined || (typeof v.handedTo === "string" && v.handedOver === true));

/** This node's last change to the snapshot's address (its start's association, its stop's release); else undefined. */
export async function ownAssociation(
  written: Written<AddressWritten> | undefined,
  snapshot: AddressSnapshot,
): Promise<(AddressWritten & { readonly at: number }) | undefined> {
  const own = await written?.get();
  return own?.allocationId === snapshot.allocationId ? own : undefined;
}

/**
 * How `snapshot` compares with this node's own last change: a start's association is shown when the read shows
 * that very association id; a stop's release, and a migrate_to's handover, when the read does not show the address
 * on `self` (inside the lag bound a read may show any older association here, even the one before this node's
 * start).
 */
export function ownChange(
  own: (AddressWritten & { readonly at: number }) | undefined,
  snapshot: AddressSnapshot,
  self: Target,
): OwnChange | undefined {
  if (!own) return undefined;
  if (own.stopped) return { at: own.at, here: false, shown: !holds(snapshot, self) };
  return { at: own.at, here: true, shown: snapshot.association?.associationId === own.associationId };
}

/**
 * Whether `snapshot`, read at `readAt`, still falls under this node's handover mark (pure): the address is not
 * here; or it is, by the association handed over (nobody took it yet); or the read is inside api_lag from the
 * handover, when it may show any older association here. Only a read after api_lag that shows a newer association
 * here (someone moved the address back since) escapes the mark. False without a mark.
 *
 * @example
 * underHandover({ …, stopped: true, handedOver: true, associationId: "eipassoc-1", at: 0 }, onSelf, self, 60_000, 5_000)
 * // true when onSelf's association is eipassoc-1
 */
export function underHandover(
  own: (AddressWritten & { readonly at: number }) | undefined,
  snapshot: AddressSnapshot,
  self: Target,
  readAt: number,
  lagMs: number,
): boolean {
  if (!own?.handedOver) return false;
  if (!holds(snapshot, self) || insideBound(own.at, lagMs, readAt)) return true;
  return snapshot.association?.associationId === own.associationId;
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
