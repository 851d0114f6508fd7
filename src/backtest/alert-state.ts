/** One firing of an alert: pending from `activeAt`, firing from `firedAt`, resolved at `resolvedAt`. */
export interface Episode {
  labels: Record<string, string>;
  activeAt: number;
  firedAt: number;
  /** The evaluation at which it resolved; null when still firing at the end of the range. */
  resolvedAt: number | null;
}

interface Active {
  labels: Record<string, string>;
  activeAt: number;
  firing: Episode | undefined;
  keepFiringSince: number | undefined;
}

/**
 * The alert states of Prometheus 2.42's rule manager (rules/alerting.go,
 * AlertingRule.Eval), run over the evaluations of one rule: a series in the
 * result becomes pending, fires once pending for `for` seconds (at once when
 * `for` is 0), and resolves at the first evaluation it is missing from,
 * unless it fired and `keep_firing_for` has not run out since it went
 * missing. A pending series that goes missing is dropped; one that comes
 * back after resolving starts a new episode.
 *
 * `present(t)` gives the label keys (and labels) in the result at evaluation `t`.
 */
export function alertEpisodes(
  times: readonly number[],
  present: (t: number) => ReadonlyMap<string, Record<string, string>>,
  options: { forSeconds: number; keepFiringForSeconds: number },
): Episode[] {
  const active = new Map<string, Active>();
  const episodes: Episode[] = [];
  for (const ts of times) {
    const result = present(ts);
    for (const [key, labels] of result) {
      if (!active.has(key))
        active.set(key, { labels, activeAt: ts, firing: undefined, keepFiringSince: undefined });
    }
    for (const [key, a] of active) {
      if (!result.has(key)) {
        let keepFiring = false;
        if (a.firing !== undefined && options.keepFiringForSeconds > 0) {
          a.keepFiringSince ??= ts;
          keepFiring = ts - a.keepFiringSince < options.keepFiringForSeconds;
        }
        if (!keepFiring) {
          if (a.firing !== undefined) a.firing.resolvedAt = ts;
          active.delete(key);
          continue;
        }
      } else a.keepFiringSince = undefined;
      if (a.firing === undefined && ts - a.activeAt >= options.forSeconds) {
        a.firing = { labels: a.labels, activeAt: a.activeAt, firedAt: ts, resolvedAt: null };
        episodes.push(a.firing);
      }
    }
  }
  return episodes;
}
