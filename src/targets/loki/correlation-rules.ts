import type { Service } from "../../model/service.ts";
import { compileRecord } from "../prometheus/compile.ts";
import {
  CORRELATION_RECORDS,
  correlationGroupName,
  logCorrelationOf,
} from "../shared/log-correlation.ts";
import { linesByLevel, scopedLines, validIds } from "../shared/correlation-queries.ts";
import type { LokiRuleGroup } from "./rule-file.ts";

/** What Loki evaluates the correlation rules every: the ruler's default, written out. */
const INTERVAL = "1m";

/**
 * The Loki half of a service's log–trace correlation objective: per level,
 * the request-scoped lines per 5 minutes and those of them that carry a
 * valid trace id and span id. Loki remote-writes both to Prometheus, where
 * the ratio, the objective and the alert are (prometheus/correlation-rules.ts).
 */
export function compileCorrelationGroups(service: Service): LokiRuleGroup[] {
  const correlation = logCorrelationOf(service);
  if (correlation === undefined) return [];
  const labels = { service: service.name };
  const scoped = scopedLines(correlation);
  const valid = [...scoped, ...validIds(correlation)];
  return [
    {
      name: correlationGroupName(service.name),
      interval: INTERVAL,
      rules: [
        compileRecord(service, {
          name: CORRELATION_RECORDS.requestScoped,
          expr: linesByLevel(correlation, scoped),
          labels,
        }),
        compileRecord(service, {
          name: CORRELATION_RECORDS.correlated,
          expr: linesByLevel(correlation, valid),
          labels,
        }),
      ],
    },
  ];
}
