import { basename } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * e2e files whose scenarios wait minutes on Pacemaker's timers (fencing delays and a fenced node's reboot,
 * a 60 s partition and the 120 s failure-timeout, a 3-node failure-timeout), longest first. vitest starts the
 * largest files first on a fresh clone (no timings cached yet), which put these behind shorter ones and made
 * them the run's tail; started first, the short files fill in beside them.
 */
const LONG_FIRST = ["fencing.test.ts", "partition.test.ts", "three-nodes.test.ts"];

/** vitest's own order (projects, groupOrder, cached durations or size), with LONG_FIRST moved to the front. */
export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const at = LONG_FIRST.indexOf(basename(spec.moduleId));
      return spec.project.name === "e2e" && at >= 0 ? at : LONG_FIRST.length;
    };
    // A stable sort: files of other projects keep vitest's order among themselves.
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => {
        const group = a.spec.project.config.sequence.groupOrder - b.spec.project.config.sequence.groupOrder;
        return group !== 0 ? group : rank(a.spec) - rank(b.spec) || a.index - b.index;
      })
      .map(({ spec }) => spec);
  }
}
