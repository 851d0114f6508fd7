/**
 * Characters a terminal (or a CI log viewer) would act on instead of show:
 * C0 controls but tab (ESC starts colour, cursor and title sequences; CR
 * rewrites the line), DEL, C1 controls (U+009B is a one-byte CSI), line and
 * paragraph separators, and the bidirectional overrides and isolates that
 * reorder what is shown ("Trojan Source", CVE-2021-42574).
 */
const INVISIBLE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every such character written as an escape (`\x1b`, `\u202e`),
 * so data from a linted file is printed, never interpreted. Tabs stay, so
 * carets still line up under tab-indented text.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
