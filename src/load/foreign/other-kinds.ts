import { statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { editDistance } from "../../core/edit-distance.ts";
import { closestName } from "../../core/suggest.ts";

/**
 * Files `obsforge lint DIR` finds beside the rules and recognises as
 * something lint does not check. A repository holds far more YAML and JSON
 * than rules (CI, charts, manifests, tool config); erroring on each would
 * make `lint .` fail on every real repository, so a folder walk skips them
 * and lists them in one line. Only a *positive* recognition skips: a
 * document that matches nothing stays an error, and so does one that looks
 * almost like what lint reads (`group:` for `groups:`, `kind: PrometheusRules`),
 * so a misspelt rule file is never passed over. A file named on the command
 * line must be lintable whatever it is.
 *
 * Content decides where teams choose the name (prometheus.yml may be called
 * anything); the name decides where the tool fixes it (package.json, a
 * chart's Chart.yaml, .github/workflows/). A document lint can read is
 * linted first, whatever its file is called.
 */
export interface OtherKind {
  id: string;
  /** For the skip line: what such files are, plural, before their names in parentheses. */
  label: string;
  /** For the error on such a file named on the command line: what it is, singular. */
  what: string;
  /** Whether a parsed document is one, read from the keys that define the format. */
  matches?: (doc: Obj) => boolean;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A mapping that is no resource (no `apiVersion`, no `kind`) and not one
 * slip from a rule file: the only documents the config formats below may
 * claim, so a misspelt rule file beside `rule_files:` is still an error.
 */
function plain(doc: Obj): boolean {
  return !("apiVersion" in doc) && !("kind" in doc) && nearRuleFileKey(doc) === undefined;
}

/**
 * The kinds, in the order documents are tried and the skip line lists
 * them. `matches` reads content; kinds known by name are `recogniseFile`'s.
 */
export const OTHER_KINDS = {
  /** promtool's unit tests: `obsforge test DIR` runs them, and promtool refuses a `rule_files` entry that does not resolve, so lint checking it would say it twice. */
  promtoolTest: {
    id: "promtool-test",
    label: "promtool tests, run by obsforge test",
    what: "a promtool test file (obsforge test runs those)",
    matches: (doc) => plain(doc) && isPromtoolTest(doc),
  },
  /** Loki, Mimir, Tempo, Promtail, Grafana Agent (`server:` and their components): the ruler reads rules elsewhere. Before Prometheus's, as Promtail and Agent have `scrape_configs` too. */
  grafanaStackConfig: {
    id: "grafana-stack-config",
    label: "Loki, Mimir, Tempo, Promtail or Agent configs",
    what: "a Loki, Mimir, Tempo, Promtail or Grafana Agent config",
    matches: (doc) =>
      plain(doc) && isObject(doc.server) && GRAFANA_STACK_KEYS.some((k) => k in doc),
  },
  /** prometheus.yml: scrape and remote-write config, read by the server, not by a ruler. */
  prometheusConfig: {
    id: "prometheus-config",
    label: "Prometheus configs",
    what: "a Prometheus server config",
    matches: (doc) =>
      plain(doc) && !("tests" in doc) && PROMETHEUS_CONFIG_KEYS.some((k) => k in doc),
  },
  /** alertmanager.yml: routing, which `obsforge build` writes and amtool checks. */
  alertmanagerConfig: {
    id: "alertmanager-config",
    label: "Alertmanager configs",
    what: "an Alertmanager config",
    matches: (doc) => plain(doc) && (isObject(doc.route) || Array.isArray(doc.receivers)),
  },
  /** The OpenTelemetry Collector's pipelines: `receivers` and `exporters` mappings, `service.pipelines`. */
  otelCollectorConfig: {
    id: "otel-collector-config",
    label: "OpenTelemetry Collector configs",
    what: "an OpenTelemetry Collector config",
    matches: (doc) =>
      plain(doc) &&
      ((isObject(doc.service) && isObject(doc.service.pipelines)) ||
        (isObject(doc.receivers) && isObject(doc.exporters))),
  },
  /** blackbox.yml: probe modules, each naming its `prober`. */
  blackboxConfig: {
    id: "blackbox-config",
    label: "blackbox exporter configs",
    what: "a blackbox exporter config",
    matches: (doc) => plain(doc) && isBlackboxConfig(doc),
  },
  /** Grafana provisioning (`apiVersion: 1`): data sources, dashboard providers, contact points, and Grafana-managed alerts, whose `groups:` are not Prometheus's. */
  grafanaProvisioning: {
    id: "grafana-provisioning",
    label: "Grafana provisioning",
    what: "a Grafana provisioning file",
    // "1": a file is read with its scalars as written first (read.ts).
    matches: (doc) => (doc.apiVersion === 1 || doc.apiVersion === "1") && !("kind" in doc),
  },
  /** Prometheus deployed from plain manifests keeps its rule files as ConfigMap strings, which lint does not read: listed apart, so they are not taken for linted. */
  configMapRules: {
    id: "configmap-rules",
    label: "ConfigMaps holding rule files, not linted",
    what: "a ConfigMap holding a rule file (lint reads the rule file itself)",
    matches: (doc) =>
      doc.kind === "ConfigMap" &&
      isObject(doc.data) &&
      Object.values(doc.data).some((v) => typeof v === "string" && /^groups:/m.test(v)),
  },
  /** Deployments, ConfigMaps, ServiceMonitors: the cluster's, not rules. A kind one slip from a rule resource is not one of them. */
  kubernetes: {
    id: "kubernetes",
    label: "Kubernetes manifests of other kinds",
    what: "a Kubernetes resource of another kind",
    matches: (doc) =>
      typeof doc.apiVersion === "string" &&
      KUBERNETES_API_VERSION.test(doc.apiVersion) &&
      typeof doc.kind === "string" &&
      nearLintableKind(doc) === undefined,
  },
  /** Chart.yaml and a chart's values files (by name): Helm's own; the rules are in the chart's templates. */
  helmChart: {
    id: "helm-chart",
    label: "Helm chart files",
    what: "a Helm chart file",
  },
  /** Files that name their own JSON Schema (biome.json, SARIF, JSON Schemas): they say what they are. */
  ownSchema: {
    id: "own-schema",
    label: "files naming their own $schema",
    what: "a file naming its own $schema",
    matches: (doc) => plain(doc) && typeof doc.$schema === "string",
  },
  /** package.json, tsconfig.json, CI workflows, compose files (by name): named by the tool that reads them. */
  toolFile: {
    id: "tool-file",
    label: "CI and tool files",
    what: "a CI or tool file",
  },
  /** What `obsforge build` writes besides rules and dashboards (its header, out/manifest.json), and its config. */
  obsforge: {
    id: "obsforge",
    label: "obsforge's own files",
    what: "an obsforge file",
    matches: (doc) => plain(doc) && isObsforgeManifest(doc),
  },
} as const satisfies Record<string, OtherKind>;

const KINDS: readonly OtherKind[] = Object.values(OTHER_KINDS);

/** Order of kinds on the skip line: the table's. */
export function compareOtherKinds(a: OtherKind, b: OtherKind): number {
  return KINDS.findIndex((k) => k.id === a.id) - KINDS.findIndex((k) => k.id === b.id);
}

/**
 * What one parsed document is, when it is positively something lint does
 * not check; undefined when it is nothing known, or close to what lint reads.
 */
export function recogniseDocument(doc: unknown): OtherKind | undefined {
  if (!isObject(doc)) return undefined;
  return KINDS.find((kind) => kind.matches?.(doc) === true);
}

/** `v1`, `apps/v1`, `monitoring.coreos.com/v1alpha1`: an API group's version, as Kubernetes writes it. */
const KUBERNETES_API_VERSION = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?v\d+((alpha|beta)\d*)?$/;

/** The keys only a Prometheus server config has at its top level (`global` is Alertmanager's too). */
const PROMETHEUS_CONFIG_KEYS = [
  "scrape_configs",
  "scrape_config_files",
  "remote_write",
  "remote_read",
  "rule_files",
  "alerting",
];

/** Top-level components of Loki, Mimir and Tempo (beside `server:`), Promtail's and Grafana Agent's. */
const GRAFANA_STACK_KEYS = [
  "auth_enabled",
  "multitenancy_enabled",
  "target",
  "common",
  "ingester",
  "distributor",
  "querier",
  "ruler",
  "compactor",
  "storage_config",
  "schema_config",
  "limits_config",
  "blocks_storage",
  "memberlist",
  "positions",
  "clients",
  "metrics",
  "logs",
  "traces",
  "integrations",
];

/** `modules:` whose every module names its prober (http, tcp, icmp, dns, grpc). */
function isBlackboxConfig(doc: Obj): boolean {
  const modules = doc.modules;
  if (!isObject(modules)) return false;
  const values = Object.values(modules);
  return values.length > 0 && values.every((m) => isObject(m) && typeof m.prober === "string");
}

/** The keys of one of promtool's test groups that only a test group has. */
const PROMTOOL_TEST_KEYS = ["input_series", "alert_rule_test", "promql_expr_test"];

/**
 * A `tests:` list beside `rule_files:`, or whose groups are promtool's
 * (`tests:` alone is too common a key): what `obsforge test DIR` runs.
 */
function isPromtoolTest(doc: Obj): boolean {
  if (!Array.isArray(doc.tests)) return false;
  if ("rule_files" in doc) return true;
  return (
    doc.tests.length > 0 &&
    doc.tests.every((t) => isObject(t) && PROMTOOL_TEST_KEYS.some((k) => k in t))
  );
}

/** out/manifest.json: `{ artifacts: [{ path, sha256, sources }] }`, what `obsforge build` wrote. */
function isObsforgeManifest(doc: Obj): boolean {
  return (
    Object.keys(doc).length === 1 &&
    Array.isArray(doc.artifacts) &&
    doc.artifacts.every((a) => isObject(a) && typeof a.sha256 === "string")
  );
}

/** Kubernetes kinds lint reads (detect.ts); a kind one slip from them is a typo, not another resource. */
const LINTABLE_RESOURCE_KINDS = [
  "PrometheusRule",
  "AlertingRule",
  "RecordingRule",
  "PrometheusServiceLevel",
  "ServiceLevelObjective",
];

/** OpenSLO: lint reads every kind of it, so a kind under another version is not a stranger. */
const LINTABLE_API = /^openslo\//;

/**
 * The lintable resource a document of another kind is probably meant to be:
 * `kind: PrometheusRules`, `kind: prometheusrule`, an OpenSLO kind of a
 * version lint does not know, or a PrometheusRule under a wrong apiVersion.
 */
export function nearLintableKind(doc: Obj): string | undefined {
  const kind = String(doc.kind);
  if (LINTABLE_RESOURCE_KINDS.includes(kind)) return kind;
  if (LINTABLE_API.test(String(doc.apiVersion))) return kind;
  // Sloth's AlertWindows and other kinds of the same groups are not a slip: only a near name is.
  const lower = kind.toLowerCase();
  const exact = LINTABLE_RESOURCE_KINDS.find((k) => k.toLowerCase() === lower);
  return exact ?? closestName(kind, LINTABLE_RESOURCE_KINDS);
}

/**
 * The top-level key one slip from `groups` (`group`, `grups`, `Groups`,
 * `gruops`), `groups` itself, or a bare `rules`. One edit, not the two
 * "did you mean" allows elsewhere, nor its word matching: `groupId` and
 * `attribute_groups` are other formats' keys.
 */
export function nearRuleFileKey(doc: Obj): string | undefined {
  return Object.keys(doc).find(
    (key) =>
      key === "rules" || editDistance(key.toLowerCase(), "groups", 1, { swapIsOneEdit: true }) <= 1,
  );
}

/** Files Helm reads beside a chart's Chart.yaml (the chart's own templates are template-files.ts's). */
const CHART_VALUES = /^values([.-][\w.-]+)?\.ya?ml$|^values\.schema\.json$/;

/** Folders that hold only CI and editor config (workflows, issue forms, dev containers). */
const TOOL_FOLDERS = new Set([
  ".github",
  ".gitlab",
  ".circleci",
  ".buildkite",
  ".vscode",
  ".devcontainer",
]);
/** Files read by their fixed names. */
const TOOL_FILES = new Set([
  // JavaScript and TypeScript projects
  "package.json",
  "package-lock.json",
  "npm-shrinkwrap.json",
  "jsconfig.json",
  "biome.json",
  "biome.jsonc",
  "deno.json",
  "lerna.json",
  "nx.json",
  "turbo.json",
  "renovate.json",
  ".renovaterc.json",
  ".eslintrc.json",
  ".prettierrc.json",
  "composer.json",
  // monitoring mixins vendor with jsonnet-bundler
  "jsonnetfile.json",
  "jsonnetfile.lock.json",
  // CI and repository tooling
  ".gitlab-ci.yml",
  ".travis.yml",
  ".drone.yml",
  "azure-pipelines.yml",
  "bitbucket-pipelines.yml",
  ".pre-commit-config.yaml",
  ".pre-commit-hooks.yaml",
  ".golangci.yml",
  ".golangci.yaml",
  ".goreleaser.yml",
  ".goreleaser.yaml",
  "codecov.yml",
  ".codecov.yml",
  ".yamllint.yml",
  ".yamllint.yaml",
  ".markdownlint.json",
  ".markdownlint.yaml",
  "mkdocs.yml",
  ".readthedocs.yaml",
  "buf.yaml",
  "buf.gen.yaml",
]);
const TSCONFIG = /^tsconfig(\.[\w.-]+)?\.json$/;
const COMPOSE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/;
const KUSTOMIZATION = /^kustomization\.ya?ml$/i;
/** `obsforge build`'s header on every YAML file it writes. */
const OBSFORGE_HEADER = "# Generated by obsforge";
const OBSFORGE_FILES = new Set(["obsforge.config.json", "estate.json"]);

/**
 * What a file is by its name (and, for a chart's values, its folder), or by
 * obsforge's own header; undefined when its name says nothing. `file` is the
 * path as displayed (relative, `/`-separated), `path` the absolute one.
 */
export function recogniseFile(
  file: string,
  options: { path: string; text: string },
): OtherKind | undefined {
  const name = basename(file);
  if (file.split("/").some((part) => TOOL_FOLDERS.has(part))) return OTHER_KINDS.toolFile;
  if (TOOL_FILES.has(name) || TSCONFIG.test(name) || COMPOSE.test(name))
    return OTHER_KINDS.toolFile;
  if (KUSTOMIZATION.test(name)) return OTHER_KINDS.kubernetes;
  if (name === "Chart.yaml") return OTHER_KINDS.helmChart;
  if (CHART_VALUES.test(name) && isFile(join(dirname(options.path), "Chart.yaml")))
    return OTHER_KINDS.helmChart;
  if (OBSFORGE_FILES.has(name) || options.text.startsWith(OBSFORGE_HEADER))
    return OTHER_KINDS.obsforge;
  return undefined;
}

/**
 * Synchronous on purpose: an await between reading a file and parsing it
 * made `lint FILE` on a 60,000-rule file peak at 786 MiB instead of 456 in
 * about half the runs (measured, 8 runs each way; why the turn lets the
 * heap grow is not pinned down), and this stat is made only for a
 * `values*.yaml` name.
 */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
