import { type Artifact, artifactsOf } from "../emit/artifact.ts";
import { withManifest } from "../emit/manifest.ts";
import { type Estate, type Sourced, sourcesOf } from "../model/estate.ts";
import type { Service } from "../model/service.ts";
import type { CompiledFile } from "../targets/compiled-file.ts";
import { alertLinksOf } from "../targets/grafana/alert-links.ts";
import { compileGrafana } from "../targets/grafana/compile.ts";
import {
  type GrafanaSettings,
  type GrafanaSettingsInput,
  grafanaSettings,
} from "../targets/grafana/settings.ts";
import { serviceSchemaFile } from "../targets/json-schema.ts";
import { lokiRulesFile } from "../targets/loki/compile.ts";
import { prometheusRulesFile } from "../targets/prometheus/compile.ts";
import type { KubernetesSettings } from "../model/estate-settings.ts";
import { lokiRuleResourceFiles } from "../targets/kubernetes/loki-rules.ts";
import { prometheusRuleFile } from "../targets/kubernetes/prometheus-rule.ts";
import { promtoolTestsFile } from "../targets/promtool/slo-tests.ts";
import type { RulersSettings } from "../model/rulers.ts";
import { compileRulerNamespaces } from "../targets/rulers/compile.ts";
import { alertmanagerFiles } from "../targets/alertmanager/compile.ts";

export interface CompileOptions {
  /** Grafana URL and datasources; defaults in src/targets/grafana/settings.ts. */
  grafana?: GrafanaSettingsInput;
  /** The Mimir/Cortex/Loki ruler layout (estate.json `rulers`); none without it. */
  rulers?: RulersSettings;
}

/**
 * Model → every target's files as typed data, one service at a time: each
 * service's rule files and tests, then the dashboards and provisioning, then
 * the schema. Pure: no disk, clock or environment. `build` and `check`
 * serialise them as they come (`emitEstate`), so memory stays at one
 * service's files however large the estate is; `lint` reads them as they are.
 */
export function* compileTargets(
  estate: Estate,
  options: CompileOptions = {},
): Generator<CompiledFile> {
  const grafana = estateGrafanaSettings(estate, options.grafana);
  const kubernetes = estate.settings?.kubernetes;
  for (const sourced of estate.services) yield* serviceFiles(sourced, grafana, { kubernetes });
  yield* compileGrafana(estate, grafana);
  yield* rulerFiles(estate, options.rulers, grafana);
  yield serviceSchemaFile();
  yield* alertmanagerFiles(estate);
}

/**
 * One service's rule files and tests (its dashboards come with the
 * estate's, sorted by path), then its Kubernetes resources, which wrap the
 * same rule groups.
 */
export function serviceFiles(
  sourced: Sourced<Service>,
  grafana: GrafanaSettings,
  options: { kubernetes?: KubernetesSettings | undefined } = {},
): CompiledFile[] {
  const { value: service } = sourced;
  const sources = sourcesOf(sourced);
  const links = { grafanaUrl: grafana.url, alertLinks: alertLinksOf(grafana) };
  const prometheus = prometheusRulesFile(service, sources, links);
  const loki = lokiRulesFile(service, sources, links);
  const k8s = { sources, settings: options.kubernetes };
  const files = [
    prometheus,
    loki,
    promtoolTestsFile(service, sources),
    prometheus && prometheusRuleFile(service, prometheus.content, k8s),
    ...(loki === undefined ? [] : lokiRuleResourceFiles(service, loki.content, k8s)),
  ];
  return files.filter((file) => file !== undefined);
}

/** The ruler namespace files, when the estate asks for a ruler layout. */
export function rulerFiles(
  estate: Estate,
  rulers: RulersSettings | undefined,
  grafana: GrafanaSettings,
): Iterable<CompiledFile> {
  return rulers === undefined
    ? []
    : compileRulerNamespaces(estate, rulers, {
        grafanaUrl: grafana.url,
        alertLinks: alertLinksOf(grafana),
      });
}

/** The Grafana settings of a build: estate.json's `grafana`, then the caller's overrides. */
export function estateGrafanaSettings(
  estate: Estate,
  overrides: GrafanaSettingsInput = {},
): GrafanaSettings {
  const fromEstate = estate.settings?.grafana;
  return grafanaSettings({
    ...(fromEstate !== undefined && {
      url: fromEstate.url,
      linkWindow: fromEstate.linkWindow,
      ...(fromEstate.orgId !== undefined && { orgId: fromEstate.orgId }),
    }),
    ...overrides,
  });
}

/**
 * Model → every artifact, in memory. `build` and `check` share the
 * compilation, so the same estate always gives the same bytes. The manifest
 * comes last and covers everything before it.
 */
export function compileEstate(estate: Estate, options: CompileOptions = {}): Artifact[] {
  return [...withManifest(emitEstate(estate, options))];
}

/** The same artifacts (no manifest), each compiled and serialised only when it is consumed. */
export function emitEstate(estate: Estate, options: CompileOptions = {}): Generator<Artifact> {
  return artifactsOf(compileTargets(estate, options));
}
