import { describe, expect, it } from "vitest";
import { createProgress, progressLine, wantsProgress } from "../../../../cli/drill/progress.ts";

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe("progress", () => {
  it.each([
    [0, 10, "[....................]   0% 0/10  0.0 s"],
    [5, 10, "[##########..........]  50% 5/10  2.0 s"],
    [10, 10, "[####################] 100% 10/10  2.0 s"],
    [12, 10, "[####################] 100% 12/10  2.0 s"],
  ])("draws %i of %i", (done, total, line) => {
    expect(progressLine(done, total, done === 0 ? 0 : 2_000, 20)).toBe(line);
  });

  it("appends a note", () => {
    expect(progressLine(1, 2, 0, 2, "moved 1")).toBe("[#.]  50% 1/2  0.0 s  moved 1");
  });

  it.each([
    [false, false, false, false],
    [true, false, false, true],
    [false, true, false, true],
    [false, false, true, true],
  ])("asked %s, long %s, tty %s → %s", (asked, long, tty, wanted) => {
    expect(wantsProgress(asked, long, tty)).toBe(wanted);
  });

  it("redraws in place on a terminal", () => {
    // Prepare
    const { writes, stream } = fakeStream(true);
    const bar = createProgress(2, stream, () => 0);
    // Act
    bar.update(1);
    bar.update(2);
    bar.finish();
    // Assess
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\r\[#+\.+\] {2}50% 1\/2/);
    expect(writes[2]).toBe("\n");
  });

  it("writes whole lines, at most every interval, and always the last, when not a terminal", () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const bar = createProgress(4, stream, () => now, 1_000);
    bar.update(1);
    now = 500;
    bar.update(2); // within the interval: skipped
    now = 1_500;
    bar.update(3);
    now = 1_600;
    bar.update(4); // the last one is always written
    bar.finish();
    expect(writes.map((w) => / (\d+\/4) /.exec(w)?.[1])).toEqual(["1/4", "3/4", "4/4"]);
    expect(writes.every((w) => w.endsWith("\n") && !w.startsWith("\r"))).toBe(true);
  });

  it("counts seconds from start(), not from creation, and draws 0 at the start", () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const bar = createProgress(2, stream, () => now, 1_000);
    now = 30_000; // setup time before the failure
    bar.start();
    now = 32_000;
    bar.update(2);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain("0/2  0.0 s");
    expect(writes[1]).toContain("2/2  2.0 s");
  });
});
