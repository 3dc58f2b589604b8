import { availableParallelism } from "node:os";

/**
 * How many test files of the unit and integration projects run at once: two more than the cores, and at least
 * four. An integration file spends most of its time waiting (on a lag window, a spawned agent, a drill's grace
 * window), not computing: on CI's 2-core machine, with the regions' moto_servers leased from a warm pool, two
 * files at once kept the cores half busy (504 s of CPU in 503 s), and three took the run from 503 s to 391 s. A
 * fourth gained nothing then (CPU-bound at 613 s of CPU); once the run needed 385 s of CPU (bench/RESULTS.md,
 * "2026-12-06 night"), three files at once left the cores idle again: 875 s of file time in 339 s.
 * Unit and integration share the count: vitest runs projects of one groupOrder with one worker count.
 */
export const WORKERS: number = Math.max(4, availableParallelism() + 2);
