import { resolve } from "node:path";
import type { Result } from "../core/result.ts";
import { type Artifact, artifactOf } from "../emit/artifact.ts";
import { withManifest } from "../emit/manifest.ts";
import { writeOutput } from "../emit/write.ts";
import { type DashboardSource, previewPages } from "../report/html/preview-page.ts";
import { protectedFolders } from "./cached-build.ts";
import { compileTargets } from "./compile.ts";
import { validateProject } from "./project.ts";

export interface PreviewOptions {
  definitions?: string;
  /** Where the pages go (replaced as a whole, like out/); default `preview`. */
  out?: string;
  /** The build's output folder, which the pages must stay out of (`check` counts its files). */
  buildOut?: string;
  cwd?: string;
}

export interface Previewed {
  dashboards: number;
  /** Files the preview folder holds now, index and manifest included. */
  files: number;
}

/**
 * `obsforge preview`: compile the estate's dashboards in memory (exactly
 * what `build` writes under out/grafana/dashboards) and write a page per
 * dashboard and an index into the preview folder, atomically and only into a
 * folder obsforge wrote before (emit's writer, with its manifest).
 */
export async function previewProject(options: PreviewOptions = {}): Promise<Result<Previewed>> {
  const cwd = options.cwd ?? process.cwd();
  const definitions = resolve(cwd, options.definitions ?? "definitions");
  const validated = await validateProject({
    definitions: options.definitions ?? "definitions",
    cwd,
    logqlWarnings: false,
  });
  if (!validated.ok) return validated;
  const dashboards: DashboardSource[] = [];
  for (const file of compileTargets(validated.value.estate)) {
    if (file.kind !== "grafana-dashboard") continue;
    // The JSON as written, so the preview shows the very file Grafana loads.
    dashboards.push({ path: file.path, json: JSON.parse(artifactOf(file).content) });
  }
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
  });
  if (!written.ok) return written;
  return { ok: true, value: { dashboards: dashboards.length, files: written.value.count } };
}
