import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE } from "js-yaml";
import type { FieldPath } from "../core/problem.ts";
import type { FieldLocator, LocatedField } from "./located.ts";
import { rulefmtPath } from "../model/plain-rules.ts";
import { type SpecFormat, specFieldPaths } from "./spec-paths.ts";

/**
 * Field paths of one YAML document mapped to where they are written, from
 * the offsets js-yaml's parser gives every node (its event stream; no
 * other YAML parser is needed). Sloth, OpenSLO and Pyrra specs become the
 * obsforge model under other field names, so a model path is tried as
 * written first and then as the spec spells it (`specPaths`); when the
 * spec's spelling is where it was found, problems name it so (`writtenPath`).
 */

type YamlNode =
  | { kind: "map"; start: number; entries: [YamlNode, YamlNode][] }
  | { kind: "seq"; start: number; items: YamlNode[] }
  | { kind: "scalar"; start: number; end: number; event: Event & { type: 4 } }
  | { kind: "alias"; start: number; end: number };

/** The root node of each document of `text`, or undefined when it does not parse. */
function documents(text: string): (YamlNode | undefined)[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  const docs: (YamlNode | undefined)[] = [];
  const stack: (YamlNode | { kind: "doc"; root?: YamlNode })[] = [];
  const pending: (YamlNode | undefined)[] = [];
  const add = (node: YamlNode) => {
    const parent = stack.at(-1);
    if (parent === undefined) return;
    if (parent.kind === "doc") parent.root = node;
    else if (parent.kind === "seq") parent.items.push(node);
    else if (parent.kind === "map") {
      const depth = stack.length - 1;
      const key = pending[depth];
      if (key === undefined) pending[depth] = node;
      else {
        parent.entries.push([key, node]);
        pending[depth] = undefined;
      }
    }
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        stack.push({ kind: "doc" });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const node: YamlNode =
          event.type === EVENT_ID.MAPPING
            ? { kind: "map", start: event.start, entries: [] }
            : { kind: "seq", start: event.start, items: [] };
        add(node);
        stack.push(node);
        pending[stack.length - 1] = undefined;
        break;
      }
      case EVENT_ID.SCALAR:
        add({ kind: "scalar", start: event.valueStart, end: event.valueEnd, event });
        break;
      case EVENT_ID.ALIAS:
        add({ kind: "alias", start: event.anchorStart - 1, end: event.anchorEnd });
        break;
      case EVENT_ID.POP: {
        const done = stack.pop();
        if (done?.kind === "doc") docs.push(done.root);
        break;
      }
    }
  }
  return docs;
}

/** The locator for document `index` (0-based) of `text`. */
export function yamlLocator(text: string, index: number): FieldLocator | undefined {
  const root = documents(text)?.[index];
  if (root === undefined) return undefined;
  const locate = (node: YamlNode, path: FieldPath): LocatedField | undefined => {
    // An item of a list of specs (OpenSLO files often are one) spells the rest of the path as its own kind does.
    const [first, ...rest] = path;
    const item = typeof first === "number" && node.kind === "seq" ? node.items[first] : undefined;
    if (item !== undefined && rest.length > 0 && specKind(item, text) !== "other") {
      const found = locate(item, rest);
      if (found?.writtenPath !== undefined)
        return { ...found, writtenPath: [first!, ...found.writtenPath] };
      if (found !== undefined) return found;
    }
    return locateFrom(node, path, text);
  };
  return (path) => locate(root, path);
}

/** A model path in the document or list item `root`, tried as written and then as its kind spells it. */
function locateFrom(root: YamlNode, path: FieldPath, text: string): LocatedField | undefined {
  const kind = specKind(root, text);
  const walk = (path: FieldPath): { field: LocatedField; matched: number } | undefined => {
    let node = root;
    let key: YamlNode | undefined;
    let matched = 0;
    for (const part of path) {
      const next = step(node, part, text);
      if (next === undefined) break;
      ({ node, key } = next);
      matched++;
    }
    if (matched === 0) return undefined;
    const field = located(node, key, text, matched === path.length);
    return {
      field: key?.kind === "scalar" ? { ...field, key: { start: key.start, end: key.end } } : field,
      matched,
    };
  };
  const spelled = specPaths(kind, path);
  let best: { field: LocatedField; matched: number; candidate: FieldPath } | undefined;
  for (const candidate of [path, ...spelled]) {
    const found = walk(candidate);
    if (found?.field.exact === true) {
      best = { ...found, candidate };
      break;
    }
    if (found !== undefined && (best === undefined || found.matched > best.matched))
      best = { ...found, candidate };
  }
  if (best === undefined) return undefined;
  // A rule file is its own spelling of plain groups: problems name the field as written there.
  if (isPlainGroupPath(kind, path)) return { ...best.field, writtenPath: spelled[0]! };
  // A spec's field is named as the spec spells it, not as the model it became does.
  return best.candidate === path ? best.field : { ...best.field, writtenPath: best.candidate };
}

function step(
  node: YamlNode,
  part: string | number,
  text: string,
): { node: YamlNode; key?: YamlNode } | undefined {
  if (typeof part === "number") {
    if (node.kind !== "seq") return undefined;
    const item = node.items[part];
    return item === undefined ? undefined : { node: item };
  }
  if (node.kind !== "map") return undefined;
  for (const [key, value] of node.entries) {
    if (key.kind === "scalar" && getScalarValue(text, key.event) === part)
      return { node: value, key };
  }
  return undefined;
}

function located(
  node: YamlNode,
  key: YamlNode | undefined,
  text: string,
  exact: boolean,
): LocatedField {
  if (node.kind === "scalar") {
    return { start: node.start, end: node.end, exact, ...inner(node, text) };
  }
  if (key !== undefined && key.kind === "scalar") return { start: key.start, end: key.end, exact };
  if (node.kind === "alias") return { start: node.start, end: node.end, exact };
  return { start: node.start, end: node.start + 1, exact };
}

/** Offsets of the value's characters in the file, for the scalar styles that keep them in order. */
function inner(
  node: YamlNode & { kind: "scalar" },
  text: string,
): Pick<LocatedField, "inner"> | Record<string, never> {
  const raw = text.slice(node.start, node.end);
  const { style, indent } = node.event;
  if (style === SCALAR_STYLE.PLAIN && !raw.includes("\n")) return { inner: (o) => node.start + o };
  if (style === SCALAR_STYLE.SINGLE_QUOTED && !raw.includes("\n")) {
    return {
      inner: (o) => {
        let c = 0;
        for (let i = 0; i < raw.length; i += raw[i] === "'" ? 2 : 1, c++)
          if (c === o) return node.start + i;
        return c === o ? node.end : undefined;
      },
    };
  }
  if (style === SCALAR_STYLE.DOUBLE_QUOTED && !raw.includes("\n")) {
    return {
      inner: (o) => {
        let c = 0;
        for (let i = 0; i < raw.length; c++) {
          if (c === o) return node.start + i;
          i +=
            raw[i] === "\\"
              ? raw[i + 1] === "x"
                ? 4
                : raw[i + 1] === "u"
                  ? 6
                  : raw[i + 1] === "U"
                    ? 10
                    : 2
              : 1;
        }
        return c === o ? node.end : undefined;
      },
    };
  }
  if (style === SCALAR_STYLE.LITERAL_BLOCK && indent > 0) {
    // Each line of the value is a line of the file, after the block's indentation.
    return {
      inner: (o) => {
        const value = getScalarValue(text, node.event);
        const before = value.slice(0, o).split("\n");
        let at = node.start;
        for (let l = 0; l < before.length - 1; l++) {
          const eol = text.indexOf("\n", at);
          if (eol < 0 || eol >= node.end) return undefined;
          at = eol + 1;
        }
        return at + indent + before.at(-1)!.length;
      },
    };
  }
  return {};
}

type SpecKind = SpecFormat | "prometheus-rule" | "rule-groups" | "rules" | "rule" | "other";

function specKind(root: YamlNode, text: string): SpecKind {
  const value = (key: string) => {
    const found = step(root, key, text)?.node;
    return found?.kind === "scalar" ? getScalarValue(text, found.event) : undefined;
  };
  if (value("version") === "prometheus/v1") return "sloth";
  if (value("kind") === "PrometheusServiceLevel") return "sloth-k8s";
  if (value("apiVersion") === "openslo/v1alpha" && value("kind") === "SLO")
    return "openslo-v1alpha";
  if (value("apiVersion")?.startsWith("openslo/") === true) return "openslo-v1";
  if (
    value("apiVersion")?.startsWith("pyrra.dev/") === true &&
    value("kind") === "ServiceLevelObjective"
  )
    return "pyrra";
  if (value("kind") === "PrometheusRule") return "prometheus-rule";
  // A Loki Operator AlertingRule or RecordingRule: a rule file under spec, as a PrometheusRule.
  if (
    value("apiVersion")?.startsWith("loki.grafana.com/") === true &&
    ["AlertingRule", "RecordingRule"].includes(value("kind") ?? "")
  )
    return "prometheus-rule";
  // Prometheus rule YAML (a rule file, a group's rules, one rule), as lint samples and rule files are written.
  if (step(root, "groups", text) !== undefined) return "rule-groups";
  if (step(root, "rules", text) !== undefined) return "rules";
  if (value("alert") !== undefined || value("record") !== undefined || value("expr") !== undefined)
    return "rule";
  return "other";
}

/**
 * Where a model path is written in a file of `kind`: a rule file's
 * spelling of plain groups and rules here, an imported spec's in its
 * format's table (spec-paths.ts).
 */
export function specPaths(kind: SpecKind, path: FieldPath): FieldPath[] {
  if (kind === "other") return [];
  if (isPlainGroupPath(kind, path))
    return [plainRulePath(kind === "prometheus-rule" ? ["spec", "groups"] : ["groups"], path)];
  if (kind === "prometheus-rule") return path[0] === "name" ? [["metadata", "name"]] : [];
  if (kind === "rule-groups" || kind === "rules" || kind === "rule") return rulePaths(kind, path);
  return specFieldPaths(kind, path);
}

/** A model rule's field in Prometheus rule YAML: its `name` is spelled `alert` or `record`. */
function rulePaths(kind: "rule-groups" | "rules" | "rule", path: FieldPath): FieldPath[] {
  const [groups, g, rules, r, field, ...more] = path;
  if ((groups !== "groups" && groups !== "logGroups") || rules !== "rules" || typeof r !== "number")
    return [];
  const at: FieldPath =
    kind === "rule-groups" ? [groups, g!, "rules", r] : kind === "rules" ? ["rules", r] : [];
  if (kind === "rule" && r !== 0) return [];
  if (field === undefined) return [at];
  if (field === "name")
    return [
      [...at, "alert"],
      [...at, "record"],
    ];
  return [[...at, field, ...more]];
}

function isPlainGroupPath(kind: SpecKind, path: FieldPath): boolean {
  return (
    (path[0] === "plainGroups" || path[0] === "plainLogGroups") &&
    (kind === "rule-groups" || kind === "prometheus-rule")
  );
}

/** A plain group's field (src/model/plain-rules.ts) in the file: `plainGroups[0]` is `groups[0]`. */
function plainRulePath(groups: FieldPath, path: FieldPath): FieldPath {
  const [, g, ...inGroup] = path;
  return g === undefined ? groups : [...groups, g, ...rulefmtPath(inGroup)];
}
