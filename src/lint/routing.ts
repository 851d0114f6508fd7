import type { Estate } from "../model/estate.ts";
import { parsePromQL } from "../promql/parse.ts";
import type { EstateAlert } from "../targets/alertmanager/alerts.ts";
import { compileRouting } from "../targets/alertmanager/compile.ts";
import type { Catalogue } from "./catalogue.ts";
import type { RoutedAlert, RoutingContext } from "./check.ts";
import { createLabelEnv, inferLabels, lacksLabel } from "./promql/labels.ts";

/**
 * What the routing checks read: the compiled tree and inhibitions, and
 * every alert with what its labels can be. A label an alert does not set
 * statically may still come from its query: the catalogue-aware label
 * inference (src/lint/promql/labels.ts) says when the query's result
 * certainly lacks it. LogQL alerts are judged by their static labels only.
 */
export function routingContext(estate: Estate, catalogue: Catalogue): RoutingContext | undefined {
  const routing = estate.routing?.value;
  const compiled = compileRouting(estate);
  if (routing === undefined || compiled === undefined) return undefined;
  const env = createLabelEnv(catalogue);
  const alerts = compiled.alerts.map((alert): RoutedAlert => {
    const fromQuery = queryLacks(alert, env);
    return { ...alert, lacks: (label) => !(label in alert.labels) && fromQuery(label) };
  });
  return { routing, tree: compiled.tree, inhibitions: compiled.inhibitions, alerts };
}

function queryLacks(alert: EstateAlert, env: ReturnType<typeof createLabelEnv>) {
  if (alert.engine !== "prometheus") return () => false;
  const parsed = parsePromQL(alert.expr);
  if (parsed.errors.length > 0) return () => false;
  const set = inferLabels(alert.expr, parsed.tree.topNode, env);
  return (label: string) => lacksLabel(set, label);
}
