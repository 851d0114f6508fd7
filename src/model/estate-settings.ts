import { z } from "zod";
import { VERSION_RE } from "../core/version.ts";
import { kubernetesLabelsSchema, kubernetesNameSchema } from "./kubernetes.ts";
import { rulersSettingsSchema } from "./rulers.ts";

/**
 * Estate-wide settings: `estate.json` beside the definitions (read by
 * src/load/estate-file.ts). Each deploy target owns one key, so targets
 * added side by side do not touch each other's settings.
 */

const versionSchema = z.string().regex(VERSION_RE, {
  error: 'expected a version as MAJOR.MINOR or MAJOR.MINOR.PATCH, such as "2.53"',
});

/** The version of each engine the estate deploys to; fields newer than it are build errors. */
export const targetVersionsSchema = z
  .strictObject({
    prometheus: versionSchema.optional().meta({
      description:
        "Prometheus version the rule files load into (default 2.42, the promtool the tests run)",
    }),
    loki: versionSchema.optional().meta({ description: "Loki version of the ruler" }),
    mimir: versionSchema
      .optional()
      .meta({ description: "Mimir version of the ruler, when rules are also synced to Mimir" }),
  })
  .meta({ description: "Engine versions the estate deploys to" });

export const lokiOperatorSchema = z
  .strictObject({
    tenantID: z
      .string()
      .min(1, { error: "expected the Loki tenant the rules are evaluated in" })
      .meta({ description: "spec.tenantID of the AlertingRule and RecordingRule resources" }),
    labels: kubernetesLabelsSchema
      .optional()
      .meta({ description: "metadata.labels the LokiStack's rules.selector matches" }),
  })
  .meta({
    description:
      "Write Loki rules as the Loki operator's AlertingRule/RecordingRule (loki.grafana.com/v1) too",
  });

export const kubernetesSettingsSchema = z
  .strictObject({
    namespace: kubernetesNameSchema
      .optional()
      .meta({ description: "metadata.namespace of every resource (none: kubectl's current)" }),
    labels: kubernetesLabelsSchema.optional(),
    loki: lokiOperatorSchema.optional(),
  })
  .meta({
    description:
      "Write out/kubernetes/<service>.prometheusrule.yml: the Prometheus Operator's PrometheusRule per service",
  });

/**
 * Where Grafana is, for the links on every alert: its dashboard and Grafana
 * Explore on the service's logs and traces (src/targets/grafana/alert-links.ts).
 */
export const grafanaEstateSchema = z
  .strictObject({
    url: z
      .url({ error: "expected the absolute URL of Grafana, e.g. https://grafana.example.com" })
      .meta({ description: "Grafana's base URL (with its sub-path, if any)" }),
    orgId: z.int().positive().optional().meta({ description: "Grafana organisation of the links" }),
    linkWindow: z
      .string()
      .regex(/^[1-9][0-9]*[smhdw]$/, {
        error: 'expected a Grafana relative range such as "30m", "1h" or "1d"',
      })
      .default("1h")
      .meta({
        description:
          "How far back Explore links look, from now (alert annotations cannot hold the alert's start)",
      }),
  })
  .meta({ description: "Link every alert to its dashboard and to Explore on its logs and traces" });

export const estateSettingsSchema = z
  .strictObject({
    $schema: z.string().optional(),
    kubernetes: kubernetesSettingsSchema.optional(),
    grafana: grafanaEstateSchema.optional(),
    targets: targetVersionsSchema.optional(),
    rulers: rulersSettingsSchema.optional(),
  })
  .meta({ title: "obsforge estate settings (definitions/estate.json)" });

export type EstateSettings = z.infer<typeof estateSettingsSchema>;
export type KubernetesSettings = z.infer<typeof kubernetesSettingsSchema>;
export type GrafanaEstateSettings = z.infer<typeof grafanaEstateSchema>;
export type LokiOperatorSettings = z.infer<typeof lokiOperatorSchema>;
export type TargetVersions = z.infer<typeof targetVersionsSchema>;

export { ESTATE_FILE } from "../core/estate-file-name.ts";
