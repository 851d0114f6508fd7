import { access, mkdir, writeFile } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import type { Diagnostic, Result } from "../diagnostics.ts";
import { readYamlFile } from "../load/yaml.ts";
import { convertDocuments } from "../load/yaml-definitions.ts";
import { buildEstate } from "../model/estate.ts";
import type { ServiceInput } from "../model/service.ts";
import { printServiceModule } from "./print-ts.ts";

/**
 * Convert spec files to definition modules. Every document is validated
 * with the same model as a build, so an import that succeeds also builds;
 * nothing is written unless every file converts, and existing modules are
 * kept unless `force`.
 */
export async function importFiles(
  files: readonly string[],
  options: { out: string; force: boolean; cwd: string },
): Promise<Result<string[]>> {
  const diagnostics: Diagnostic[] = [];
  const modules: { path: string; content: string }[] = [];
  for (const path of files) {
    const file = relative(options.cwd, resolve(options.cwd, path));
    const parsed = await readYamlFile(resolve(options.cwd, path));
    if (!parsed.ok) {
      diagnostics.push(diag(file, `expected a readable YAML file, got ${parsed.message}`));
      continue;
    }
    const docs = parsed.documents.filter((d) => d !== null && d !== undefined);
    const converted = convertDocuments(docs, { file, source: basename(path) });
    if (!converted.ok) {
      diagnostics.push(...converted.diagnostics);
      continue;
    }
    const estate = buildEstate(converted.value);
    if (!estate.ok) {
      diagnostics.push(...estate.diagnostics);
      continue;
    }
    for (const def of converted.value) {
      const service = def.exported as ServiceInput;
      modules.push({
        path: join(resolve(options.cwd, options.out), `${service.name}.ts`),
        content: printServiceModule(service, { source: basename(path) }),
      });
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

function diag(file: string, message: string): Diagnostic {
  return { code: "import/file", severity: "error", file, path: [], message };
}
