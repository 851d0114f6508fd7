/**
 * The two ways text enters an obsforge page. Names, queries and units come
 * from definitions and dashboards people wrote, so they must never become
 * markup or code: text goes through `escapeHtml`, data through `jsonForScript`.
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block. The HTML parser ends
 * a script at `</script` and treats `<!--` specially whatever the JSON says,
 * so every `<` is written as `\u003c` (still the same JSON string); U+2028
 * and U+2029 are escaped too, so the text stays valid if pasted into code.
 */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
