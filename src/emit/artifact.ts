import type { CompiledFile } from "../targets/compiled-file.ts";
import { generatedHeader, toJson, toYaml } from "./serialize.ts";

/** A file obsforge writes into out/, held in memory until the whole build succeeded. */
export interface Artifact {
  /** POSIX path relative to the output folder, e.g. `prometheus/api.rules.yml`. */
  path: string;
  content: string;
  /** Definition files (relative to the definitions folder) it was generated from. */
  sources: string[];
  /** sha256 of `content` when already known (the incremental cache keeps it), so it is not hashed again. */
  sha256?: string;
  /**
   * UTF-8 of `content` when already encoded: one Buffer shared by the hash,
   * the comparison with out/, the write and the cache entry, so 480 MB of
   * output is not converted to bytes once for each.
   */
  bytes?: Buffer;
}

/**
 * The bytes of one compiled file: the one place a target's typed output
 * becomes text. Rule files, tests and provisioning are YAML under a
 * comment naming their definitions; dashboards and the schema are JSON,
 * which has no comments.
 */
export function artifactOf(file: CompiledFile): Artifact {
  const { path, sources } = file;
  switch (file.kind) {
    case "grafana-dashboard":
    case "json-schema":
      return { path, content: toJson(file.content), sources };
    case "grafana-provisioning":
      return {
        path,
        content: toYaml(file.content, { header: generatedHeader(file.headerSources ?? sources) }),
        sources,
      };
    case "alertmanager-config":
      // What each inhibit rule is for, under the header: YAML data has no place for it.
      return yamlWithNotes(
        file,
        file.descriptions.map((d, i) => `inhibit_rules[${i}]: ${d}`),
      );
    case "alertmanager-crd":
      return yamlWithNotes(file, [
        `The Prometheus Operator adds namespace="${file.namespace}" to this resource's route and inhibit rules`,
        "unless the Alertmanager resource sets alertmanagerConfigMatcherStrategy: { type: None }:",
        "alerts reach these routes only with that label (or with the strategy set).",
      ]);
    case "grafana-alerting":
      // What the file cannot carry, where whoever mounts it reads it.
      return yamlWithNotes(file, [
        "Grafana-managed alerting: the routing's contact points, notification policy tree and mute timings.",
        "The policy tree replaces the organisation's whole tree. Grafana has no inhibition rules:",
        "the inhibitions are alertmanager.yml's only.",
      ]);
    case "alertmanager-tests":
    case "prometheus-rules":
    case "loki-rules":
    case "promtool-tests":
    case "kubernetes-prometheusrule":
    case "kubernetes-loki-rules":
    case "ruler-namespace":
      return { path, content: toYaml(file.content, { header: generatedHeader(sources) }), sources };
  }
}

/** A YAML file whose generated-file comment goes on with lines about what the file means. */
function yamlWithNotes(file: CompiledFile, notes: readonly string[]): Artifact {
  const header = [generatedHeader(file.sources), ...notes].join("\n");
  return { path: file.path, content: toYaml(file.content, { header }), sources: file.sources };
}

/** The same for a stream of files, each serialised only when it is consumed. */
export function* artifactsOf(files: Iterable<CompiledFile>): Generator<Artifact> {
  for (const file of files) yield artifactOf(file);
}
