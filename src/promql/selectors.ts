import type { SyntaxNode } from "@lezer/common";
import { regexMatchesEmpty } from "../core/re2.ts";
import { unquoteString } from "../core/string-literal.ts";

/** The matchers of a vector selector, read off the official lezer tree. */

export interface MatcherInfo {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  /** Decoded value; undefined when the literal is malformed. */
  value: string | undefined;
  node: SyntaxNode;
  /** The label name's node (for positions of findings about the label). */
  labelNode: SyntaxNode;
}

export interface SelectorInfo {
  node: SyntaxNode;
  /** Metric name (identifier, quoted name or `__name__="…"`), if the selector has one. */
  name: string | undefined;
  matchers: MatcherInfo[];
  /** The name as an identifier before the braces (`up{…}`), or as a bare string inside (`{"up"}`). */
  nameNodes: SyntaxNode[];
}

// Every query check reads the selectors of the query it is given, one query at a time: the
// readings of the last query are kept (a 60,000-rule file reads each selector a dozen times).
let cachedQuery: string | undefined;
const cached = new Map<number, SelectorInfo>();

export function selectorInfo(query: string, node: SyntaxNode): SelectorInfo {
  if (query !== cachedQuery) {
    cachedQuery = query;
    cached.clear();
  }
  const key = node.from * 65536 + (node.to - node.from);
  const hit = cached.get(key);
  if (hit !== undefined && hit.node.from === node.from && hit.node.to === node.to) return hit;
  const info = readSelector(query, node);
  cached.set(key, info);
  return info;
}

function readSelector(query: string, node: SyntaxNode): SelectorInfo {
  const matchers: MatcherInfo[] = [];
  const nameNodes: SyntaxNode[] = [];
  let name: string | undefined;
  const id = node.getChild("Identifier");
  if (id !== null) {
    name = query.slice(id.from, id.to);
    nameNodes.push(id);
  }
  const list = node.getChild("LabelMatchers");
  for (let m = list?.firstChild ?? null; m !== null; m = m.nextSibling) {
    if (m.name === "QuotedLabelName") {
      name ??= unquoteString(query.slice(m.from, m.to));
      nameNodes.push(m);
      continue;
    }
    if (m.name !== "UnquotedLabelMatcher" && m.name !== "QuotedLabelMatcher") continue;
    const labelNode = m.getChild("LabelName") ?? m.getChild("QuotedLabelName");
    const opNode = m.getChild("MatchOp");
    const valueNode = m.getChild("StringLiteral");
    if (labelNode === null || opNode === null || valueNode === null) continue;
    const rawLabel = query.slice(labelNode.from, labelNode.to);
    const label =
      labelNode.name === "QuotedLabelName" ? (unquoteString(rawLabel) ?? rawLabel) : rawLabel;
    const op = query.slice(opNode.from, opNode.to) as MatcherInfo["op"];
    const value = unquoteString(query.slice(valueNode.from, valueNode.to));
    matchers.push({ label, op, value, node: m, labelNode });
    if (label === "__name__" && op === "=" && value !== undefined) name ??= value;
  }
  return { node, name, matchers, nameNodes };
}

/** Whether a matcher accepts a series that lacks the label (Prometheus's `Matches("")`). */
export function matcherMatchesEmpty(m: Pick<MatcherInfo, "op" | "value">): boolean {
  if (m.value === undefined) return false;
  switch (m.op) {
    case "=":
      return m.value === "";
    case "!=":
      return m.value !== "";
    case "=~":
      return regexMatchesEmpty(m.value);
    case "!~":
      return !regexMatchesEmpty(m.value) && isCompilable(m.value);
  }
}

function isCompilable(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}
