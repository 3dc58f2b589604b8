import pkg from "../../package.json" with { type: "json" };

/**
 * The product's version, package.json's, the one place it is written: the agents' `--version` and meta-data,
 * `eip-failover --version` and the packages all say this. The build inlines it (and {@link NODE_MAJOR}'s
 * source), so an installed agent carries it alone.
 */
export const VERSION: string = pkg.version;

/**
 * The least Node.js major the agents run on: the first number of package.json's engines (`>=24.11` → 24), read
 * as scripts/node24/check.mjs reads it for the scripts and eip-failover (a unit test holds the two equal).
 */
export const NODE_MAJOR: number = Number(/\d+/.exec(pkg.engines.node)?.[0]);
