/**
 * The window placeholder of SLI queries, in one place. It is spelled as
 * Sloth spells it, so imported specs keep their queries verbatim; the SLO
 * engine replaces it with each alert window (5m, 30m, 1h, …). Sloth's
 * template engine allows spaces inside the braces, so `{{ .window }}` counts
 * too.
 *
 * A leaf: imports nothing of the project.
 */
export const WINDOW = "{{.window}}";

const PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/**
 * What the placeholder is replaced with where a query has to be parsed or
 * matched before any alert window is chosen; any valid range works.
 */
export const SAMPLE_WINDOW = "5m";

/** Whether `query` contains the window placeholder. */
export function hasWindow(query: string): boolean {
  return query.search(PLACEHOLDER) !== -1;
}

/** Replace every window placeholder with a concrete range such as `5m`. */
export function renderWindow(query: string, window: string): string {
  return query.replace(PLACEHOLDER, window);
}

/**
 * Render every placeholder with the sample window, and map offsets in the
 * rendered text back to the text the user wrote, so positions in errors
 * point at their query.
 */
export function renderForParsing(query: string): {
  rendered: string;
  originalOffset: (offset: number) => number;
  /** `originalOffset` for the end of a range: an end inside a rendered window is the placeholder's end. */
  originalEnd: (offset: number) => number;
} {
  const shifts: { at: number; delta: number; end: number }[] = [];
  let rendered = "";
  let last = 0;
  for (const m of query.matchAll(PLACEHOLDER)) {
    rendered += query.slice(last, m.index) + SAMPLE_WINDOW;
    shifts.push({
      at: rendered.length - SAMPLE_WINDOW.length,
      end: rendered.length,
      delta: m[0].length - SAMPLE_WINDOW.length,
    });
    last = m.index + m[0].length;
  }
  rendered += query.slice(last);
  return {
    rendered,
    originalOffset(offset) {
      let out = offset;
      for (const s of shifts) if (offset >= s.end) out += s.delta;
      return out;
    },
    originalEnd(offset) {
      let out = offset;
      for (const s of shifts)
        if (offset > s.at) out += offset >= s.end ? s.delta : s.end - offset + s.delta;
      return out;
    },
  };
}
