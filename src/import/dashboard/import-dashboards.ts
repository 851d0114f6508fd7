import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { Problem } from "../../core/problem.ts";
import type { Result } from "../../core/result.ts";
import { SERVICE_NAME_RE } from "../../core/names.ts";
import { serviceSlug } from "../../core/service-slug.ts";
import { utf8Text } from "../../load/utf8-text.ts";
import type { Json } from "./code.ts";
import { convertDashboard } from "./convert.ts";
import { isObject, type JsonObject } from "./fields.ts";
import { failureSpan, jsonFailure } from "../../load/yaml.ts";
import { printDashboardModule } from "./module.ts";

/**
 * `obsforge import dashboard.json`: each Grafana dashboard file becomes one
 * definition module named after the file. Input that is not a dashboard is
 * refused with one line per file; what a dashboard holds that the SDK
 * cannot represent is reported per field (`notes`) and the module is still
 * written.
 */

export interface DashboardModule {
  /** File name of the module, `<service>.ts`. */
  name: string;
  content: string;
  /** The file it was imported from, as given. */
  source: string;
}

/**
 * Whether `obsforge import` reads a file as a Grafana dashboard: a JSON file
 * whose top level is not a spec or rule file (OpenSLO, Pyrra and Sloth specs
 * and rule files may be written as JSON too: they carry `apiVersion`,
 * `groups` or a string `version`). JSON that does not parse is read as a dashboard, so
 * its error names JSON.
 */
export async function isDashboardFile(path: string): Promise<boolean> {
  if (extname(path).toLowerCase() !== ".json") return false;
  let doc: Json;
  try {
    doc = JSON.parse(await readFile(path, "utf8")) as Json;
  } catch {
    return true;
  }
  // A dashboard's own `version` is a number; Sloth's is "prometheus/v1".
  return !(
    isObject(doc) &&
    ("apiVersion" in doc || "groups" in doc || typeof doc.version === "string")
  );
}

export async function importDashboardFiles(
  files: readonly { path: string; file: string }[],
): Promise<Result<{ modules: DashboardModule[]; notes: Problem[] }>> {
  const errors: Problem[] = [];
  const notes: Problem[] = [];
  const modules: DashboardModule[] = [];
  for (const { path, file } of files) {
    const json = await readDashboardJson(path, file);
    if (!json.ok) {
      errors.push(...json.diagnostics);
      continue;
    }
    const converted = convertDashboard(json.value, file);
    notes.push(...converted.notes);
    const service = serviceName(file);
    const clash = modules.find((m) => m.name === `${service}.ts`);
    if (clash !== undefined) {
      errors.push(
        fileProblem(
          file,
          `expected a dashboard file name of its own, got one that makes ${service}.ts as ${clash.source} does (rename one)`,
        ),
      );
      continue;
    }
    modules.push({
      name: `${service}.ts`,
      source: file,
      content: printDashboardModule(converted, { source: file, service }),
    });
  }
  return errors.length > 0
    ? { ok: false, diagnostics: errors }
    : { ok: true, value: { modules, notes } };
}

async function readDashboardJson(path: string, file: string): Promise<Result<JsonObject>> {
  let text: string;
  try {
    const decoded = utf8Text(await readFile(path));
    if (!decoded.ok)
      return {
        ok: false,
        diagnostics: [
          {
            ...fileProblem(file, `expected Grafana dashboard JSON, got ${decoded.message}`),
            ...failureSpan(decoded),
          },
        ],
      };
    text = decoded.text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, diagnostics: [fileProblem(file, `expected a readable file, got ${code}`)] };
  }
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (error) {
    const failure = jsonFailure(text, error);
    return {
      ok: false,
      diagnostics: [
        {
          ...fileProblem(
            file,
            `expected Grafana dashboard JSON, got invalid JSON: ${failure.message}`,
          ),
          ...failureSpan(failure),
        },
      ],
    };
  }
  const dashboard = json;
  if (!isObject(dashboard) || !(Array.isArray(dashboard.panels) || Array.isArray(dashboard.rows))) {
    return {
      ok: false,
      diagnostics: [
        fileProblem(
          file,
          "expected a Grafana dashboard (an object with `panels` or legacy `rows`), got another JSON document",
        ),
      ],
    };
  }
  return { ok: true, value: dashboard };
}

/** The service (and module) name for a dashboard file: its name as a slug, as a rule file's is. */
function serviceName(file: string): string {
  const slug = serviceSlug(basename(file, extname(file)));
  return SERVICE_NAME_RE.test(slug) ? slug : "dashboard";
}

function fileProblem(file: string, message: string): Problem {
  return { code: "import/file", severity: "error", file, path: [], message };
}
