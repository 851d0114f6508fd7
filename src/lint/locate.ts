// Positions in a JSON artifact (a dashboard as written to out/): the JSON
// text is ours, so a small walk over it finds a field path.

/**
 * Where the value at `path` starts in a JSON text, and how long it is when
 * it is a scalar (an object or array counts as its opening bracket). When
 * the path does not exist (a missing `unit`, say), the deepest part of it
 * that does is returned; the document itself when nothing matches.
 */
export function findJsonPath(
  text: string,
  path: readonly (string | number)[],
): { offset: number; length: number } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c !== "{" && c !== "[") {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
      return;
    }
    let depth = 0;
    while (i < text.length) {
      const d = text[i];
      if (d === '"') {
        skipString();
        continue;
      }
      if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") depth--;
      i++;
      if (depth === 0) return;
    }
  };
  /** Move to the value of `key` inside the object or array at `i`; false when it has none. */
  const enter = (key: string | number): boolean => {
    const open = text[i];
    if (open !== (typeof key === "number" ? "[" : "{")) return false;
    const start = i;
    i++;
    for (let n = 0; ; n++) {
      ws();
      if (text[i] === "]" || text[i] === "}" || i >= text.length) break;
      let match = n === key;
      if (typeof key === "string") {
        const nameStart = i;
        skipString();
        match = JSON.parse(text.slice(nameStart, i)) === key;
        ws();
        i++; // the colon
        ws();
      }
      if (match) return true;
      skipValue();
      ws();
      if (text[i] === ",") i++;
    }
    i = start;
    return false;
  };
  ws();
  for (const key of path) {
    const before = i;
    if (!enter(key)) {
      i = before;
      break;
    }
  }
  const start = i;
  const c = text[i];
  if (c === "{" || c === "[") return { offset: start, length: 1 };
  skipValue();
  return { offset: start, length: Math.max(1, i - start) };
}
