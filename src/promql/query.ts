import { matchers, type Matchers } from "../core/label-matchers.ts";
import { METRIC_NAME_RE } from "../core/names.ts";

/** `metric{labels}`: an instant-vector selector. */
export function selector(metric: string, labels: Matchers = {}): string {
  if (!METRIC_NAME_RE.test(metric)) {
    throw new TypeError(
      `Invalid metric name ${JSON.stringify(metric)}: expected [a-zA-Z_:][a-zA-Z0-9_:]*`,
    );
  }
  return Object.keys(labels).length === 0 ? metric : `${metric}${matchers(labels)}`;
}
