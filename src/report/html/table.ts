import { escapeHtml } from "./escape.ts";

/** A table from text cells (header row first), every cell escaped; `rowAttributes` marks rows for readers and tests. */
export function htmlTable(
  cells: readonly string[][],
  rowAttributes: (row: number) => string,
): string {
  const [head, ...rows] = cells;
  return [
    "<table>",
    `<thead><tr>${head!.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...rows.map(
      (r, i) => `<tr${rowAttributes(i)}>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`,
    ),
    "</tbody>",
    "</table>",
  ].join("\n");
}
