import { z } from "zod";
import { labelsSchema } from "./common.ts";
import { metricSchema } from "./metric.ts";
import { SERVICE_NAME_RE } from "./names.ts";
import { ruleGroupSchema } from "./rule.ts";

/** A service: who owns it, what it exposes (catalogue) and how it is alerted on. */
export const serviceSchema = z
  .strictObject({
    kind: z.literal("service"),
    name: z.string().regex(SERVICE_NAME_RE, {
      error:
        "expected a service name of lowercase letters, digits, - and _ (it names output files)",
    }),
    team: z
      .string()
      .min(1, { error: "expected the owning team" })
      .meta({ description: "Owning team; set as the team label on alerts" }),
    description: z.string().optional(),
    labels: labelsSchema.default({}),
    metrics: z.array(metricSchema).default([]),
    groups: z.array(ruleGroupSchema).default([]),
  })
  .superRefine((service, ctx) => {
    uniqueBy(service.groups, (g) => g.name, "group name", ["groups"], ctx);
    uniqueBy(service.metrics, (m) => m.name, "metric name", ["metrics"], ctx);
  })
  .meta({ title: "obsforge service definition" });

function uniqueBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else
      ctx.addIssue({
        code: "custom",
        path: [...path, index, "name"],
        message: `expected a unique ${what}, got ${JSON.stringify(k)} again (also at ${path.join(".")}[${first}])`,
      });
  });
}

export type Service = z.infer<typeof serviceSchema>;
export type ServiceInput = z.input<typeof serviceSchema>;
