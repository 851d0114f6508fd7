import { dump } from "js-yaml";

/**
 * js-yaml 5's `dump`, with each distinct scalar of a document styled once.
 *
 * The rule and test files repeat their scalars (keys on every rule, the
 * same series in every test of an SLO): of 180,000 scalars in 20 test
 * files of the bench estate, 14,000 are distinct per file. `dump` decides
 * the style of every one (regular expressions over the whole string) and
 * spent a third of a cold 10,000-SLO build doing so. Here js-yaml still
 * renders every scalar: all the distinct values at one depth go through one
 * `dump` call of a sequence at that depth, all the distinct keys through one
 * of a mapping, and the pieces are laid out in the block layout `dump`
 * itself writes with these options (indent 2, sequences indented under
 * their key, the first entry of a nested item on the dash's line).
 *
 * A scalar's text depends only on its value, whether it is a key, and its
 * depth (the indentation of a literal block's lines). Anything outside the
 * shape written here (non-plain objects, keys with line breaks or very
 * long, -0, ill-formed strings, values js-yaml cannot represent) returns
 * undefined and the caller dumps the document whole. test/emit/yaml-block
 * compares the bytes with `dump` on generated documents of every shape.
 */
export const DUMP_OPTIONS = { lineWidth: -1, noRefs: true, indent: 2 } as const;

/** Keys longer than this may be written as explicit pairs (`? key`); such documents go to `dump`. */
const MAX_KEY_LENGTH = 1000;

type Scalar = string | number | boolean | null;

interface Rendered {
  text: string;
  /** A kept-newline block scalar: if it ends the document, `dump` adds the end marker `...`. */
  openEnded: boolean;
}

/** The distinct scalars of one document, by depth (1 = the root's entries). */
interface Collected {
  values: Set<Scalar>[];
  keys: Set<string>[];
}

class Unsupported extends Error {}

/** The document as `dump(doc, DUMP_OPTIONS)` writes it, or undefined for the shapes left to `dump`. */
export function blockYaml(doc: unknown): string | undefined {
  if (!isCollection(doc)) return undefined;
  try {
    const found: Collected = { values: [], keys: [] };
    collect(doc, 0, found);
    const memo = render(found);
    const state: WriteState = { memo, openEnded: false, leadingNewline: false, nonEmpty: false };
    const body = collection(state, doc, 0, true);
    return `${body}\n${state.openEnded ? "...\n" : ""}`;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function isCollection(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

function at<T>(list: Set<T>[], depth: number): Set<T> {
  let set = list[depth];
  if (set === undefined) {
    set = new Set();
    list[depth] = set;
  }
  return set;
}

/** Every distinct scalar and key, by the depth `dump` writes it at; each checked once. */
function collect(node: object, depth: number, found: Collected): void {
  const inner = depth + 1;
  at(found.values, inner);
  if (Array.isArray(node)) {
    for (const item of node) collectValue(item === undefined ? null : item, inner, found);
    return;
  }
  const keys = at(found.keys, inner);
  for (const key of Object.keys(node)) {
    const value = (node as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const known = keys.size;
    keys.add(key);
    if (
      keys.size !== known &&
      (key.length > MAX_KEY_LENGTH || key.includes("\n") || !key.isWellFormed())
    )
      throw new Unsupported();
    collectValue(value, inner, found);
  }
}

function collectValue(value: unknown, depth: number, found: Collected): void {
  if (isCollection(value)) {
    collect(value, depth, found);
    return;
  }
  // A Set holds -0 and 0 as one value; dump writes them differently.
  if (Object.is(value, -0)) throw new Unsupported();
  const values = found.values[depth]!;
  const known = values.size;
  values.add(value as Scalar);
  if (values.size === known) return;
  if (typeof value === "string") {
    if (!value.isWellFormed()) throw new Unsupported();
  } else if (typeof value !== "number" && typeof value !== "boolean" && value !== null) {
    throw new Unsupported();
  }
}

interface Memo {
  values: Map<Scalar, Rendered>[];
  keys: Map<string, string>[];
}

function render(found: Collected): Memo {
  const memo: Memo = { values: [], keys: [] };
  found.values.forEach((set, depth) => {
    if (set !== undefined) memo.values[depth] = renderValues([...set], depth);
  });
  found.keys.forEach((set, depth) => {
    if (set !== undefined) memo.keys[depth] = renderKeys([...set], depth);
  });
  return memo;
}

/** `{a: {a: … inner}}`: `inner` as the value at `depth` (0: the root itself). */
function nest(inner: unknown, depth: number): unknown {
  let doc = inner;
  for (let d = 0; d < depth; d++) doc = { a: doc };
  return doc;
}

/** What `dump` writes before `inner` in `nest(inner, depth)`, up to where inner's own lines begin. */
function head(depth: number): string {
  const lines: string[] = [];
  for (let d = 0; d < depth; d++) lines.push(`${"  ".repeat(d)}a:`);
  return lines.join("\n");
}

/**
 * Where `dump` says a document ended in a kept-newline block scalar: it
 * cannot tell from a batch which one did, so each such value is rendered on
 * its own.
 */
function mayOpenEnd(value: Scalar): boolean {
  return typeof value === "string" && (value === "\n" || value.endsWith("\n\n"));
}

function renderValues(values: Scalar[], depth: number): Map<Scalar, Rendered> {
  const rendered = new Map<Scalar, Rendered>();
  const batch = values.filter((v) => !mayOpenEnd(v));
  for (const [i, text] of items(batch, depth).entries())
    rendered.set(batch[i]!, { text, openEnded: false });
  for (const value of values) {
    if (!mayOpenEnd(value)) continue;
    const out = dump(nest([value], depth - 1), DUMP_OPTIONS);
    const openEnded = out.endsWith("\n...\n");
    const [text] = items([value], depth, openEnded ? out.slice(0, -4) : out);
    rendered.set(value, { text: text!, openEnded });
  }
  return rendered;
}

/**
 * The texts of `values` as items of a sequence whose items are at `depth`.
 * Items are split at a line holding only the sequence's indentation and a
 * dash: a literal block's lines are indented two more, so none looks so.
 */
function items(values: Scalar[], depth: number, written?: string): string[] {
  if (values.length === 0) return [];
  const out = written ?? dump(nest(values, depth - 1), DUMP_OPTIONS);
  if (!out.endsWith("\n") || out.endsWith("\n...\n")) throw new Unsupported();
  const top = head(depth - 1);
  const body = depth === 1 ? `\n${out.slice(0, -1)}` : out.slice(top.length, -1);
  const sep = `\n${"  ".repeat(depth - 1)}- `;
  if (!out.startsWith(top) || !body.startsWith(sep)) throw new Unsupported();
  const texts = body.slice(sep.length).split(sep);
  if (texts.length !== values.length) throw new Unsupported();
  return texts;
}

/** The texts of `keys` as keys of a mapping whose keys are at `depth`. */
function renderKeys(keys: string[], depth: number): Map<string, string> {
  const rendered = new Map<string, string>();
  if (keys.length === 0) return rendered;
  const mapping: Record<string, number> = Object.create(null);
  for (const key of keys) mapping[key] = 0;
  const out = dump(nest(mapping, depth - 1), DUMP_OPTIONS);
  const top = head(depth - 1);
  const body = depth === 1 ? `\n${out.slice(0, -1)}` : out.slice(top.length, -1);
  const sep = `\n${"  ".repeat(depth - 1)}`;
  if (!out.startsWith(top) || !body.startsWith(sep)) throw new Unsupported();
  const lines = body.slice(sep.length).split(sep);
  if (lines.length !== keys.length) throw new Unsupported();
  lines.forEach((line, i) => {
    if (!line.endsWith(": 0") || line.startsWith("? ")) throw new Unsupported();
    rendered.set(keys[i]!, line.slice(0, -3));
  });
  return rendered;
}

interface WriteState {
  memo: Memo;
  /** Whether the last scalar written was open-ended (see Rendered). */
  openEnded: boolean;
  /** Whether the value just written begins with a line break (a nested block). */
  leadingNewline: boolean;
  /** Whether the collection just written had an entry. */
  nonEmpty: boolean;
}

/** `\n` and the indentation of each depth, made once. */
const NEWLINES: string[] = [];

function newlineAt(depth: number): string {
  let newline = NEWLINES[depth];
  if (newline === undefined) {
    newline = `\n${"  ".repeat(depth)}`;
    NEWLINES[depth] = newline;
  }
  return newline;
}

/**
 * A value's text; `state.leadingNewline` says whether it begins with a line
 * break, known from its shape: a nested block's text is a long concatenation,
 * and reading its first character would flatten it (a copy of every nested
 * level at every level above it).
 */
function value(state: WriteState, node: unknown, depth: number, compact: boolean): string {
  if (isCollection(node)) {
    const text = collection(state, node, depth, compact);
    // A non-empty block that does not start on the current line starts on the next.
    state.leadingNewline = !compact && state.nonEmpty;
    return text;
  }
  const rendered = state.memo.values[depth]!.get(node as Scalar)!;
  state.openEnded = rendered.openEnded;
  state.leadingNewline = rendered.text.charCodeAt(0) === 10;
  return rendered.text;
}

/**
 * A non-empty collection as block lines (`dump`'s writeBlockMapping and
 * writeBlockSequence with these options); an empty one as `{}` / `[]`.
 * `compact`: the first entry goes on the current line (the root, an item
 * of a sequence).
 */
function collection(state: WriteState, node: object, depth: number, compact: boolean): string {
  const newline = newlineAt(depth);
  const inner = depth + 1;
  let out = "";
  let onThisLine = compact;
  let entries = 0;
  if (Array.isArray(node)) {
    for (const item of node) {
      const text = value(state, item === undefined ? null : item, inner, true);
      if (onThisLine) onThisLine = false;
      else out += newline;
      out += state.leadingNewline ? "-" : "- ";
      out += text;
      entries++;
    }
  } else {
    const keys = state.memo.keys[inner];
    for (const key of Object.keys(node)) {
      const item = (node as Record<string, unknown>)[key];
      if (item === undefined) continue;
      if (onThisLine) onThisLine = false;
      else out += newline;
      out += keys!.get(key)!;
      const text = value(state, item, inner, false);
      out += text.length === 0 || state.leadingNewline ? ":" : ": ";
      out += text;
      entries++;
    }
  }
  state.nonEmpty = entries > 0;
  if (entries > 0) return out;
  state.openEnded = false;
  return Array.isArray(node) ? "[]" : "{}";
}
