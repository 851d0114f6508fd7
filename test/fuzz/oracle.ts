import type { Invocation } from "./targets.ts";

/** A frame of a JS stack trace, as Node prints it. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/**
 * What every run of obsforge must satisfy, whatever its input: exit 0, 1 or
 * 2; no stack trace or internal error; a failure says why on stderr; a failed
 * build leaves no out/; a build is fresh for `check` right after.
 * Returns the broken promises, empty when the run was fine.
 */
export function violations(runs: readonly Invocation[]): string[] {
  const found: string[] = [];
  for (const r of runs) {
    const what = r.argv[0] === "promtool" ? r.argv.join(" ") : `obsforge ${r.argv.join(" ")}`;
    const text = r.stdout + r.stderr;
    if (![0, 1, 2].includes(r.code)) found.push(`${what}: exit ${r.code}`);
    if (/internal error/i.test(text)) found.push(`${what}: reported an internal error`);
    if (STACK_FRAME.test(text)) found.push(`${what}: printed a stack trace`);
    // Lint commands report findings on stdout; the others explain a failure on stderr.
    const explanation = r.argv[0]?.startsWith("lint") ? text : r.stderr;
    if (r.code !== 0 && explanation.trim() === "")
      found.push(`${what}: exit ${r.code} without saying why`);
    if (r.argv[0] === "build" && r.code !== 0 && r.wroteOut)
      found.push(`${what}: failed but wrote its output folder`);
    if (r.argv[0] === "check" && r.code !== 0) found.push(`${what}: stale right after a build`);
  }
  return found;
}

/** The first line of the first violation's stderr: groups crashes that share a cause. */
export function signature(runs: readonly Invocation[]): string {
  const bad = runs.find((r) => violations([r]).length > 0);
  if (bad === undefined) return "";
  const line = bad.stderr.split("\n").find((l) => l.trim() !== "") ?? "";
  return `${bad.argv[0]} exit ${bad.code}: ${line.replace(/\/tmp\/obsforge-fuzz-\w+/g, "<dir>").slice(0, 160)}`;
}
