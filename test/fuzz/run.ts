/**
 * `npm run fuzz [-- --runs N] [--seed S] [--target NAME]`: the long fuzz run.
 * Every input is checked by the same oracle as the bounded suite; failures
 * are written to .fuzz/<target>-<n>.txt with the seed that found them, and
 * grouped by the first line of their error. Exit 1 when anything failed.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { signature, violations } from "./oracle.ts";
import { type Invocation, TARGETS } from "./targets.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "200" },
    seed: { type: "string" },
    target: { type: "string" },
  },
});
const runs = Number(values.runs);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const crashDir = join(new URL("../..", import.meta.url).pathname, ".fuzz");
const targets = TARGETS.filter((t) => values.target === undefined || t.name === values.target);

let failedTotal = 0;
process.stdout.write(`seed ${seed}, ${runs} input(s) per target\n`);
for (const target of targets) {
  const arbitrary = await (target.arbitrary as () => Promise<fc.Arbitrary<unknown>>)();
  const inputs = fc.sample(arbitrary, { numRuns: runs, seed });
  const causes = new Map<string, number>();
  let failed = 0;
  const exits = new Map<string, number>();
  for (const [n, input] of inputs.entries()) {
    let results: Invocation[];
    try {
      results = await (target.execute as (i: unknown) => Promise<Invocation[]>)(input);
    } catch (error) {
      results = [
        {
          argv: ["(harness)"],
          code: 70,
          stdout: "",
          stderr: `threw: ${String(error)}`,
          wroteOut: false,
        },
      ];
    }
    const first = `${results[0]!.argv[0]} ${results[0]!.code}`;
    exits.set(first, (exits.get(first) ?? 0) + 1);
    const broken = violations(results);
    if (broken.length === 0) continue;
    failed++;
    const cause = signature(results) || broken[0]!;
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
    await mkdir(crashDir, { recursive: true });
    const describe = target.describe as (i: unknown) => string;
    await writeFile(
      join(crashDir, `${target.name}-${seed}-${n}.txt`),
      [
        `seed ${seed}, input ${n}`,
        ...broken,
        "",
        "--- input",
        describe(input),
        "--- output",
        ...results.map(
          (r) => `$ obsforge ${r.argv.join(" ")}  (exit ${r.code})\n${r.stdout}${r.stderr}`,
        ),
      ].join("\n"),
    );
  }
  failedTotal += failed;
  const spread = [...exits]
    .sort()
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  process.stdout.write(
    `${target.name}: ${inputs.length} tried (first exit ${spread}), ${failed} failed, ${causes.size} distinct cause(s)\n`,
  );
  for (const [cause, count] of [...causes].sort((a, b) => b[1] - a[1]))
    process.stdout.write(`  ${count}× ${cause}\n`);
}
process.exitCode = failedTotal > 0 ? 1 : 0;
