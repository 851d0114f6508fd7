import type { z } from "zod";
import { editDistance } from "../core/edit-distance.ts";
import { LABEL_NAME_RE } from "../core/names.ts";

/**
 * One annotation vocabulary for every alert obsforge writes (hand-written
 * Prometheus alerts, Loki log alerts, SLO alerts). TS fields are camelCase;
 * the annotation keys Alertmanager templates, Grafana and the mixins read
 * are snake_case. Both spellings of a known key mean the same annotation.
 */
export const ANNOTATION_ALIASES: Readonly<Record<string, string>> = { runbookUrl: "runbook_url" };

/**
 * Annotation keys obsforge knows: what people write (summary, description,
 * runbook_url, dashboard), what Sloth writes (title) and what obsforge adds
 * to log alerts (explore_url) and to every alert when the estate names its
 * Grafana (logs_url, traces_url).
 */
export const KNOWN_ANNOTATIONS = [
  "summary",
  "description",
  "runbook_url",
  "dashboard",
  "title",
  "explore_url",
  "logs_url",
  "traces_url",
] as const;

const KNOWN = new Set<string>([...KNOWN_ANNOTATIONS, ...Object.keys(ANNOTATION_ALIASES)]);

/** The key written into the rule file: `runbookUrl` → `runbook_url`, everything else as is. */
export function annotationKey(key: string): string {
  return ANNOTATION_ALIASES[key] ?? key;
}

/** `runbookURL` and `Runbook-Url` both fold to `runbookurl`, as `runbook_url` does. */
function fold(key: string): string {
  return key.toLowerCase().replace(/[_\-.]/g, "");
}

/**
 * The known annotation an unknown key is most likely a typo of, if any.
 * A key matches when it is a case or separator variant of a known key
 * (`runbookURL`, `Summary`), or within a small edit distance of one after
 * folding: 1 edit for short keys (`titel`), 2 for keys of 7+ letters
 * (`sumary`, `descripton`, `sumarry`); swapping two neighbours counts as
 * one edit (`titel`). Custom annotations are free: words
 * that are not near a known key (`dashboard_url`, `playbook`, `runbook`,
 * `grafana_url`, `message`) pass.
 */
export function suggestAnnotation(key: string): string | undefined {
  if (KNOWN.has(key)) return undefined;
  // A known key as a whole `_`-separated part of a longer one (summary_2,
  // runbook_url_internal) is a deliberate variant, not a typo.
  for (const known of KNOWN_ANNOTATIONS) {
    if (key.startsWith(`${known}_`) || key.endsWith(`_${known}`) || key.includes(`_${known}_`))
      return undefined;
  }
  const folded = fold(key);
  if (folded.length < 4) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of KNOWN_ANNOTATIONS) {
    const target = fold(known);
    const limit = target.length >= 7 ? 2 : 1;
    const d =
      folded === target
        ? 0
        : swapsTwoLetters(folded, target)
          ? 1
          : editDistance(folded, target, limit);
    if (d <= limit && d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/** `titel` for `title`: Levenshtein counts a swap of neighbours as 2 edits, people make it as one. */
function swapsTwoLetters(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const i = [...a].findIndex((c, k) => c !== b[k]);
  return i >= 0 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Build errors for annotation keys: a likely typo of a known key (with the
 * suggestion), and a known key given in both spellings.
 */
export function checkAnnotationKeys(
  annotations: Readonly<Record<string, unknown>>,
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, string>();
  for (const key of Object.keys(annotations)) {
    const written = annotationKey(key);
    const other = seen.get(written);
    if (other !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `expected one of ${JSON.stringify(other)} and ${JSON.stringify(key)} (both write the ${written} annotation), got both`,
        input: undefined,
      });
    }
    seen.set(written, key);
    // A name Prometheus refuses gets that one error (checkAnnotationNames), not a second.
    if (!LABEL_NAME_RE.test(key)) continue;
    const suggestion = suggestAnnotation(key);
    if (suggestion !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `expected a known annotation or a custom one not this close to a known one, got ${JSON.stringify(key)}: did you mean ${JSON.stringify(suggestion)}?`,
        input: undefined,
      });
    }
  }
}

/** Annotations as written into a rule file: keys mapped, values resolved to strings, sorted later by the caller. */
export function compileAnnotations<V>(
  annotations: Readonly<Record<string, V | undefined>>,
  value: (v: V) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(annotations)) {
    if (v === undefined) continue;
    out[annotationKey(key)] = value(v);
  }
  return out;
}
