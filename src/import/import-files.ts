import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { access, mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { readYamlFile } from "../load/yaml.ts";
import { convertYamlFiles, type YamlFileDocs } from "../load/yaml-definitions.ts";
import { buildEstate } from "../estate/build.ts";
import type { RawDefinition } from "../model/estate.ts";
import { type MergedPart, mergeSpecParts } from "../model/spec-merge.ts";
import type { ServiceInput } from "../model/service.ts";
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
    /** What was read but compiles to nothing (an SLI no SLO uses): info problems. */
    onNote?: (note: Problem) => void;
  },
): Promise<Result<string[]>> {
  const diagnostics: Problem[] = [];
  const read: YamlFileDocs[] = [];
  for (const path of files) {
    const file = relative(options.cwd, resolve(options.cwd, path));
    const parsed = await readYamlFile(resolve(options.cwd, path));
    if (!parsed.ok) {
      diagnostics.push(diag(file, `expected a readable YAML file, got ${parsed.message}`));
      continue;
    }
    const docs = parsed.documents.filter((d) => d !== null && d !== undefined);
    read.push({ file, source: basename(path), docs });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  // All files at once: OpenSLO objects reference each other across files.
  const converted = convertYamlFiles(read);
  if (!converted.ok) return converted;
  const parts: RawDefinition[] = converted.value.definitions;
  for (const note of converted.value.notes) options.onNote?.(note);
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
