import type { RouteHop } from "../../core/index.ts";

/** Two members' interfaces and a non-member's, for route tests that need no region. */
export const ENI_A = "eni-0aaaaaaaaaaaaaaa1";
export const ENI_B = "eni-0bbbbbbbbbbbbbbb1";
export const ENI_X = "eni-0eeeeeeeeeeeeeee1";
/** Two route tables. */
export const T1 = "rtb-0000000000000000a";
export const T2 = "rtb-0000000000000000b";
/** The overlay IP the topology routes, as core stores it. */
export const OVERLAY = "192.168.100.10/32";

/** A route to an interface, as core observes it; `blackhole`: EC2 says the interface is gone. */
export const to = (networkInterfaceId: string, blackhole = false): RouteHop => ({
  networkInterfaceId,
  blackhole,
});
