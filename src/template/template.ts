import { parseGoTemplate } from "./go-template.ts";

/**
 * Alert labels and annotations checked the way Prometheus does when it
 * loads a rule file (rulefmt parses every template with its function map
 * and the variables it predefines): errors come from a port of Go's
 * text/template parser (go-template.ts); `$labels.x` references are
 * collected by the lighter scan below, for the label lint checks.
 */

export interface TemplateError {
  /** 0-based offset into the template text. */
  offset: number;
  message: string;
}

export interface LabelReference {
  label: string;
  offset: number;
  length: number;
}

export interface TemplateCheck {
  errors: TemplateError[];
  labels: LabelReference[];
}

/** Go's builtin template functions. */
const GO_FUNCTIONS = [
  "and",
  "call",
  "html",
  "index",
  "slice",
  "js",
  "len",
  "not",
  "or",
  "print",
  "printf",
  "println",
  "urlquery",
  "eq",
  "ge",
  "gt",
  "le",
  "lt",
  "ne",
];

/** Functions Prometheus adds for alert templates (template/template.go). */
const PROMETHEUS_FUNCTIONS = [
  "query",
  "first",
  "label",
  "value",
  "strvalue",
  "args",
  "reReplaceAll",
  "safeHtml",
  "match",
  "title",
  "toUpper",
  "toLower",
  "graphLink",
  "tableLink",
  "sortByLabel",
  "humanize",
  "humanize1024",
  "humanizeDuration",
  "humanizePercentage",
  "humanizeTimestamp",
  "toTime",
  "pathPrefix",
  "externalURL",
  "parseDuration",
  "stripPort",
  "stripDomain",
];

const FUNCTIONS = new Set([...GO_FUNCTIONS, ...PROMETHEUS_FUNCTIONS]);

/** Variables Prometheus defines before every alert template. */
const PREDEFINED = ["$", "$labels", "$externalLabels", "$externalURL", "$value"];

const OPENERS = new Set(["if", "range", "with", "define", "block"]);
const KEYWORDS = new Set([
  "if",
  "range",
  "with",
  "define",
  "block",
  "else",
  "end",
  "template",
  "break",
  "continue",
  "nil",
  "true",
  "false",
]);

interface Token {
  kind: "word" | "var" | "field" | "string" | "number" | "punct" | "char";
  text: string;
  offset: number;
}

export function checkTemplate(text: string): TemplateCheck {
  const error = parseGoTemplate(text, { variables: PREDEFINED.slice(1), functions: FUNCTIONS });
  return { errors: error === undefined ? [] : [error], labels: scanTemplate(text).labels };
}

/** Label references, with a rough error scan that stops the walk where the text stops making sense. */
function scanTemplate(text: string): TemplateCheck {
  const errors: TemplateError[] = [];
  const labels: LabelReference[] = [];
  const stack: { keyword: string; offset: number; vars: number }[] = [];
  const vars: string[] = [...PREDEFINED];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) break;
    let start = open + 2;
    if (
      text.startsWith("- ", start) ||
      text.startsWith("-\t", start) ||
      text.startsWith("-\n", start)
    )
      start += 1;
    const close = findClose(text, start);
    if (close === undefined) {
      errors.push({ offset: open, message: "unclosed action" });
      break;
    }
    if (close.error !== undefined) {
      errors.push({ offset: close.errorOffset, message: close.error });
      break;
    }
    let end = close.offset;
    if (text[end - 1] === "-" && /\s/.test(text[end - 2] ?? "")) end -= 1;
    const body = text.slice(start, end);
    i = close.offset + 2;
    const trimmed = body.trim();
    if (trimmed.startsWith("/*")) {
      if (!trimmed.endsWith("*/")) errors.push({ offset: open, message: "unclosed comment" });
      continue;
    }
    const tokens = tokenize(body, start, errors);
    if (tokens === undefined) break;
    if (tokens.length === 0) {
      errors.push({ offset: open, message: "missing value for command" });
      continue;
    }
    const first = tokens[0]!;
    if (first.kind === "word" && first.text === "end") {
      const top = stack.pop();
      if (top === undefined) errors.push({ offset: first.offset, message: "unexpected {{end}}" });
      else vars.length = top.vars;
      continue;
    }
    if (first.kind === "word" && first.text === "else") {
      const top = stack.at(-1);
      if (top === undefined || !["if", "range", "with"].includes(top.keyword)) {
        errors.push({ offset: first.offset, message: "unexpected {{else}}" });
      }
      const chained = tokens[1]?.text === "if" || tokens[1]?.text === "with";
      if (chained) {
        const context = { keyword: tokens[1]!.text, offset: first.offset };
        checkPipeline(tokens.slice(2), vars, errors, labels, context);
      }
      continue;
    }
    if (first.kind === "word" && OPENERS.has(first.text)) {
      stack.push({ keyword: first.text, offset: first.offset, vars: vars.length });
      if (first.text === "define" || first.text === "block") continue;
      const context = { keyword: first.text, offset: first.offset };
      checkPipeline(tokens.slice(1), vars, errors, labels, context);
      continue;
    }
    if (first.kind === "word" && first.text === "template") continue;
    checkPipeline(tokens, vars, errors, labels, { keyword: "command", offset: first.offset });
  }
  const open = stack.pop();
  if (open !== undefined && errors.length === 0) {
    errors.push({
      offset: open.offset,
      message: `unexpected EOF: {{${open.keyword}}} has no {{end}}`,
    });
  }
  return { errors, labels };
}

/** The `}}` that closes an action starting at `from`, skipping quoted strings. */
function findClose(
  text: string,
  from: number,
): { offset: number; error?: string; errorOffset: number } | undefined {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "`" || c === "'") {
      const endQuote = skipQuoted(text, i);
      if (endQuote === undefined) {
        return {
          offset: i,
          error: c === "`" ? "unterminated raw quoted string" : "unterminated quoted string",
          errorOffset: i,
        };
      }
      i = endQuote;
      continue;
    }
    if (c === "}" && text[i + 1] === "}") return { offset: i, errorOffset: i };
    i++;
  }
  return undefined;
}

/** Index just after the closing quote, or undefined when it never closes. */
function skipQuoted(text: string, at: number): number | undefined {
  const quote = text[at];
  let i = at + 1;
  while (i < text.length) {
    const c = text[i];
    if (quote !== "`" && c === "\\") {
      i += 2;
      continue;
    }
    if (quote !== "`" && c === "\n") return undefined;
    if (c === quote) return i + 1;
    i++;
  }
  return undefined;
}

function tokenize(body: string, base: number, errors: TemplateError[]): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  let depth = 0;
  while (i < body.length) {
    const c = body[i]!;
    const offset = base + i;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "`" || c === "'") {
      const end = skipQuoted(body, i) ?? body.length;
      tokens.push({ kind: c === "'" ? "char" : "string", text: body.slice(i, end), offset });
      i = end;
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") {
      depth--;
      if (depth < 0) {
        errors.push({ offset, message: "unexpected right paren" });
        return undefined;
      }
    }
    if (c === "(" || c === ")" || c === "|" || c === ",") {
      tokens.push({ kind: "punct", text: c, offset });
      i++;
      continue;
    }
    if (c === ":" && body[i + 1] === "=") {
      tokens.push({ kind: "punct", text: ":=", offset });
      i += 2;
      continue;
    }
    if (c === "=") {
      tokens.push({ kind: "punct", text: "=", offset });
      i++;
      continue;
    }
    const word =
      /^(\$[A-Za-z0-9_]*|\.[A-Za-z0-9_.]*|[A-Za-z_][A-Za-z0-9_]*|[-+]?[0-9][0-9a-fA-FxXoObB_.eEpP+-]*)/.exec(
        body.slice(i),
      );
    if (word === null) {
      errors.push({ offset, message: `unexpected ${JSON.stringify(c)} in command` });
      return undefined;
    }
    let text = word[0];
    // Field chains may follow a variable or a closing paren: `$labels.instance`.
    if (text.startsWith("$")) {
      const chain = /^(\.[A-Za-z0-9_]+)+/.exec(body.slice(i + text.length));
      if (chain !== null) text += chain[0];
    }
    const kind: Token["kind"] = text.startsWith("$")
      ? "var"
      : text.startsWith(".")
        ? "field"
        : /^[-+0-9]/.test(text)
          ? "number"
          : "word";
    tokens.push({ kind, text, offset });
    i += text.length;
  }
  if (depth > 0) {
    errors.push({ offset: base + body.length, message: "unclosed left paren" });
    return undefined;
  }
  return tokens;
}

function checkPipeline(
  tokens: Token[],
  vars: string[],
  errors: TemplateError[],
  labels: LabelReference[],
  context: { keyword: string; offset: number },
): void {
  // Declarations: `$x := pipeline` or `$x, $y := range …`.
  const assign = tokens.findIndex((t) => t.kind === "punct" && (t.text === ":=" || t.text === "="));
  if (assign > 0) {
    for (const t of tokens.slice(0, assign)) {
      if (t.kind === "var") {
        const name = t.text.split(".")[0]!;
        // `=` to an undeclared variable passes the parse (promtool 2.42 accepts it).
        if (tokens[assign]!.text === ":=") vars.push(name);
      }
    }
    tokens = tokens.slice(assign + 1);
  }
  if (tokens.length === 0) {
    errors.push({ offset: context.offset, message: `missing value for ${context.keyword}` });
    return;
  }
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === "var") {
      const [name, ...fields] = t.text.split(".");
      if (!vars.includes(name!)) {
        errors.push({ offset: t.offset, message: `undefined variable "${name}"` });
        continue;
      }
      if (name === "$labels" && fields[0] !== undefined && fields[0] !== "") {
        labels.push({
          label: fields[0],
          offset: t.offset + name.length + 1,
          length: fields[0].length,
        });
      }
      if (name === "$labels" && fields.length === 0) {
        // `index $labels "name"`
        const prev = tokens[k - 1];
        const next = tokens[k + 1];
        if (prev?.text === "index" && next?.kind === "string") {
          labels.push({
            label: next.text.slice(1, -1),
            offset: next.offset + 1,
            length: next.text.length - 2,
          });
        }
      }
    } else if (t.kind === "field" && t.text.startsWith(".Labels.")) {
      const label = t.text.split(".")[2];
      if (label !== undefined && label !== "")
        labels.push({ label, offset: t.offset + 8, length: label.length });
    } else if (t.kind === "word" && !KEYWORDS.has(t.text) && !FUNCTIONS.has(t.text)) {
      errors.push({ offset: t.offset, message: `function "${t.text}" not defined` });
    }
  }
}

export interface TemplateField {
  /** `labels.team` or `annotations.summary`. */
  field: string;
  value: string;
}

/** Every templated field of an alert: label values and annotations, in a fixed order. */
export function templateFields(rule: {
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}): TemplateField[] {
  return [
    ...Object.entries(rule.labels).map(([k, value]) => ({ field: `labels.${k}`, value })),
    ...Object.entries(rule.annotations).map(([k, value]) => ({ field: `annotations.${k}`, value })),
  ];
}

/**
 * `templateFields` without building it: each value in the same order, with
 * the field's section and key (the field is `${section}.${key}`). For the
 * lint checks that visit every alert of a 60,000-rule file and name a
 * field only when it has a finding.
 */
export function forEachTemplateField(
  rule: {
    labels: Readonly<Record<string, string>>;
    annotations: Readonly<Record<string, string>>;
  },
  visit: (section: "labels" | "annotations", key: string, value: string) => void,
): void {
  for (const key of Object.keys(rule.labels)) visit("labels", key, rule.labels[key]!);
  for (const key of Object.keys(rule.annotations))
    visit("annotations", key, rule.annotations[key]!);
}
