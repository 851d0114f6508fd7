import { z } from "zod";
// The Go-template reader is a leaf (src/template) shared with lint, so that
// `build` refuses what `lint` reports.
import { checkTemplate } from "../template/template.ts";
import { suggestAnnotation } from "./annotations.ts";
import type { IssueSink } from "./issues.ts";
import { LABEL_NAME_RE } from "../core/names.ts";

/**
 * What Prometheus (rulefmt, promtool 2.42) refuses when it loads a rule
 * file, checked in the model so the build fails with the file and field
 * instead of writing a file promtool rejects:
 * - annotation names must be label names (`invalid annotation name`);
 * - every string must be valid Unicode: a lone UTF-16 surrogate has no
 *   UTF-8 form, and the `\uD800` escape a YAML writer would use is refused
 *   by Go's YAML parser (`found invalid Unicode character escape code`);
 *   Prometheus wants label values in valid UTF-8 too;
 * - alert labels and annotations are Go templates, parsed at load time.
 * Every other character is written escaped by the YAML emitter and read
 * back unchanged (test/emit/yaml-property.test.ts feeds random strings to
 * promtool and a real Prometheus).
 */

export const annotationNameSchema = z.string().regex(LABEL_NAME_RE, {
  error:
    "expected an annotation name matching [a-zA-Z_][a-zA-Z0-9_]* (Prometheus refuses others: invalid annotation name)",
});

/** Keys of an annotation map with a catchall (the known keys are valid names already). */
export function checkAnnotationNames(annotations: object, ctx: z.RefinementCtx): void {
  for (const key of Object.keys(annotations)) {
    if (LABEL_NAME_RE.test(key)) continue;
    // One error per key: the near-miss check skips names Prometheus refuses, so its hint rides here.
    const suggestion = suggestAnnotation(key);
    const hint = suggestion === undefined ? "" : `: did you mean ${JSON.stringify(suggestion)}?`;
    ctx.addIssue({
      code: "custom",
      path: [key],
      message: `expected an annotation name matching [a-zA-Z_][a-zA-Z0-9_]* (Prometheus refuses others: invalid annotation name), got ${JSON.stringify(key)}${hint}`,
      input: undefined,
    });
  }
}

/** Where the first lone surrogate sits in `text`, or undefined when it is valid Unicode. */
export function loneSurrogateAt(text: string): number | undefined {
  if (text.isWellFormed()) return undefined;
  const match = /\p{Surrogate}/u.exec(text);
  return match?.index;
}

function isPlainData(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export interface LoneSurrogate {
  path: (string | number)[];
  text: string;
  at: number;
  /** A key (a label or annotation name) rather than a value. */
  key: boolean;
}

/** Every string (keys included) of plain data that holds a lone surrogate. */
export function findLoneSurrogates(value: unknown): LoneSurrogate[] {
  const found: LoneSurrogate[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (typeof node === "string") {
      const at = loneSurrogateAt(node);
      if (at !== undefined) found.push({ path, text: node, at, key: false });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        walk(item, [...path, i]);
      });
      return;
    }
    if (!isPlainData(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const at = loneSurrogateAt(key);
      if (at !== undefined) found.push({ path: [...path, key], text: key, at, key: true });
      walk(child, [...path, key]);
    }
  };
  walk(value, []);
  return found;
}

/**
 * Every string of a validated definition (keys included), walked once: a
 * lone surrogate anywhere is an error at its field. Builders (panels,
 * variables) are not plain data; their output is checked when dashboards
 * are checked (src/targets/grafana/check.ts).
 */
export function checkUnicode(value: unknown, ctx: IssueSink): void {
  for (const f of findLoneSurrogates(value)) {
    ctx.addIssue({
      code: "custom",
      path: f.path,
      message: unicodeMessage(f),
      input: undefined,
      params: { obsforgeCode: "model/invalid-unicode" },
    });
  }
}

/** One line: what is wrong and the text, quoted with the surrogate escaped. */
export function unicodeMessage(f: LoneSurrogate): string {
  const shown = f.text.length > 60 ? `${f.text.slice(0, 57)}...` : f.text;
  return `${unicodeProblem(f.text, f.at, f.key ? "a name" : "text")}: ${JSON.stringify(shown)}`;
}

export function unicodeProblem(text: string, at: number, what = "text"): string {
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  return `expected ${what} in valid Unicode, got a lone UTF-16 surrogate U+${unit} at character ${at + 1} (it has no UTF-8 form; Prometheus, Loki and Grafana read UTF-8)`;
}

interface PlainTemplatedGroup {
  rules: readonly {
    alert?: string | undefined;
    labels?: Record<string, string> | undefined;
    annotations?: Record<string, string> | undefined;
  }[];
}

/** The label and annotation maps of a service that Prometheus or Loki parses as alert templates. */
interface TemplatedService {
  labels: Record<string, string>;
  explore?: { grafanaUrl: string } | undefined;
  groups: readonly { rules: readonly TemplatedRule[] }[];
  logGroups: readonly { rules: readonly TemplatedRule[] }[];
  /** Plain groups' alerts are templates too; obsforge adds no service labels to them. */
  plainGroups?: readonly PlainTemplatedGroup[];
  plainLogGroups?: readonly PlainTemplatedGroup[];
  slos: readonly {
    alerting: {
      labels: Record<string, string>;
      annotations: Record<string, string>;
      page: { labels: Record<string, string>; annotations: Record<string, string> };
      ticket: { labels: Record<string, string>; annotations: Record<string, string> };
    };
  }[];
}

interface TemplatedRule {
  kind: string;
  labels: Record<string, string>;
  annotations?: Record<string, unknown>;
}

/** A problem at a field of a definition, before it is given its file. */
export interface FieldProblem {
  code: string;
  path: (string | number)[];
  message: string;
}

/**
 * Go templates in alert labels and annotations, checked when the estate is
 * built (rulefmt parses them when the rule file is loaded, and one broken
 * template rejects the whole file). Service labels are copied onto every
 * hand-written alert, so they are checked when the service has one. Not a
 * schema refinement: `lint` builds estates with broken templates on purpose
 * and reports them itself (alert/template-syntax, with their position).
 */
export function alertTemplateProblems(service: TemplatedService): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const checkOne = (text: string, path: (string | number)[]) => {
    if (!text.includes("{{")) return;
    const first = checkTemplate(text).errors[0];
    if (first === undefined) return;
    problems.push({
      code: "model/template-syntax",
      path,
      message: `expected a valid Go template (Prometheus parses alert labels and annotations as templates), got ${first.message} at character ${first.offset + 1}`,
    });
  };
  const check = (map: Record<string, unknown> | undefined, path: (string | number)[]) => {
    for (const [key, value] of Object.entries(map ?? {})) {
      if (typeof value === "string") checkOne(value, [...path, key]);
      else if (isPlainData(value) && isPlainData(value.vars)) {
        // A dashboardLink(): its variables are written verbatim into the URL when they hold a template.
        for (const [name, v] of Object.entries(value.vars))
          if (typeof v === "string") checkOne(v, [...path, key, "vars", name]);
      }
    }
  };
  let alerts = false;
  for (const field of ["groups", "logGroups"] as const) {
    service[field].forEach((group, g) => {
      group.rules.forEach((rule, r) => {
        if (rule.kind !== "alert" && rule.kind !== "logAlert") return;
        alerts = true;
        check(rule.labels, [field, g, "rules", r, "labels"]);
        check(rule.annotations, [field, g, "rules", r, "annotations"]);
      });
    });
  }
  if (alerts) check(service.labels, ["labels"]);
  for (const field of ["plainGroups", "plainLogGroups"] as const) {
    service[field]?.forEach((group, g) => {
      group.rules.forEach((rule, r) => {
        if (rule.alert === undefined) return;
        check(rule.labels, [field, g, "rules", r, "labels"]);
        check(rule.annotations, [field, g, "rules", r, "annotations"]);
      });
    });
  }
  // Log alerts link to Explore: the Grafana URL is written verbatim at the start of an annotation.
  if (service.logGroups.some((g) => g.rules.some((r) => r.kind === "logAlert")))
    check({ grafanaUrl: service.explore?.grafanaUrl }, ["explore"]);
  service.slos.forEach((slo, s) => {
    const base = ["slos", s, "alerting"];
    check(slo.alerting.labels, [...base, "labels"]);
    check(slo.alerting.annotations, [...base, "annotations"]);
    for (const level of ["page", "ticket"] as const) {
      check(slo.alerting[level].labels, [...base, level, "labels"]);
      check(slo.alerting[level].annotations, [...base, level, "annotations"]);
    }
  });
  return problems;
}

/**
 * A literal U+FFFD in a PromQL query: Prometheus's lexer (2.42) takes it for
 * a decoding error inside a string and refuses the rule file (`invalid UTF-8
 * rune`); the escape `\ufffd` is read fine, and obsforge's query helpers
 * write it that way.
 */
export function checkPromqlReplacementChar(query: string, ctx: z.RefinementCtx): void {
  const at = query.indexOf("\ufffd");
  if (at < 0) return;
  ctx.addIssue({
    code: "custom",
    message: `expected no literal U+FFFD in the query (Prometheus refuses it: invalid UTF-8 rune), got one at character ${at + 1}; write it as \\ufffd inside the string`,
    input: undefined,
    params: { obsforgeCode: "promql/syntax" },
  });
}
