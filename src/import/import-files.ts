import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { access, mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { readYamlFile } from "../load/yaml.ts";
import { convertDocuments } from "../load/yaml-definitions.ts";
import { buildEstate } from "../estate/build.ts";
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
    /** Told what an import could not represent (a dashboard field the SDK has not), per field. */
    warn?: (problems: readonly Problem[]) => void;
  },
): Promise<Result<string[]>> {
  const diagnostics: Problem[] = [];
  const parts: RawDefinition[] = [];
  // Grafana dashboards (JSON) have their own importer; specs are YAML.
  const dashboards = await importDashboardFiles(
    files.filter(isDashboardFile).map((path) => ({
      path: resolve(options.cwd, path),
      file: relative(options.cwd, resolve(options.cwd, path)),
    })),
  );
  if (!dashboards.ok) diagnostics.push(...dashboards.diagnostics);
  for (const path of files.filter((f) => !isDashboardFile(f))) {
    const file = relative(options.cwd, resolve(options.cwd, path));
    const parsed = await readYamlFile(resolve(options.cwd, path));
    if (!parsed.ok) {
      diagnostics.push(diag(file, `expected a readable YAML file, got ${parsed.message}`));
      continue;
    }
    const docs = parsed.documents.filter((d) => d !== null && d !== undefined);
    const converted = convertDocuments(docs, { file, source: basename(path) });
    if (converted.ok) parts.push(...converted.value);
    else diagnostics.push(...converted.diagnostics);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  // All inputs together, as a build of them would see them: specs naming one
  // service (in one file or several) merge into one module, and conflicts
  // (the same SLO twice, two teams) are errors naming both files, so no
  // module silently replaces another.
  const estate = buildEstate(parts);
  if (!estate.ok) return estate;
  const merged = mergeSpecParts(parts);
  if (!merged.ok) return merged;
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
  if (dashboards.ok && dashboards.value.notes.length > 0) options.warn?.(dashboards.value.notes);
  await mkdir(resolve(options.cwd, options.out), { recursive: true });
  for (const m of modules) await writeFile(m.path, m.content);
  return { ok: true, value: modules.map((m) => relative(options.cwd, m.path)) };
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
