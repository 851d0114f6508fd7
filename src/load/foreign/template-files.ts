import { readFile, stat } from "node:fs/promises";
import { dirname, join, sep } from "node:path";

/**
 * Helm and Jinja templates are YAML only once rendered: `{{- if … }}` at
 * the start of a line, `name: {{ include … }}`. A folder that `lint DIR`
 * or `test DIR` walks may hold them (a chart beside the rule files), and
 * they are not broken files: they are skipped, and listed in one line.
 * Anything else that does not parse is an error, so a broken test or rule
 * file is never passed over.
 *
 * A file that does not parse is a template when
 * - it is under a Helm chart's `templates/` folder (the folder beside the
 *   chart's `Chart.yaml`), where Helm renders every file; or
 * - a line starts with a template action (`{{`, or Jinja's `{%`), after its
 *   indentation and a list dash: control flow and includes, the way
 *   templates write them. Prometheus's own `{{ $labels.x }}` sits inside an
 *   annotation's value, never at the start of a line, so a rule file with
 *   an unrelated syntax error stays an error.
 */
export async function isTemplateFile(path: string): Promise<boolean> {
  if (await inChartTemplates(path)) return true;
  const text = await readFile(path, "utf8").catch(() => "");
  return LINE_STARTS_WITH_ACTION.test(text);
}

const LINE_STARTS_WITH_ACTION = /^[ \t]*(?:- +)?(?:\{\{-?\s*\S[^\n]*?\}\}|\{%)/m;

async function inChartTemplates(path: string): Promise<boolean> {
  const parts = dirname(path).split(sep);
  for (let i = parts.length - 1; i > 0; i--) {
    if (parts[i] !== "templates") continue;
    const chart = join(parts.slice(0, i).join(sep) || sep, "Chart.yaml");
    if ((await stat(chart).catch(() => undefined))?.isFile() === true) return true;
  }
  return false;
}
