import {
  isRawSeries,
  metricName,
  nodes,
  promqlTargets,
  readDashboard,
  text,
  variableName,
  where,
} from "./read.ts";
import type { CheckProblem } from "../check.ts";

/**
 * Shared by target-job and target-instance: on a Prometheus dashboard,
 * every selector of a scraped series carries `<label>=~"$<label>"`, so the
 * variable actually filters the panel. Recorded series and ALERTS are
 * skipped, as for template-job.
 */
/** The message of target-job and target-instance (each declares it as its own). */
export const SCOPE_MATCHER_MESSAGES = {
  noMatcher: '{{where}}: expected {{label}}=~"{{variable}}" on {{selector}}, got {{got}}',
} as const;

export function checkScopeMatcher(
  dashboard: unknown,
  label: "job" | "instance",
): CheckProblem<keyof typeof SCOPE_MATCHER_MESSAGES>[] {
  const view = readDashboard(dashboard);
  if (view.dashboardDatasource !== "prometheus") return [];
  const out: CheckProblem<keyof typeof SCOPE_MATCHER_MESSAGES>[] = [];
  for (const { panel, target, parsed } of promqlTargets(dashboard)) {
    for (const selector of nodes(parsed, "VectorSelector")) {
      const name = metricName(parsed, selector);
      if (!isRawSeries(name)) continue;
      const matchers =
        selector.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ?? [];
      const found = matchers.find((m) => {
        const n = m.getChild("LabelName");
        return n !== null && text(parsed, n) === label;
      });
      const op = found?.getChild("MatchOp");
      const value = found?.getChild("StringLiteral");
      const got = found === undefined ? undefined : text(parsed, found);
      if (
        op !== undefined &&
        op !== null &&
        value !== undefined &&
        value !== null &&
        text(parsed, op) === "=~" &&
        variableName(text(parsed, value).slice(1, -1)) === label
      )
        continue;
      out.push({
        path: [...target.path, "expr"],
        messageId: "noMatcher",
        data: {
          where: where(panel, target),
          label,
          variable: `$${label}`,
          selector: name ?? "the selector",
          got: got ?? "none",
        },
      });
    }
  }
  return out;
}
