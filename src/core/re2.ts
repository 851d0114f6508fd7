/**
 * What can be said about an RE2 regex (Prometheus's and Loki's matchers)
 * without an RE2 engine. A leaf: imports nothing of the project.
 */

/**
 * Whether an anchored RE2 pattern matches "". JavaScript regexes agree with
 * RE2 on every construct that can match the empty string; a pattern JS cannot
 * compile (RE2-only syntax such as `(?P<n>…)`) is given the benefit of the
 * doubt and counted as not matching it.
 */
export function regexMatchesEmpty(pattern: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, "u").test("");
  } catch {
    return false;
  }
}
