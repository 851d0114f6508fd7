/**
 * Grid placement, as plain geometry so it can be property-tested: Grafana's
 * grid is 24 columns wide, each row unit is 30 px. Rows are full-width
 * headers one unit high; panels flow left to right and wrap to a new line
 * below the tallest panel of the line, so no two panels ever overlap.
 */

export const GRID_COLUMNS = 24;

export interface GridSize {
  w: number;
  h: number;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface RowInput {
  /** No title: no row header, the panels are placed where the row would start. */
  title?: string;
  /** A collapsed row hides its panels; they are placed as they will be when it is expanded. */
  collapsed?: boolean;
  sizes: readonly GridSize[];
}

export interface RowPlacement {
  /** The row header, when the row has a title. */
  header?: GridPos;
  panels: GridPos[];
}

/** Widths are clamped to 1–24 columns and heights to at least 1. */
export function clampSize(size: GridSize): GridSize {
  return {
    w: Math.min(GRID_COLUMNS, Math.max(1, Math.round(size.w))),
    h: Math.max(1, Math.round(size.h)),
  };
}

export function placeRows(rows: readonly RowInput[]): RowPlacement[] {
  let y = 0;
  return rows.map((row) => {
    const out: RowPlacement = { panels: [] };
    const hasHeader = row.title !== undefined;
    if (hasHeader) {
      out.header = { x: 0, y, w: GRID_COLUMNS, h: 1 };
      y += 1;
    }
    let x = 0;
    let lineY = y;
    let lineHeight = 0;
    for (const raw of row.sizes) {
      const { w, h } = clampSize(raw);
      if (x + w > GRID_COLUMNS) {
        lineY += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      out.panels.push({ x, y: lineY, w, h });
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    const bottom = lineY + lineHeight;
    // A collapsed row's panels are hidden inside it: the next row follows the header.
    y = hasHeader && row.collapsed === true ? out.header!.y + 1 : bottom;
    return out;
  });
}

export function overlaps(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
