import { parseDashboardQuery } from "../../../targets/grafana/query-parse.ts";
import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard, variableName } from "../../dashboard/read.ts";
import type { CheckProblem, DashboardCheck, MessageData } from "../../check.ts";

const FUNCTION_RE = /^\s*(label_values|label_names|metrics|query_result)\s*\(([\s\S]*)\)\s*$/;

/** Split `expr, label` at the last comma outside braces, parentheses and quotes. */
function splitLast(args: string): [string, string] | undefined {
  let depth = 0;
  let quote: string | undefined;
  let at = -1;
  for (let i = 0; i < args.length; i++) {
    const ch = args[i]!;
    if (quote !== undefined) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if ("({[".includes(ch)) depth++;
    else if (")}]".includes(ch)) depth--;
    else if (ch === "," && depth === 0) at = i;
  }
  return at < 0 ? undefined : [args.slice(0, at), args.slice(at + 1)];
}

type MessageId = "notFunction" | "notLabel" | "invalidPromql";

/** What is wrong with a Prometheus variable query (a message id and its data), or undefined. */
function problem(query: string): { messageId: MessageId; data?: MessageData } | undefined {
  const m = FUNCTION_RE.exec(query);
  if (m === null) return { messageId: "notFunction" };
  const [, fn, args] = m as unknown as [string, string, string];
  let expr: string | undefined;
  if (fn === "label_values") {
    const split = splitLast(args);
    const label = (split?.[1] ?? args).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(label) && variableName(label) === undefined)
      return { messageId: "notLabel", data: { label: JSON.stringify(label) } };
    expr = split?.[0];
  } else if (fn === "query_result" || (fn === "label_names" && args.trim() !== "")) {
    expr = args;
  }
  if (expr === undefined) return undefined;
  const first = parseDashboardQuery(expr.trim(), "promql").errors[0];
  return first === undefined
    ? undefined
    : { messageId: "invalidPromql", data: { fn, error: first.message } };
}

export const templateLabelPromql: DashboardCheck<"notFunction" | "notLabel" | "invalidPromql"> = {
  id: "dashboard/template-label-promql",
  target: "dashboard",
  reportOrder: 4,
  severity: "error",
  docs: "Prometheus query variables are valid Grafana variable queries over valid PromQL.\n\nWhy: a Prometheus query variable with a malformed query shows an empty dropdown and every panel using it shows nothing. It must be one of Grafana's functions (label_values, label_names, metrics, query_result) around valid PromQL.",
  good: [sample()],
  bad: [
    sample((d) => {
      variable(d, "job").query = "label_values(up{job=~, job)";
    }),
    sample((d) => {
      variable(d, "instance").query = "values(up, instance)";
    }),
    sample((d) => {
      variable(d, "job").query = "query_result(sum(up)";
    }),
  ],
  messages: {
    notFunction:
      "variable {{name}}: expected label_values(…), label_names(…), metrics(…) or query_result(…), in {{query}}",
    notLabel:
      "variable {{name}}: expected a label name as the last argument of label_values, got {{label}}, in {{query}}",
    invalidPromql:
      "variable {{name}}: expected valid PromQL in {{fn}}(…), got {{error}}, in {{query}}",
  },
  check({ dashboard }) {
    const view = readDashboard(dashboard);
    if (view.dashboardDatasource !== "prometheus") return [];
    const out: CheckProblem<"notFunction" | "notLabel" | "invalidPromql">[] = [];
    for (const v of view.variables) {
      if (v.type !== "query") continue;
      const ds = variableName(v.datasource?.uid);
      const plugin = ds === undefined ? v.datasource?.type : view.datasourceVariables.get(ds);
      if (plugin !== undefined && plugin !== "prometheus") continue;
      const found = problem(v.query);
      if (found !== undefined) {
        out.push({
          path: [...v.path, "query"],
          messageId: found.messageId,
          data: { ...found.data, name: JSON.stringify(v.name), query: JSON.stringify(v.query) },
        });
      }
    }
    return out;
  },
};
