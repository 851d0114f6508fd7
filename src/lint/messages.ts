import type { CheckProblem, FormattedProblem, MessageData } from "./check.ts";

/** A placeholder: `{{name}}`, the name a plain identifier. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The message of a check's problem: the template `messages[messageId]` with
 * every `{{name}}` replaced by `data.name`, verbatim (values are not
 * escaped or re-scanned). A message id the check does not declare, a
 * placeholder without data or one that is not a plain name is a bug in the
 * check, so it throws instead of printing a half-formatted message; the
 * meta-test (test/lint/checks.test.ts) runs every check's samples through
 * here.
 */
export function formatMessage(
  check: { id: string; messages: Readonly<Record<string, string>> },
  problem: { messageId: string; data?: MessageData },
): string {
  const template = Object.hasOwn(check.messages, problem.messageId)
    ? check.messages[problem.messageId]
    : undefined;
  if (template === undefined)
    throw new Error(
      `Bug: check ${check.id} gave message id ${JSON.stringify(problem.messageId)}, which its messages do not declare`,
    );
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value =
      NAME.test(name) && problem.data !== undefined && Object.hasOwn(problem.data, name)
        ? problem.data[name]
        : undefined;
    if (value === undefined)
      throw new Error(
        `Bug: message ${JSON.stringify(problem.messageId)} of check ${check.id} has placeholder {{${name}}}, which its data lacks`,
      );
    return String(value);
  });
}

/** The problems a check returned, each with its formatted `message`. */
export function formatProblems(
  check: { id: string; messages: Readonly<Record<string, string>> },
  problems: readonly CheckProblem[],
): FormattedProblem[] {
  return problems.map((p) => ({ ...p, message: formatMessage(check, p) }));
}
