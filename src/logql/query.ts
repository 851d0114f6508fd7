import { quoteString } from "../core/string-literal.ts";
import { checkedLabelName, LABEL_NAME_RE } from "../core/names.ts";
import { WINDOW } from "../core/window.ts";
import { type Matcher, type Matchers, matchers } from "../core/label-matchers.ts";
import { DURATION_RE, type Duration } from "../core/duration.ts";

/**
 * LogQL builders. Every user value (label values, line-filter text, regexes,
 * JSON paths) is quoted by the one escaping function, quoteString: LogQL
 * string literals are Go string literals, exactly as in PromQL. Each helper
 * returns plain LogQL text, so they compose with template strings and the
 * result is parsed (and so checked) like any hand-written query.
 */

/** `{service_name="checkout", env=~"prod|staging"}`: a stream selector (same matchers as PromQL's). */
export function stream(labels: Matchers): string {
  if (Object.keys(labels).length === 0) {
    throw new TypeError("Invalid stream selector: expected at least one label matcher");
  }
  return matchers(labels);
}

/** A pipeline stage, e.g. from lineContains() or json(). */
export type Stage = string & { readonly __logqlStage?: never };

/** `|= "text"`: keep lines containing `text` (a literal, not a regex). */
export function lineContains(text: string): Stage {
  return `|= ${quoteString(text)}`;
}
/** `!= "text"`: drop lines containing `text`. */
export function lineNotContains(text: string): Stage {
  return `!= ${quoteString(text)}`;
}
/** `|~ "regex"`: keep lines matching the RE2 `regex` (unanchored). */
export function lineMatches(regex: string): Stage {
  return `|~ ${quoteString(regex)}`;
}
/** `!~ "regex"`: drop lines matching the RE2 `regex`. */
export function lineNotMatches(regex: string): Stage {
  return `!~ ${quoteString(regex)}`;
}

/**
 * `| json` or `| json trace_id, status="response.status"`. With fields,
 * only those are extracted (cheaper on large lines): a name alone extracts
 * the top-level field of that name; `{label: path}` renames or reaches into
 * nested objects.
 */
export function json(fields: readonly (string | Record<string, string>)[] = []): Stage {
  return parserStage("json", fields);
}
/** `| logfmt` or `| logfmt level, duration="took"`. */
export function logfmt(fields: readonly (string | Record<string, string>)[] = []): Stage {
  return parserStage("logfmt", fields);
}

function parserStage(
  parser: "json" | "logfmt",
  fields: readonly (string | Record<string, string>)[],
): Stage {
  const parts = fields.flatMap((f) =>
    typeof f === "string"
      ? [checkedLabelName(f)]
      : Object.entries(f).map(([label, path]) => `${checkedLabelName(label)}=${quoteString(path)}`),
  );
  return parts.length === 0 ? `| ${parser}` : `| ${parser} ${parts.join(", ")}`;
}

/** `| level="error"`, `| status=~"5.."`: a label filter after a parser (strings compare as strings). */
export function labelFilter(labels: Matchers): Stage {
  const inner = matchers(labels).slice(1, -1);
  return `| ${inner}`;
}

/**
 * `| a!="" or b=~"x"`: keep lines that match any of the matchers (LogQL's
 * `or` between label filters; after a parser, a field the line lacks is
 * an empty label). Pairs, not a record: one label may appear twice.
 */
export function labelFilterAny(matchers: readonly (readonly [string, Matcher])[]): Stage {
  if (matchers.length === 0)
    throw new TypeError("Invalid label filter: expected at least one matcher");
  return `| ${matchers.map(([l, m]) => `${checkedLabelName(l)}${m.op}${quoteString(m.value)}`).join(" or ")}`;
}

/** `| label_format level=severity_text`: rename labels (`dst=src`), e.g. to one name across services. */
export function labelRename(renames: Readonly<Record<string, string>>): Stage {
  const parts = Object.entries(renames).map(
    ([dst, src]) => `${checkedLabelName(dst)}=${checkedLabelName(src)}`,
  );
  return `| label_format ${parts.join(", ")}`;
}

/**
 * `{…} |= "x" | json`: a selector followed by stages. The selector is
 * usually a service's declared `logs.selector`.
 */
export function logQuery(selector: string, stages: readonly Stage[] = []): string {
  return [selector, ...stages].join(" ");
}

type Range = Duration | typeof WINDOW;

function checkedRange(range: string): string {
  if (range !== WINDOW && !DURATION_RE.test(range)) {
    throw new TypeError(`Invalid range ${JSON.stringify(range)}: expected a duration such as "5m"`);
  }
  return range;
}

/** `count_over_time(<log query> [5m])`: log lines per range. */
export function countOverTime(query: string, range: Range): string {
  return `count_over_time(${query} [${checkedRange(range)}])`;
}
/** `rate(<log query> [5m])`: log lines per second over the range. */
export function logRate(query: string, range: Range): string {
  return `rate(${query} [${checkedRange(range)}])`;
}

/** `sum by (a, b) (<metric query>)`; no labels gives `sum(<metric query>)`. */
export function sumBy(labels: readonly string[], query: string): string {
  return labels.length === 0
    ? `sum(${query})`
    : `sum by (${labels.map(checkedLabelName).join(", ")}) (${query})`;
}

/**
 * The label a field becomes after `| json` or `| logfmt`: Loki replaces
 * every character a label name cannot hold with `_` (nested JSON keys are
 * joined with `_` the same way).
 */
export function fieldLabel(field: string): string {
  const label = field.replace(/[^A-Za-z0-9_]/g, "_");
  return LABEL_NAME_RE.test(label) ? label : `_${label}`;
}
