import { checkTemplate, type TemplateCheck } from "../template/template.ts";

/**
 * `checkTemplate` of an alert's label or annotation text, once per distinct
 * text: two rule checks read every template (its syntax, the labels it
 * uses), and the same summary is often written on many alerts. The result
 * is shared, so callers must not change it. Bounded: the memo starts over
 * when it holds too many texts, so a long-running caller does not grow.
 */
const memo = new Map<string, TemplateCheck>();
const MAX_TEXTS = 20_000;

export function templateCheckOf(text: string): TemplateCheck {
  let checked = memo.get(text);
  if (checked === undefined) {
    if (memo.size >= MAX_TEXTS) memo.clear();
    checked = checkTemplate(text);
    memo.set(text, checked);
  }
  return checked;
}
