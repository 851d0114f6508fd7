import { readdir, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { compareStrings } from "../core/order.ts";
import { portableNameProblem } from "../core/portable-names.ts";
import type { Result } from "../core/result.ts";
import { type Artifact, artifactOf } from "../emit/artifact.ts";
import { detectDocument } from "../load/foreign/detect.ts";
import { jsonFailure } from "../load/yaml.ts";
import { withManifest } from "../emit/manifest.ts";
import { writeOutput } from "../emit/write.ts";
import { type DashboardSource, previewPages } from "../report/html/preview-page.ts";
import { visible } from "../report/visible.ts";
import { protectedFolders } from "./cached-build.ts";
import { compileTargets } from "./compile.ts";
import { validateProject } from "./project.ts";

export interface PreviewOptions {
  definitions?: string;
  /** Where the pages go (replaced as a whole, like out/); default `preview`. */
  out?: string;
  /**
   * Preview the dashboard JSON files under this folder (out/grafana/dashboards,
   * or dashboards exported from a Grafana) instead of compiling the definitions.
   */
  dashboards?: string;
  /** The build's output folder, which the pages must stay out of (`check` counts its files). */
  buildOut?: string;
  cwd?: string;
  /** Aborted on SIGINT/SIGTERM: the write stops and removes what it staged, as `build` does. */
  signal?: AbortSignal;
}

export interface Previewed {
  dashboards: number;
  /** Files the preview folder holds now, index and manifest included. */
  files: number;
  /** One line per `*.json` under `--dashboards` that is not a dashboard and was left out. */
  skipped: string[];
}

/** What `--dashboards` takes a JSON file to be, for the line on one it skips. */
const EXPECTED_DASHBOARD =
  'expected a Grafana dashboard (panels or rows, or the HTTP API\'s {"dashboard": …})';

interface DashboardFiles {
  dashboards: DashboardSource[];
  skipped: string[];
}

/** The estate's dashboards as `build` writes them, so the preview shows the very files Grafana loads. */
async function builtDashboards(definitions: string, cwd: string): Promise<Result<DashboardFiles>> {
  const validated = await validateProject({ definitions, cwd, logqlWarnings: false });
  if (!validated.ok) return validated;
  const dashboards: DashboardSource[] = [];
  for (const file of compileTargets(validated.value.estate)) {
    if (file.kind === "grafana-dashboard")
      dashboards.push({ path: file.path, json: JSON.parse(artifactOf(file).content) });
  }
  return { ok: true, value: { dashboards, skipped: [] } };
}

/**
 * The dashboards among the `*.json` under a folder. A file that is not JSON
 * is a one-line error; JSON of another kind (a test's expectations, a
 * package.json) is skipped with a line, detected as `lint` detects foreign
 * files, and a folder with no dashboard at all is an error.
 */
async function dashboardFiles(folder: string, cwd: string): Promise<Result<DashboardFiles>> {
  const root = resolve(cwd, folder);
  const shown = (path: string) => relative(cwd, path) || ".";
  const problem = (message: string): Result<DashboardFiles> => ({
    ok: false,
    diagnostics: [{ code: "load/folder", severity: "error", message, path: [] }],
  });
  let names: string[];
  try {
    names = (await readdir(root, { recursive: true })).filter((n) => n.endsWith(".json"));
  } catch (error) {
    return problem(
      `cannot read --dashboards ${shown(root)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  if (names.length === 0)
    return problem(`--dashboards ${shown(root)}: expected *.json dashboards, found none`);
  const dashboards: DashboardSource[] = [];
  const skipped: string[] = [];
  for (const name of names.sort(compareStrings)) {
    const path = join(root, name);
    let json: unknown;
    let text: string | undefined;
    try {
      text = await readFile(path, "utf8");
      json = JSON.parse(text);
    } catch (error) {
      const { message, line, column } =
        text === undefined ? { message: (error as Error).message } : jsonFailure(text, error);
      const at = line === undefined ? "" : `:${line}${column === undefined ? "" : `:${column}`}`;
      return problem(
        `${visible(shown(path))}${at}: expected a Grafana dashboard in JSON, got ${message}`,
      );
    }
    const detected = detectDocument(json);
    const dashboard =
      detected?.length === 1 && detected[0]?.kind === "dashboard" ? detected[0] : undefined;
    if (dashboard === undefined) {
      skipped.push(`${visible(shown(path))}: ${EXPECTED_DASHBOARD}; skipped`);
      continue;
    }
    // The page is named after the file: a name some system cannot hold is the user's to fix.
    const unportable = name
      .split(sep)
      .map((s) => portableNameProblem(s.replace(/\.json$/, ".html")))
      .find((p) => p !== undefined);
    if (unportable !== undefined)
      return problem(
        `${visible(shown(path))}: expected a file name its page can be written as on every system, got ${unportable}: rename the file`,
      );
    // Page paths mirror the folder: `payments/x.json` → `payments/x.html`; a wrapped one is laid out unwrapped.
    dashboards.push({ path: name.split(sep).join("/"), json: dashboard.value });
  }
  if (dashboards.length === 0)
    return problem(
      `--dashboards ${shown(root)}: expected *.json dashboards (panels or rows), found none among ${names.length} JSON file(s)`,
    );
  return { ok: true, value: { dashboards, skipped } };
}

/**
 * `obsforge preview`: the estate's dashboards compiled in memory (exactly
 * what `build` writes under out/grafana/dashboards), or the JSON files under
 * `--dashboards`, as a page each and an index, written into the preview
 * folder atomically and only into a folder obsforge wrote before (emit's
 * writer, with its manifest).
 */
export async function previewProject(options: PreviewOptions = {}): Promise<Result<Previewed>> {
  const cwd = options.cwd ?? process.cwd();
  const definitions = resolve(cwd, options.definitions ?? "definitions");
  const read =
    options.dashboards === undefined
      ? await builtDashboards(options.definitions ?? "definitions", cwd)
      : await dashboardFiles(options.dashboards, cwd);
  if (!read.ok) return read;
  const { dashboards, skipped } = read.value;
  const pages: Artifact[] = previewPages(dashboards).map((p) => ({ ...p, sources: [] }));
  const protect = [
    ...(await protectedFolders(cwd, definitions)),
    {
      path: resolve(cwd, options.buildOut ?? "out"),
      what: "the build's output folder",
      forbidInside: true,
    },
  ];
  const written = await writeOutput(resolve(cwd, options.out ?? "preview"), withManifest(pages), {
    cwd,
    protect,
    ...(options.signal !== undefined && { signal: options.signal }),
  });
  if (!written.ok) return written;
  return {
    ok: true,
    value: { dashboards: dashboards.length, files: written.value.count, skipped },
  };
}
