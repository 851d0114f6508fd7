import { ALERT_NAME_RE } from "../../../core/names.ts";
import type { RuleCheck } from "../../check.ts";

export const alertName: RuleCheck<"badName"> = {
  id: "alert/name",
  target: "rule",
  severity: "warning",
  docs: `Alert names are identifiers in CamelCase: letters, digits and \`_\`, starting with a letter.

Why: the alert name is the \`alertname\` label every route, silence,
inhibition and dashboard matches on. Spaces, \`-\`, \`/\` or \`(\` in it
(\`PostgresqlBloatIndexHigh(>80%)\`) have to be quoted or escaped in every
matcher, regex and URL that names it, and break tools that take it for an
identifier. Prometheus accepts any text, so rule files imported as written
(\`plainGroups\`) keep such names and this check reports them; alerts written
with \`alert()\` are held to the convention by the model. mixtool's
\`alert-name-camelcase\` lint checks the same.`,
  good: [
    "plainGroups:\n  - name: postgres\n    rules:\n      - alert: PostgresqlBloatIndexHigh\n        expr: pg_bloat_index_ratio > 0.8\n        for: 1h\n        labels:\n          severity: warning\n        annotations:\n          summary: Index bloat over 80%\n          runbook_url: https://runbooks.example.com/bloat\n",
  ],
  bad: [
    "plainGroups:\n  - name: postgres\n    rules:\n      - alert: PostgresqlBloatIndexHigh(>80%)\n        expr: pg_bloat_index_ratio > 0.8\n        for: 1h\n        labels:\n          severity: warning\n        annotations:\n          summary: Index bloat over 80%\n          runbook_url: https://runbooks.example.com/bloat\n",
    'plainGroups:\n  - name: edge\n    rules:\n      - alert: edge-proxy/5xx\n        expr: rate(nginx_http_requests_total{status=~"5.."}[5m]) > 1\n        for: 5m\n        annotations:\n          summary: Edge proxy errors\n',
  ],
  messages: {
    badName:
      "expected an alert name of letters, digits and _ starting with a letter (CamelCase, e.g. HighErrorRate), got {{name}}",
  },
  check({ rule }) {
    if (rule.kind !== "alert" || ALERT_NAME_RE.test(rule.name)) return [];
    // A plain rule names itself in `alert`; an authored one in `name`.
    const field = rule.groupPath?.[0] === "plainGroups" ? "alert" : "name";
    return [{ messageId: "badName", data: { name: JSON.stringify(rule.name) }, field }];
  },
};
