import type { InstanceState } from "./instance-states.ts";

/**
 * The domain of one Elastic IP and where it points. Plain data: every decision in `core/` is a function
 * over these shapes, so tests build them by hand.
 */

/** How a caller names an address: exactly one of allocation id or public IP. */
export type AddressRef = { readonly allocationId: string } | { readonly publicIp: string };

/** Where an address should point: an instance (its primary ENI), or one ENI and optionally one of its IPs. */
export type Target =
  | { readonly kind: "instance"; readonly instanceId: string }
  | {
      readonly kind: "interface";
      readonly networkInterfaceId: string;
      /** undefined: the ENI's primary private IP. */
      readonly privateIpAddress?: string;
    };

/** A live association as EC2 reports it. Fields EC2 leaves empty are undefined, never "". */
export interface Association {
  readonly associationId: string;
  /** undefined when the ENI is not attached to an instance. */
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  readonly privateIpAddress?: string;
}

/** One observation of an Elastic IP. An unassociated address has no `association` at all. */
export interface AddressSnapshot {
  readonly allocationId: string;
  readonly publicIp: string;
  /** "vpc" for every address this project can move; "standard" is EC2-Classic. */
  readonly domain: "vpc" | "standard";
  readonly association?: Association;
}

/** What a claim did. `changed: false` means no mutating call was made. */
export type ClaimResult =
  | { readonly changed: false; readonly association: Association }
  | { readonly changed: true; readonly association: Association; readonly previous?: Association };

/** What a release did. `changed: false` means no mutating call was made (the holder did not hold it). */
export interface ReleaseResult {
  readonly changed: boolean;
}

/**
 * A member of an HA group, as configured (the controller's cluster document, or a test). `privateIpAddress`
 * needs `networkInterfaceId`: see {@link placementProblem}.
 */
export interface Member {
  readonly instanceId: string;
  readonly networkInterfaceId?: string;
  readonly privateIpAddress?: string;
}

/** What EC2 says of a member right now. `statusOk` is true only when both status checks pass. */
export interface MemberHealth {
  readonly instanceId: string;
  readonly state: InstanceState;
  readonly availabilityZone: string;
  readonly statusOk: boolean;
  /**
   * When EC2 says a failing status check began (`ImpairedSince`, the earliest of the two checks; epoch ms).
   * Undefined while both pass, or when EC2 gives no date.
   */
  readonly impairedSince?: number;
}
