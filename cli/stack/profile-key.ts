import { createRequire } from "node:module";

// functions/stack/node-roles.cjs names each cluster's instance profile when it writes the stack; the command
// reads the stack with that same function, so the two never disagree on a name like "web-2".
const nodeRoles = createRequire(import.meta.url)("../../functions/stack/node-roles.cjs") as {
  profileKeyOf(name: string): string;
};

/**
 * The logical id and output key of cluster `name`'s node instance profile in the stack.
 *
 * @example
 * profileKeyOf("web") // "NodeInstanceProfileWeb"
 */
export const profileKeyOf = (name: string): string => nodeRoles.profileKeyOf(name);
