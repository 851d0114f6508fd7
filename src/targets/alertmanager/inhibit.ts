import type { InhibitionRule } from "./inhibitions.ts";
import { type LabelSet, matchesAll } from "./matchers.ts";

/**
 * The rules by which a firing alert `source` inhibits an alert `target`,
 * following Alertmanager's inhibit/inhibit.go: the target matches the
 * rule's target matchers, the source its source matchers, every `equal`
 * label has the same value on both (a missing label is the empty value, so
 * two alerts lacking it are equal), and an alert that matches both sides of
 * a rule is not inhibited by that rule through an alert that does too.
 */
export function inhibitingRules(
  rules: readonly InhibitionRule[],
  source: LabelSet,
  target: LabelSet,
): InhibitionRule[] {
  return rules.filter((rule) => {
    if (!matchesAll(rule.target, target) || !matchesAll(rule.source, source)) return false;
    if (!rule.equal.every((l) => (source[l] ?? "") === (target[l] ?? ""))) return false;
    const bothSides = (labels: LabelSet) =>
      matchesAll(rule.source, labels) && matchesAll(rule.target, labels);
    return !(bothSides(target) && bothSides(source));
  });
}
