import { editDistance } from "./edit-distance.ts";

/**
 * "Did you mean": the known name a mistyped one most likely stands for.
 * Two kinds of slip are common in label and field names: a few wrong,
 * missing or swapped characters (`jbo` for `job`), and a word left out or
 * added (`http_status_code` for `http_response_status_code`, as OpenTelemetry
 * renamed it). Ties go to the alphabetically first name, so messages are
 * deterministic.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  const words = wordsOf(name);
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    let score = Number.POSITIVE_INFINITY;
    if (Math.abs(candidate.length - name.length) <= limit) {
      const d = editDistance(name, candidate, limit, { swapIsOneEdit: true });
      if (d <= limit) score = d;
    }
    if (score === Number.POSITIVE_INFINITY) {
      const extra = wordDifference(words, wordsOf(candidate));
      if (extra !== undefined) score = limit + extra;
    }
    if (score < bestScore || (score === bestScore && best !== undefined && candidate < best)) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[_.-]+/)
    .filter(Boolean);
}

/**
 * How many words one name has beyond the other when the shorter one's words
 * all appear in the longer one, in order (at most two); undefined otherwise.
 */
function wordDifference(a: readonly string[], b: readonly string[]): number | undefined {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const extra = long.length - short.length;
  if (short.length === 0 || extra === 0 || extra > 2) return undefined;
  let j = 0;
  for (const word of long) if (word === short[j]) j++;
  return j === short.length ? extra : undefined;
}
