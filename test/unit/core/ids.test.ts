import { describe, expect, it } from "vitest";
import { ID_EXAMPLES, ID_PATTERNS, type IdKind, idProblem, isId } from "../../../core/ids.ts";

const KINDS = Object.keys(ID_PATTERNS) as IdKind[];

describe("EC2 id patterns", () => {
  it.each(KINDS)("%s: its example, 8 and 17 hex digits are ids", (kind) => {
    // Prepare
    const prefix = ID_EXAMPLES[kind].split("-")[0];
    // Act / Assess
    expect(isId(kind, ID_EXAMPLES[kind])).toBe(true);
    expect(isId(kind, `${prefix}-0123abcd`)).toBe(true);
    expect(isId(kind, `${prefix}-0123456789abcdef0`)).toBe(true);
  });

  it.each(
    KINDS.flatMap((kind) =>
      ["", "x-0123abcd", "-0123abcd", "0123ABCD", "0123abc", "0123456789abcd"].map(
        (tail) => [kind, tail] as const,
      ),
    ),
  )("%s: '%s' after the prefix is not an id", (kind, tail) => {
    const prefix = ID_EXAMPLES[kind].split("-")[0];
    const value = tail.startsWith("x-") || tail.startsWith("-") ? `${tail}` : `${prefix}-${tail}`;
    expect(isId(kind, value)).toBe(false);
  });

  it("an id of one kind is not an id of another", () => {
    expect(isId("instanceId", ID_EXAMPLES.networkInterfaceId)).toBe(false);
    expect(isId("allocationId", ID_EXAMPLES.associationId)).toBe(false);
  });

  it("idProblem names the kind, the value and a valid example; undefined for a valid id", () => {
    expect(idProblem("allocationId", "eipalloc-12")).toBe(
      "allocation id malformed: 'eipalloc-12' (expected e.g. eipalloc-0123456789abcdef0)",
    );
    expect(idProblem("networkInterfaceId", "eni-zz")).toBe(
      "network interface id malformed: 'eni-zz' (expected e.g. eni-0123456789abcdef0)",
    );
    expect(idProblem("instanceId", ID_EXAMPLES.instanceId)).toBeUndefined();
  });
});
