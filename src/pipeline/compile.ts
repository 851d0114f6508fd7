import type { Artifact } from "../emit/artifact.ts";
import { withManifest } from "../emit/manifest.ts";
import { ARTIFACT_PATHS } from "../emit/paths.ts";
import { generatedHeader, toJson, toYaml } from "../emit/serialize.ts";
import { type Estate, sourcesOf } from "../model/estate.ts";
import { serviceJsonSchema } from "../model/json-schema.ts";
import { compileLokiRules, hasLokiRules } from "../targets/loki/compile.ts";
import { emitGrafana } from "../targets/grafana/compile.ts";
import { type GrafanaSettingsInput, grafanaSettings } from "../targets/grafana/settings.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import { compileSloTests } from "../targets/promtool/slo-tests.ts";

export interface CompileOptions {
  /** Grafana URL and datasources; defaults in src/targets/grafana/settings.ts. */
  grafana?: GrafanaSettingsInput;
}

/**
 * Model → every artifact, in memory. Pure: no disk, clock or environment,
 * so `build` and `check` share it and the same estate always gives the same
 * bytes. The manifest comes last and covers everything before it.
 */
export function compileEstate(estate: Estate, options: CompileOptions = {}): Artifact[] {
  return [...withManifest(emitEstate(estate, options))];
}

/**
 * The same artifacts, produced one service at a time (no manifest): `build`
 * and `check` consume them as they come, so memory stays at one service's
 * artifacts however large the estate is.
 */
export function* emitEstate(estate: Estate, options: CompileOptions = {}): Generator<Artifact> {
  const grafana = grafanaSettings(options.grafana);
  for (const sourced of estate.services) {
    const { value: service } = sourced;
    const sources = sourcesOf(sourced);
    if (service.groups.length > 0 || service.slos.length > 0) {
      yield {
        path: ARTIFACT_PATHS.prometheusRules(service.name),
        content: toYaml(compilePrometheusRules(service, { grafanaUrl: grafana.url }), {
          header: generatedHeader(sources),
        }),
        sources,
      };
    }
    if (hasLokiRules(service)) {
      yield {
        path: ARTIFACT_PATHS.lokiRules(service.name),
        content: toYaml(compileLokiRules(service, { grafanaUrl: grafana.url }), {
          header: generatedHeader(sources),
        }),
        sources,
      };
    }
    const tests = compileSloTests(service, `../prometheus/${service.name}.rules.yml`);
    if (tests !== undefined) {
      yield {
        path: ARTIFACT_PATHS.tests(service.name),
        content: toYaml(tests, { header: generatedHeader(sources) }),
        sources,
      };
    }
  }
  yield* emitGrafana(estate, grafana);
  yield { path: "schema/service.schema.json", content: toJson(serviceJsonSchema()), sources: [] };
}
