import { compareStrings } from "../../core/order.ts";
import type { Finding } from "../finding.ts";
import type { Check } from "../check.ts";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * A SARIF 2.1.0 log with one run: the rule catalogue (every registered rule,
 * in id order, so indices are stable) and one result per finding. No
 * timestamps or tool version, so the same findings give the same bytes.
 */
export function formatSarif(
  findings: readonly Finding[],
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
        results: findings.map((f) => result(f, index.get(f.rule))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(f: Finding, ruleIndex: number | undefined) {
  const location = physicalLocation(f);
  return {
    ruleId: f.rule,
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

function physicalLocation(f: Finding) {
  if (f.file === undefined || f.file === "-") return undefined;
  const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(f.file)
    ? f.file
    : encodeURI(f.file.split("\\").join("/"));
  return {
    artifactLocation: { uri },
    ...(f.line !== undefined && {
      region: {
        startLine: f.line,
        ...(f.column !== undefined && { startColumn: f.column }),
        ...(f.column !== undefined &&
          f.endColumn !== undefined &&
          f.endColumn > f.column && { endColumn: f.endColumn }),
      },
    }),
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
