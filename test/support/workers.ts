import { availableParallelism } from "node:os";

/**
 * How many test files of the unit and integration projects run at once: one more than the cores, and at least
 * three. An integration file spends most of its time waiting (on a lag window, a spawned agent, a drill's grace
 * window), not computing: on CI's 2-core machine, with the regions' moto_servers leased from a warm pool, two
 * files at once kept the cores half busy (504 s of CPU in 503 s), and three took the run from 503 s to 391 s.
 * Unit and integration share the count: vitest runs projects of one groupOrder with one worker count.
 */
export const WORKERS: number = Math.max(3, availableParallelism() + 1);
