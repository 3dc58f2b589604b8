// The agents' public face, for tests and tools: three rooms, the OCF kit (ocf/) and the two agents built on it
// (eip/, route/), which never import each other. Pacemaker runs eip/main.ts and route/main.ts (built into
// dist/agent/eip and dist/agent/route), not this.
export * from "./eip/index.ts";
export * from "./ocf/index.ts";
export * from "./route/index.ts";
