import type { Problem, Span } from "../core/problem.ts";
import { compareStrings } from "../core/order.ts";
import type { Check } from "../lint/check.ts";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * A SARIF 2.1.0 log with one run: the rule catalogue (every registered rule,
 * in id order, so indices are stable) and one result per finding. No
 * timestamps or tool version, so the same findings give the same bytes.
 */
export function formatSarif(
  problems: readonly Problem[],
  options: { rules: readonly Check[] },
): string {
  const rules = [...options.rules].sort((a, b) => compareStrings(a.id, b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "obsforge",
            rules: rules.map((r) => ({
              id: r.id,
              name: ruleName(r.id),
              shortDescription: { text: summaryOf(r.docs) },
              fullDescription: { text: plain(r.docs) },
              help: { text: plain(r.docs), markdown: r.docs },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        columnKind: "utf16CodeUnits",
        results: problems.map((f) => result(f, index.get(f.code))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(f: Problem, ruleIndex: number | undefined) {
  const location = physicalLocation(f);
  return {
    ruleId: f.code,
    ...(ruleIndex !== undefined && { ruleIndex }),
    level: LEVEL[f.severity],
    message: { text: f.message },
    ...((location !== undefined || f.subject !== undefined) && {
      locations: [
        {
          ...(location !== undefined && { physicalLocation: location }),
          ...(f.subject !== undefined && { logicalLocations: [{ name: f.subject }] }),
        },
      ],
    }),
  };
}

function physicalLocation(f: Problem) {
  if (f.file === undefined || f.file === "-") return undefined;
  const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(f.file)
    ? f.file
    : encodeURI(f.file.split("\\").join("/"));
  return {
    artifactLocation: { uri },
    ...(f.span !== undefined && { region: region(f.span) }),
  };
}

function region(span: Span) {
  const endLine = span.endLine !== undefined && span.endLine > span.line ? span.endLine : undefined;
  return {
    startLine: span.line,
    ...(span.column !== undefined && { startColumn: span.column }),
    ...(endLine !== undefined && { endLine }),
    ...(span.column !== undefined &&
      span.endColumn !== undefined &&
      (endLine !== undefined || span.endColumn > span.column) && { endColumn: span.endColumn }),
  };
}

/** `promql/rate-window` → `PromqlRateWindow` (SARIF's `name` is an identifier-like label). */
function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .map((w) => (w === "" ? "" : w[0]!.toUpperCase() + w.slice(1)))
    .join("");
}

/** The first sentence of the docs. */
export function summaryOf(docs: string): string {
  const first = plain(docs.split("\n\n")[0] ?? docs)
    .replace(/\s+/g, " ")
    .trim();
  const stop = first.search(/\.(\s|$)/);
  return stop < 0 ? first : first.slice(0, stop + 1);
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, "");
}
