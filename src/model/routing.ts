import { z } from "zod";
import { labelNameSchema } from "./common.ts";
import { durationSchema } from "./duration.ts";
import { receiverNameSchema, receiverSchema } from "./receivers.ts";
import { ALERT_NAME_RE } from "../core/names.ts";
import { timeIntervalSchema } from "./time-intervals.ts";

/**
 * Alert routing: the estate's Alertmanager configuration. One definition
 * module (`defineRouting`) holds it; the routes are derived from the
 * services (each service's team gets its alerts, the severity picks the
 * team's page or ticket receivers), the inhibitions from the SLOs, and
 * everything derived can be overridden or turned off here.
 */

const nameRef = (what: string) =>
  z
    .string()
    .min(1, { error: `expected the name of a ${what}` })
    .meta({ description: what });

export const matcherSchema = z.union(
  [z.string(), z.strictObject({ op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() })],
  { error: 'expected a label value or { op: "=~", value: "…" }' },
);

/** Label → value (equality) or `{ op, value }`; Alertmanager's `matchers`. */
export const matchersSchema = z.record(labelNameSchema, matcherSchema);

const receiverListSchema = z.union([nameRef("receiver"), z.array(nameRef("receiver")).min(1)]);

/** Who a team's alerts of one level go to, and when. */
const teamLevelSchema = z
  .union([
    receiverListSchema,
    z.strictObject({
      receivers: receiverListSchema,
      activeTimeIntervals: z.array(nameRef("time interval")).default([]),
      muteTimeIntervals: z.array(nameRef("time interval")).default([]),
    }),
  ])
  .transform((level) => {
    const full = typeof level === "object" && !Array.isArray(level) ? level : { receivers: level };
    const receivers = typeof full.receivers === "string" ? [full.receivers] : full.receivers;
    return {
      receivers,
      activeTimeIntervals: "activeTimeIntervals" in full ? full.activeTimeIntervals : [],
      muteTimeIntervals: "muteTimeIntervals" in full ? full.muteTimeIntervals : [],
    };
  });

export const teamRoutingSchema = z.strictObject({
  page: teamLevelSchema.meta({ description: "Receivers of the team's page alerts" }),
  ticket: teamLevelSchema.meta({ description: "Receivers of the team's ticket alerts" }),
});

const timingSchema = z.strictObject({
  groupWait: durationSchema,
  groupInterval: durationSchema,
  repeatInterval: durationSchema,
});

/**
 * Alertmanager's own defaults (30s, 5m, 4h) for pages: the first page goes
 * out fast. Tickets wait longer so that one incident's tickets arrive as
 * one notification, and repeat once a working day.
 */
export const DEFAULT_TIMING = {
  page: { groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" },
  ticket: { groupWait: "5m", groupInterval: "30m", repeatInterval: "24h" },
} as const;

export const groupingSchema = z
  .strictObject({
    groupBy: z.array(labelNameSchema).min(1).default(["alertname", "service"]),
    page: timingSchema.default({ ...DEFAULT_TIMING.page }),
    ticket: timingSchema.default({ ...DEFAULT_TIMING.ticket }),
  })
  .prefault({});

/** A hand-written route, placed before the derived ones so it wins. */
export const routeSchema = z.strictObject({
  description: z.string().optional(),
  matchers: matchersSchema.refine((m) => Object.keys(m).length > 0, {
    error: "expected at least one matcher",
  }),
  receivers: z.array(nameRef("receiver")).min(1),
  /** Keep matching the routes after this one (Alertmanager's `continue`). */
  continue: z.boolean().default(false),
  groupBy: z.array(labelNameSchema).min(1).optional(),
  groupWait: durationSchema.optional(),
  groupInterval: durationSchema.optional(),
  repeatInterval: durationSchema.optional(),
  activeTimeIntervals: z.array(nameRef("time interval")).default([]),
  muteTimeIntervals: z.array(nameRef("time interval")).default([]),
});

export const inhibitRuleSchema = z.strictObject({
  description: z.string().optional(),
  source: matchersSchema,
  target: matchersSchema,
  equal: z.array(labelNameSchema).default([]),
});

export const inhibitionsSchema = z
  .strictObject({
    /** A firing page of an SLO inhibits its tickets (equal sloth_id). */
    sloPageInhibitsTicket: z.boolean().default(true),
    /** A faster tier inhibits the slower tiers of the same SLO (per-tier alerts, `slo_tier`). */
    sloFasterTierInhibitsSlower: z.boolean().default(true),
    /**
     * A service-down alert inhibits every other alert of its service.
     * `alerts`: the down alerts' names (default: every alert whose
     * expression is `up{…} == 0`). `false` turns it off.
     */
    serviceDown: z
      .union([
        z.literal(false),
        z.strictObject({
          alerts: z
            .array(z.string().regex(ALERT_NAME_RE, { error: "expected an alert name" }))
            .optional(),
          equal: z.array(labelNameSchema).min(1).default(["service"]),
        }),
      ])
      .default({ equal: ["service"] }),
    rules: z.array(inhibitRuleSchema).default([]),
  })
  .prefault({});

const labelSetSchema = z.record(labelNameSchema, z.string());

export const routingExpectationsSchema = z
  .strictObject({
    /** An alert with these labels reaches exactly these receivers (checked by amtool). */
    routes: z
      .array(
        z.strictObject({
          description: z.string().optional(),
          labels: labelSetSchema,
          receivers: z.array(nameRef("receiver")).min(1),
        }),
      )
      .default([]),
    /** While `firing` fires, an alert with `target`'s labels is (or is not) inhibited. */
    inhibitions: z
      .array(
        z.strictObject({
          description: z.string().optional(),
          firing: labelSetSchema,
          target: labelSetSchema,
          inhibited: z.boolean(),
        }),
      )
      .default([]),
    /** At `at` (RFC 3339), an alert with these labels is (or is not) muted on its route. */
    timeIntervals: z
      .array(
        z.strictObject({
          description: z.string().optional(),
          labels: labelSetSchema,
          receiver: nameRef("receiver")
            .optional()
            .meta({ description: "Only the route to this receiver (an alert may reach several)" }),
          at: z.iso.datetime({
            offset: true,
            error: "expected an RFC 3339 time such as 2026-03-02T10:00:00Z",
          }),
          muted: z.boolean(),
        }),
      )
      .default([]),
  })
  .prefault({});

export const namedTimeIntervalSchema = z.strictObject({
  name: nameRef("time interval"),
  intervals: z.array(timeIntervalSchema).min(1),
});

/** Severity label value → the team receivers it goes to. */
export const DEFAULT_SEVERITY_LEVELS: Record<string, "page" | "ticket"> = {
  critical: "page",
  info: "ticket",
  page: "page",
  ticket: "ticket",
  warning: "ticket",
};

/** The contact point every Grafana organisation starts with. */
export const GRAFANA_DEFAULT_CONTACT_POINT = "grafana-default-email";

export const routingSchema = z
  .strictObject({
    kind: z.literal("routing"),
    receivers: z.array(receiverSchema).min(1),
    /** The root route's receiver; obsforge adds it (with no integrations) when no receiver has its name. */
    defaultReceiver: receiverNameSchema.default("unrouted"),
    teams: z.record(z.string().min(1), teamRoutingSchema).default({}),
    severities: z
      .record(z.string().min(1), z.enum(["page", "ticket"]))
      .default({ ...DEFAULT_SEVERITY_LEVELS }),
    grouping: groupingSchema,
    timeIntervals: z.array(namedTimeIntervalSchema).default([]),
    routes: z.array(routeSchema).default([]),
    inhibitions: inhibitionsSchema,
    expect: routingExpectationsSchema,
    /**
     * Also write a Prometheus Operator `AlertmanagerConfig` resource
     * (out/alertmanager/alertmanagerconfig.yml) in this namespace. Secrets
     * become keys of one Kubernetes Secret: a receiver's `…File` path names
     * the key by its file name (`/etc/alertmanager/secrets/slack-url` → key
     * `slack-url` of `secret`).
     */
    kubernetes: z
      .strictObject({
        namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
          error: "expected a Kubernetes namespace name (RFC 1123 label)",
        }),
        name: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, {
            error: "expected a Kubernetes object name (RFC 1123 subdomain)",
          })
          .default("obsforge"),
        secret: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, {
            error: "expected a Kubernetes Secret name (RFC 1123 subdomain)",
          })
          .default("alertmanager-secrets"),
      })
      .optional(),
    /**
     * Also write Grafana-managed alerting provisioning
     * (out/grafana/provisioning/alerting.yml): one contact point per
     * receiver, the same route tree as notification policies, the time
     * intervals as mute timings. Secrets are `$__file{path}` references to
     * the same files. Grafana has no inhibition rules, so the inhibitions
     * stay Alertmanager's.
     */
    grafana: z
      .strictObject({
        orgId: z
          .int()
          .min(1, { error: "expected a Grafana organisation id (1 or more)" })
          .default(1),
        defaultContactPoint: z.string().min(1).default(GRAFANA_DEFAULT_CONTACT_POINT).meta({
          description:
            "The root policy's contact point when defaultReceiver is not a declared receiver (Grafana cannot provision an empty one)",
        }),
      })
      .optional(),
  })
  .meta({ title: "obsforge alert routing" });

export type Routing = z.infer<typeof routingSchema>;
export type RoutingInput = z.input<typeof routingSchema>;
export type Route = z.infer<typeof routeSchema>;
export type InhibitRule = z.infer<typeof inhibitRuleSchema>;
export type RouteMatchers = z.infer<typeof matchersSchema>;
export type TeamRouting = z.infer<typeof teamRoutingSchema>;
export type NamedTimeInterval = z.infer<typeof namedTimeIntervalSchema>;
export type GrafanaAlertingSettings = NonNullable<Routing["grafana"]>;
