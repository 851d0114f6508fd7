import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { violations } from "./oracle.ts";
import { TARGETS } from "./targets.ts";

// A bounded, seeded share of `npm run fuzz`: the same inputs on every run, so
// a failure here reproduces. The long, randomly seeded run is test/fuzz/run.ts.
const RUNS_PER_TARGET = 25;
const SEED = 20261201;

describe("fuzzing (bounded): every input ends in success or one-line errors", () => {
  test.for(TARGETS.map((t) => [t.name, t] as const))(
    "%s: exit 0/1/2, no stack trace, failed builds write nothing, builds are fresh",
    async ([, target]) => {
      const arbitrary = await (target.arbitrary as () => Promise<fc.Arbitrary<unknown>>)();
      await fc.assert(
        fc.asyncProperty(arbitrary, async (input) => {
          const runs = await (target.execute as (i: unknown) => Promise<never[]>)(input);
          expect(violations(runs), (target.describe as (i: unknown) => string)(input)).toEqual([]);
        }),
        { numRuns: RUNS_PER_TARGET, seed: SEED, endOnFailure: true },
      );
    },
  );
});
