import pkg from "../package.json" with { type: "json" };

/** The agent's version, package.json's: the build inlines it, so the installed file carries it alone. */
export const VERSION: string = pkg.version;
