import type { LogLine, LogValue } from "../../loglines/line.ts";

/**
 * Where a field's value is written in its line, as offsets for a caret:
 * the first `"field":` / `field=` and the value after it. The reader keeps
 * no positions (JSON.parse gives none), so this looks for the key's
 * spelling; undefined when it is not found (a nested field: `trace.id`
 * written as `{"trace":{"id":…}}`).
 */
export function valueSpan(
  line: LogLine,
  field: string,
  value: LogValue,
): { from: number; to: number } | undefined {
  const key = line.format === "json" ? `${JSON.stringify(field)}:` : `${field}=`;
  const at = line.text.indexOf(key);
  if (at < 0) return undefined;
  let from = at + key.length;
  while (line.text.charCodeAt(from) === 32) from++;
  const written =
    line.format === "json" || (typeof value === "string" && line.text[from] === '"')
      ? JSON.stringify(value)
      : String(value);
  return { from, to: from + Math.max(1, written.length) };
}
