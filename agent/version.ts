import pkg from "../package.json" with { type: "json" };

/** The agent's version, package.json's: the build inlines it, so the installed file carries it alone. */
export const VERSION: string = pkg.version;

/** The least Node.js major the agents run on: the first number of package.json's engines (`>=24.11` → 24). */
export const NODE_MAJOR: number = Number(/\d+/.exec(pkg.engines.node)?.[0]);
