import type { Result } from "../core/result.ts";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { readYamlFile } from "../load/yaml.ts";
import type { AlertmanagerConfig } from "../targets/alertmanager/config-file.ts";
import { inhibitingRules } from "../targets/alertmanager/inhibit.ts";
import { formatMatcher } from "../targets/alertmanager/matchers.ts";
import { readConfig, type ReadConfig } from "../targets/alertmanager/read-config.ts";
import { matchRoutes } from "../targets/alertmanager/route-match.ts";
import type { RoutingTests } from "../targets/alertmanager/routing-tests.ts";
import { isMuted } from "../targets/alertmanager/time-match.ts";
import { ARTIFACT_PATHS } from "../targets/shared/artifact-paths.ts";
import { inPool, type RuleTestResult } from "./rule-tests.ts";

const run = promisify(execFile);

/** Raised when amtool is not installed; the CLI turns it into a one-line error. */
export class AmtoolMissing extends Error {
  constructor() {
    super(
      "amtool not found: install Debian's prometheus-alertmanager package or put amtool on PATH",
    );
    this.name = "AmtoolMissing";
  }
}

/**
 * The routing tests of out/alertmanager/routing-tests.yml against
 * out/alertmanager/alertmanager.yml (the caller has checked out/ is fresh):
 * every route test in the real amtool (`amtool config routes test`), the
 * inhibition and time-interval tests by obsforge's reading of
 * Alertmanager's semantics, on the configuration as written. An estate
 * without routing has no such files and no tests.
 */
export async function runRoutingTests(
  options: { cwd?: string; out?: string; amtool?: string } = {},
): Promise<Result<RuleTestResult[]>> {
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, options.out ?? "out");
  const configPath = join(out, ARTIFACT_PATHS.alertmanagerConfig);
  const testsPath = join(out, ARTIFACT_PATHS.alertmanagerTests);
  if (!existsSync(testsPath)) return { ok: true, value: [] };
  const tests = (await readYaml(testsPath)) as RoutingTests;
  const config = readConfig((await readYaml(configPath)) as AlertmanagerConfig);
  const file = relative(cwd, testsPath);
  const routeJobs = tests.routes.map((t) => async () => ({
    file,
    name: `route: ${t.name}`,
    ...(await routeTest(t, configPath, config, options.amtool)),
  }));
  const routes = await inPool(routeJobs, Math.max(2, availableParallelism()));
  const inhibitions = tests.inhibitions.map((t) => ({
    file,
    name: `inhibition: ${t.name}`,
    ...inhibitionTest(t, config),
  }));
  const intervals = tests.time_intervals.map((t) => ({
    file,
    name: `time interval: ${t.name}`,
    ...timeIntervalTest(t, config),
  }));
  return { ok: true, value: [...routes, ...inhibitions, ...intervals] };
}

async function readYaml(path: string): Promise<unknown> {
  const parsed = await readYamlFile(path);
  if (!parsed.ok) throw new Error(`${path}: ${parsed.message}`);
  return parsed.documents[0];
}

const showLabels = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => formatMatcher({ name: k, op: "=", value: v }))
    .join(", ")}}`;

async function routeTest(
  test: RoutingTests["routes"][number],
  configPath: string,
  config: ReadConfig,
  amtool = "amtool",
): Promise<{ passed: boolean; output: string }> {
  const labels = Object.entries(test.labels).map(([name, value]) =>
    formatMatcher({ name, op: "=", value }),
  );
  let stdout: string;
  try {
    ({ stdout } = await run(amtool, [
      "config",
      "routes",
      "test",
      `--config.file=${configPath}`,
      ...labels,
    ]));
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === "ENOENT") throw new AmtoolMissing();
    return { passed: false, output: `amtool: ${(e.stderr ?? e.message).trim()}` };
  }
  const got = stdout.trim().split(",");
  const fallback = config.tree.receiver;
  if (test.receivers.length === 0)
    return {
      passed: false,
      output: `expected a route for ${showLabels(test.labels)}, got none in the routing definition (no team entry for its team, or no level for its severity); amtool: ${got.join(", ")}`,
    };
  if (got.length === test.receivers.length && got.every((r, i) => r === test.receivers[i]))
    return { passed: true, output: "" };
  const why =
    got.length === 1 && got[0] === fallback ? " (the default receiver: no route matched)" : "";
  return {
    passed: false,
    output: `expected receivers ${test.receivers.join(", ")}, got ${got.join(", ")}${why} from amtool for ${showLabels(test.labels)}`,
  };
}

function inhibitionTest(
  test: RoutingTests["inhibitions"][number],
  config: ReadConfig,
): { passed: boolean; output: string } {
  const by = inhibitingRules(config.inhibitions, test.firing, test.target);
  if (by.length > 0 === test.inhibited) return { passed: true, output: "" };
  return {
    passed: false,
    output: test.inhibited
      ? `expected ${showLabels(test.target)} to be inhibited while ${showLabels(test.firing)} fires, got no inhibit rule that applies`
      : `expected ${showLabels(test.target)} not to be inhibited while ${showLabels(test.firing)} fires, got it inhibited by ${by.map((r) => r.origin).join(", ")}`,
  };
}

function timeIntervalTest(
  test: RoutingTests["time_intervals"][number],
  config: ReadConfig,
): { passed: boolean; output: string } {
  const matches = matchRoutes(config.tree, test.labels).filter(
    (m) => test.receiver === undefined || m.receiver === test.receiver,
  );
  if (matches.length === 0)
    return {
      passed: false,
      output: `expected ${showLabels(test.labels)} to reach ${test.receiver ?? "a receiver"}, got no such route`,
    };
  const at = new Date(test.at);
  const muted = matches.filter((m) => isMuted(m, config.timeIntervals, at));
  if (test.muted ? muted.length === matches.length : muted.length === 0)
    return { passed: true, output: "" };
  const names = (ms: typeof matches) => ms.map((m) => m.receiver).join(", ");
  return {
    passed: false,
    output: test.muted
      ? `expected ${showLabels(test.labels)} muted at ${test.at}, got notifications to ${names(matches.filter((m) => !muted.includes(m)))}`
      : `expected ${showLabels(test.labels)} not muted at ${test.at}, got it muted on the route to ${names(muted)}`,
  };
}
