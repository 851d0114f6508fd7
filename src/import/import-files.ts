import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { access, mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { readEstateSettings } from "../load/estate-file.ts";
import { placeProblems } from "../load/positions.ts";
import { failureSpan } from "../load/yaml.ts";
import { readRuleOrSpecYaml } from "../load/prometheus-rules.ts";
import { convertYamlFiles, type YamlFileDocs } from "../load/yaml-definitions.ts";
import { buildEstate, estateTemplateProblems } from "../estate/build.ts";
import { checkTargetVersions } from "../estate/target-versions.ts";
import type { RawDefinition } from "../model/estate.ts";
import { type MergedPart, mergeSpecParts } from "../model/spec-merge.ts";
import type { ServiceInput } from "../model/service.ts";
import { importDashboardFiles, isDashboardFile } from "./dashboard/import-dashboards.ts";
import { printServiceModule } from "./print-ts.ts";

/**
 * Convert spec files to definition modules, one per service. Every document
 * is validated with the same model as a build, so an import that succeeds
 * also builds (and builds to what the YAML builds to);
 * nothing is written unless every file converts, and existing modules are
 * kept unless `force`.
 */
export async function importFiles(
  files: readonly string[],
  options: {
    out: string;
    force: boolean;
    cwd: string;
    /**
     * Told what an import could not represent, per field (a dashboard field the SDK has not, a
     * PrometheusRule's metadata, an OpenSLO Timeslices budget), and what was read but compiles to
     * nothing (an SLI no SLO uses, as info).
     */
    warn?: (problems: readonly Problem[]) => void;
  },
): Promise<Result<string[]>> {
  const diagnostics: Problem[] = [];
  // Grafana dashboards (JSON) have their own importer; specs and rule files are YAML (or JSON).
  const isDashboard = await Promise.all(
    files.map((path) => isDashboardFile(resolve(options.cwd, path))),
  );
  const dashboards = await importDashboardFiles(
    files
      .filter((_, i) => isDashboard[i])
      .map((path) => ({
        path: resolve(options.cwd, path),
        file: relative(options.cwd, resolve(options.cwd, path)),
      })),
  );
  if (!dashboards.ok) diagnostics.push(...dashboards.diagnostics);
  const converted = await convertFiles(
    files.filter((_, i) => !isDashboard[i]),
    options.cwd,
  );
  if (!converted.ok) diagnostics.push(...converted.diagnostics);
  if (diagnostics.length > 0 || !converted.ok) return { ok: false, diagnostics };
  const parts = converted.value.definitions;
  // Fields of rule files (a PrometheusRule's metadata) the model does not represent, and OpenSLO
  // objects that compile to nothing.
  const notes = [...parts.flatMap((p) => p.notes ?? []), ...converted.value.notes];
  // All inputs together, as a build of them would see them: specs naming one
  // service (in one file or several) merge into one module, and conflicts
  // (the same SLO twice, two teams) are errors naming both files, so no
  // module silently replaces another.
  const estate = buildEstate(parts);
  if (!estate.ok) return placed(estate.diagnostics, options.cwd);
  const templates = estateTemplateProblems(estate.value);
  if (templates.length > 0) return placed(templates, options.cwd);
  // Fields newer than the estate's Prometheus (the --out folder's estate.json, or the default)
  // build only once estate.json names a release that reads them: said now, not at the first build.
  const settings = await readEstateSettings(resolve(options.cwd, options.out), options);
  notes.push(
    ...checkTargetVersions({
      ...estate.value,
      ...(settings.ok && settings.value !== undefined && { settings: settings.value }),
    }).map((p) => ({ ...p, severity: "warning" as const })),
  );
  const merged = mergeSpecParts(parts);
  if (!merged.ok) return placed(merged.diagnostics, options.cwd);
  const modules = merged.value.map((def) => {
    const service = def.exported as ServiceInput;
    const sources = "parts" in def ? (def as MergedPart).sources : [def.source];
    return {
      path: join(resolve(options.cwd, options.out), `${service.name}.ts`),
      content: printServiceModule(service, { source: sources.join(", ") }),
    };
  });
  if (dashboards.ok) {
    for (const m of dashboards.value.modules) {
      const path = join(resolve(options.cwd, options.out), m.name);
      if (modules.some((other) => other.path === path))
        diagnostics.push(
          diag(
            m.source,
            `expected a module name of its own, got ${m.name}, which a spec also makes`,
          ),
        );
      modules.push({ path, content: m.content });
    }
  }
  for (const m of modules) {
    if (!options.force && (await exists(m.path))) {
      diagnostics.push(
        diag(
          relative(options.cwd, m.path),
          "expected no existing module (pass --force to overwrite), got one",
        ),
      );
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  if (dashboards.ok) notes.push(...dashboards.value.notes);
  if (notes.length > 0) options.warn?.(notes);
  await mkdir(resolve(options.cwd, options.out), { recursive: true });
  for (const m of modules) await writeFile(m.path, m.content);
  return { ok: true, value: modules.map((m) => relative(options.cwd, m.path)) };
}

/**
 * Every document of every YAML file as model parts, all files at once (OpenSLO objects reference
 * each other across files); all problems of all files, placed, or nothing.
 */
async function convertFiles(
  files: readonly string[],
  cwd: string,
): Promise<Result<{ definitions: RawDefinition[]; notes: Problem[] }>> {
  const diagnostics: Problem[] = [];
  const read: YamlFileDocs[] = [];
  for (const path of files) {
    const file = relative(cwd, resolve(cwd, path));
    const parsed = await readRuleOrSpecYaml(resolve(cwd, path));
    if (!parsed.ok) {
      diagnostics.push({
        ...diag(file, `expected a readable YAML file, got ${parsed.message}`),
        ...failureSpan(parsed),
      });
      continue;
    }
    read.push({ file, source: basename(path), docs: parsed.documents });
  }
  if (diagnostics.length > 0) return placed(diagnostics, cwd);
  const converted = convertYamlFiles(read);
  return converted.ok ? converted : placed(converted.diagnostics, cwd);
}

async function placed(diagnostics: Problem[], cwd: string): Promise<Result<never>> {
  return { ok: false, diagnostics: await placeProblems(diagnostics, { cwd }) };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function diag(file: string, message: string): Problem {
  return { code: "import/file", severity: "error", file, path: [], message };
}
