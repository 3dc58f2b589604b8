import { describe, expect, it } from "vitest";
import { type ItemAction, whenSetMoves } from "../../../../functions/decide/set-timing.ts";

const NOW = 1_000_000;
const real = {};
const whatIf = { assumed: true };

describe("whenSetMoves: one grace window for a cluster's addresses and routes together", () => {
  it.each([
    [
      "nothing is the failed member's: nothing moves, not even a missing route",
      ["skip", "join"],
      real,
      NOW + 1,
      { when: "never" },
    ],
    ["an empty set moves nothing", [], real, NOW, { when: "never" }],
    [
      "inside the window the whole set waits, joiners too",
      ["wait-then-move", "join"],
      real,
      NOW + 1,
      { when: "later", until: NOW + 1 },
    ],
    [
      "at the window's end it moves, the window held",
      ["wait-then-move"],
      real,
      NOW,
      { when: "now", graceHeld: true },
    ],
    [
      "an orphan moves the whole set at once",
      ["wait-then-move", "move-orphan"],
      real,
      NOW + 60_000,
      { when: "now", graceHeld: false },
    ],
    [
      "a what-if waits for nothing",
      ["wait-then-move"],
      whatIf,
      NOW + 60_000,
      { when: "now", graceHeld: false },
    ],
    ["a what-if of nothing held still moves nothing", ["join"], whatIf, NOW + 60_000, { when: "never" }],
  ] as const)("%s", (_, actions, failure, graceEnds, timing) => {
    expect(whenSetMoves(actions as readonly ItemAction[], failure, graceEnds, NOW)).toEqual(timing);
  });
});
