// The overlay fixtures the doctor's and the status's unit tests share: the classic pair's ids, the overlay, and
// a listed table that sends it to A's interface.
import type { ListedTable } from "../../../cli/route-tables.ts";

export const A = "i-0aaaaaaaaaaaaaaaa";
export const B = "i-0bbbbbbbbbbbbbbbb";
export const ENI_A = "eni-0aaaaaaaaaaaaaaaa";
export const ENI_B = "eni-0bbbbbbbbbbbbbbbb";
export const RTB_A = "rtb-0aaaaaaaaaaaaaaaa";
export const RTB_B = "rtb-0bbbbbbbbbbbbbbbb";
export const VPC = "vpc-0123456789abcdef0";
export const OVERLAY = "192.168.100.10/32";

/** A listed table of VPC that serves one subnet and sends the overlay to A's interface; `over` changes it. */
export function table(id: string, over: Partial<ListedTable> = {}): ListedTable {
  return {
    routeTableId: id,
    exists: true,
    vpcId: VPC,
    main: false,
    subnetIds: ["subnet-0123456789abcdef0"],
    route: { networkInterfaceId: ENI_A, blackhole: false },
    ...over,
  };
}
