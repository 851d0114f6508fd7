import type { FieldPath, Problem } from "../../core/problem.ts";
import { invalidQuery } from "../../core/query-error.ts";
import { foldedPath } from "../../core/portable-names.ts";
import { compareStrings } from "../../core/order.ts";
import { customDashboardUid, type DashboardLink } from "../../model/dashboards.ts";
import type { Estate } from "../../model/estate.ts";
import { findLoneSurrogates, unicodeMessage } from "../../model/prometheus-names.ts";
import { generatedKinds, planDashboards } from "./compile.ts";
import { logsSourceOf } from "./logs-source.ts";
import { parseDashboardQuery } from "./query-parse.ts";

/**
 * What the schemas cannot see inside one definition: uids unique across the
 * estate, dashboard links that point at a dashboard that exists, and the
 * queries inside hand-written panels and Loki selectors. Run before the
 * estate is compiled; every problem names the file and the field.
 */
export function checkDashboards(estate: Estate): Problem[] {
  return [...checkUids(estate), ...checkQueries(estate), ...checkLinks(estate)];
}

/**
 * Uids unique in the estate, ignoring case: a dashboard is written to
 * <folder>/<uid>.json, and macOS and Windows checkouts see `API-overview`
 * and `api-overview` as one file.
 */
function checkUids(estate: Estate): Problem[] {
  const planned = planDashboards(estate);
  const byUid = new Map<string, (typeof planned)[number]>();
  const out: Problem[] = [];
  for (const d of planned) {
    const key = foldedPath(d.uid);
    const first = byUid.get(key);
    if (first === undefined) {
      byUid.set(key, d);
      continue;
    }
    const caseOnly = first.uid !== d.uid;
    out.push({
      code: "grafana/duplicate-uid",
      severity: "error",
      file: d.file,
      path: d.path,
      message: caseOnly
        ? `expected a dashboard uid unique in the estate ignoring case, got ${JSON.stringify(d.uid)} for ${d.label} (${first.label} in ${first.file} has ${JSON.stringify(first.uid)}: one file on macOS and Windows); set a different uid or title`
        : `expected a dashboard uid unique in the estate, got ${JSON.stringify(d.uid)} for ${d.label} (also ${first.label} in ${first.file}); set a different uid or title`,
    });
  }
  return out;
}

function syntax(
  file: string,
  path: FieldPath,
  language: "PromQL" | "LogQL",
  query: string,
  error: { offset: number; message: string; kind?: "type" },
): Problem {
  return {
    code:
      language === "LogQL"
        ? "logql/syntax"
        : error.kind === "type"
          ? "promql/type"
          : "promql/syntax",
    severity: "error",
    file,
    path,
    ...invalidQuery(language, query, error),
  };
}

function checkQueries(estate: Estate): Problem[] {
  const out: Problem[] = [];
  for (const { file, value: service } of estate.services) {
    const logs = logsSourceOf(service);
    if (logs !== undefined) {
      const first = parseDashboardQuery(logs.selector, "logql").errors[0];
      if (first !== undefined)
        out.push(syntax(file, ["logs", "selector"], "LogQL", logs.selector, first));
    }
    service.dashboards.custom.forEach((custom, d) => {
      custom.variables.forEach((variable, v) => {
        const path: FieldPath = ["dashboards", "custom", d, "variables", v];
        let built: unknown;
        try {
          built = variable.build();
        } catch (error) {
          out.push({
            code: "grafana/variable",
            severity: "error",
            file,
            path,
            message: `expected a variable that builds, got ${error instanceof Error ? error.message : String(error)}`,
          });
          return;
        }
        out.push(...unicodeProblems(file, path, built));
      });
      custom.rows.forEach((row, r) => {
        row.panels.forEach((panel, p) => {
          const path: FieldPath = ["dashboards", "custom", d, "rows", r, "panels", p];
          let built: { type?: unknown; targets?: unknown };
          try {
            built = panel.build() as typeof built;
          } catch (error) {
            out.push({
              code: "grafana/panel",
              severity: "error",
              file,
              path,
              message: `expected a panel that builds, got ${error instanceof Error ? error.message : String(error)}`,
            });
            return;
          }
          if (typeof built?.type !== "string" || built.type === "row") {
            out.push({
              code: "grafana/panel",
              severity: "error",
              file,
              path,
              message:
                "expected a panel builder (timeseriesPanel(), statPanel(), …), got another builder",
            });
            return;
          }
          out.push(...unicodeProblems(file, path, built));
          const targets = Array.isArray(built.targets) ? built.targets : [];
          targets.forEach((target: { expr?: unknown; datasource?: { type?: unknown } }, t) => {
            if (typeof target?.expr !== "string") return;
            const loki = target.datasource?.type === "loki";
            const first = parseDashboardQuery(target.expr, loki ? "logql" : "promql").errors[0];
            if (first !== undefined) {
              out.push(
                syntax(
                  file,
                  [...path, "targets", t, "expr"],
                  loki ? "LogQL" : "PromQL",
                  target.expr,
                  first,
                ),
              );
            }
          });
        });
      });
    });
  }
  return out;
}

/**
 * Builders are not plain data, so the model's Unicode check cannot see
 * into them: their output is walked here, before it is serialised.
 */
function unicodeProblems(file: string, path: FieldPath, built: unknown): Problem[] {
  return findLoneSurrogates(built).map((f) => ({
    code: "model/invalid-unicode",
    severity: "error",
    file,
    path: [...path, ...f.path],
    message: unicodeMessage(f),
  }));
}

/** Alert annotations `dashboard: dashboardLink(...)` must point at a dashboard the estate has. */
function checkLinks(estate: Estate): Problem[] {
  const services = new Map(estate.services.map((s) => [s.value.name, s.value] as const));
  const uids = new Set(
    estate.services.flatMap((s) => [
      ...s.value.dashboards.custom.map((c) => customDashboardUid(s.value.name, c)),
      // Imported (foundation-SDK) dashboards can be linked to by their own uid.
      ...s.value.dashboards.grafana.map((d) => d.build().uid as string),
    ]),
  );
  const out: Problem[] = [];
  for (const { file, value: service } of estate.services) {
    service.groups.forEach((group, g) => {
      group.rules.forEach((rule, r) => {
        if (rule.kind !== "alert") return;
        for (const [key, link] of Object.entries(rule.annotations)) {
          if (link === undefined || typeof link === "string") continue;
          const problem = linkProblem(link, service.name, services, uids);
          if (problem !== undefined) {
            out.push({
              code: "grafana/dashboard-link",
              severity: "error",
              file,
              path: ["groups", g, "rules", r, "annotations", key],
              message: problem,
            });
          }
        }
      });
    });
  }
  return out;
}

function linkProblem(
  link: DashboardLink,
  fromService: string,
  services: ReadonlyMap<string, Parameters<typeof generatedKinds>[0]>,
  customUids: ReadonlySet<string>,
): string | undefined {
  if (link.uid !== undefined) {
    return customUids.has(link.uid)
      ? undefined
      : `expected the uid of a custom dashboard of the estate, got ${JSON.stringify(link.uid)} (known: ${[...customUids].sort(compareStrings).join(", ") || "none"})`;
  }
  const name = link.service ?? fromService;
  const target = services.get(name);
  if (target === undefined) return `expected a service of the estate, got ${JSON.stringify(name)}`;
  const kinds = generatedKinds(target);
  return kinds.includes(link.dashboard!)
    ? undefined
    : `expected a dashboard ${name} has (${kinds.map((k) => JSON.stringify(k)).join(", ") || "none"}), got ${JSON.stringify(link.dashboard)}`;
}
