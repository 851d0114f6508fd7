import { DefaultBufferLength, Tree, TreeBuffer } from "@lezer/common";
import type { SyntaxErrorInfo } from "../core/syntax-error.ts";
import { type ParsedPromQL, parsePromQL } from "./parse.ts";
import { typeErrors } from "./typecheck.ts";

/**
 * Parses of queries that differ only inside their string literals.
 *
 * Generated rule files repeat one query per service or team with other
 * label values (`rate(x{job="a"}[5m])`, `rate(x{job="b"}[5m])`): the same
 * tokens, the same parse, only the literals' lengths differ. lezer's parse is
 * a function of the tokens' types, the identifiers' text (its keyword
 * specializers) and the positions; a string literal whose content holds no
 * backslash, no line break and no closing quote is one StringLiteral token
 * whatever that content is (the grammar's rule, promql.grammar @tokens). So
 * the tree of such a query is the tree of any query of its shape, its
 * positions moved by the difference in literal lengths.
 *
 * The first query of a shape is parsed by lezer. It serves as the pattern
 * only if it parsed without errors, its tree is one node over one TreeBuffer
 * (every query up to the parser's buffer length of 1,024 characters: no
 * position decides how the tree is cut into buffers then), and its
 * StringLiteral nodes are exactly the literals found here (so this scan and
 * lezer's tokenizer agree on that shape). Every other query of the shape
 * gets a copy of the pattern's buffer with its positions moved. Anything
 * else is parsed by lezer. test/promql/shape-parse.test.ts compares the
 * buffers with lezer's own on the shared corpora with their literals
 * rewritten.
 */
export interface ShapeParses {
  /** Per shape key: the pattern, or `false` when the first query of the shape could not serve as one. */
  patterns: Map<string, Pattern | false>;
  /** Per type key (see `typeKeyOf`): whether the queries of that key pass the type checks. */
  typeChecked: Map<string, boolean>;
}

interface Pattern {
  tree: Tree;
  buffer: TreeBuffer;
  /** Offset of the buffer in the query. */
  start: number;
  /** The literals' end offsets (after the closing quote), in order. */
  ends: readonly number[];
}

/** The query's shape: its text with every literal emptied, and the end offset of each literal. */
interface Shape {
  key: string;
  ends: number[];
  /** Per literal, whether it is empty (`""`): "1" or "0". */
  empty: string;
}

export function createShapeParses(): ShapeParses {
  return { patterns: new Map(), typeChecked: new Map() };
}

/** The shape of each tree parseByShape returned from a pattern or made from one, for `typeErrorsByShape`. */
const shapeOfTree = new WeakMap<Tree, { memo: ShapeParses; shape: Shape }>();

/** `parsePromQL(query)`, from a pattern of the query's shape when there is one. */
export function parseByShape(query: string, memo: ShapeParses): ParsedPromQL {
  // lezer-promql's parser keeps lezer's default buffer length: up to it, no position decides the layout.
  const shape = query.length <= DefaultBufferLength ? shapeOf(query) : undefined;
  if (shape === undefined) return parsePromQL(query);
  const pattern = memo.patterns.get(shape.key);
  if (pattern === undefined) {
    const parsed = parsePromQL(query);
    const made = patternOf(parsed, shape);
    memo.patterns.set(shape.key, made ?? false);
    if (made !== undefined) shapeOfTree.set(parsed.tree, { memo, shape });
    return parsed;
  }
  if (pattern === false) return parsePromQL(query);
  const tree = moved(pattern, shape.ends, query.length);
  shapeOfTree.set(tree, { memo, shape });
  return { tree, errors: [] };
}

/**
 * `typeErrors(query, tree)` for a tree parseByShape gave, once per type key
 * when the answer is "no type errors".
 *
 * The type checks read a query's tree, its identifiers, numbers and
 * durations (all part of the shape key) and, of its string literals, only
 * label matchers: codemirror-promql's checker asks whether a `=` or `!=`
 * matcher's value is empty (types/matcher.js, `matchesEmpty`), takes the
 * name of a quoted label or metric name (`{"a.b"="x"}`, `{"up"}`) from the
 * literal, and names values in its messages; our own `matchesEverySeries`
 * reads the matchers of a selector without a name. So queries of one shape
 * whose literals are empty in the same places share the verdict when the
 * shape has no quoted name and every selector has a name before its braces,
 * and the verdict is that nothing is wrong (any error message may quote a
 * value). Everything else is checked query by query.
 * test/promql/shape-parse.test.ts holds this against the checker itself on
 * the shared corpora with their literals rewritten.
 */
export function typeErrorsByShape(query: string, tree: Tree): SyntaxErrorInfo[] {
  const known = shapeOfTree.get(tree);
  if (known === undefined) return typeErrors(query, tree);
  const key = `${known.shape.empty}\u0000${known.shape.key}`;
  const clean = known.memo.typeChecked.get(key);
  if (clean === true) return [];
  const errors = typeErrors(query, tree);
  if (clean === undefined)
    known.memo.typeChecked.set(key, errors.length === 0 && namesAreCode(tree));
  return errors;
}

/** No quoted label or metric name, and a name before the braces of every selector. */
function namesAreCode(tree: Tree): boolean {
  let ok = true;
  tree.iterate({
    enter(node) {
      if (!ok) return false;
      if (node.name === "QuotedLabelName") ok = false;
      else if (node.name === "VectorSelector" && node.node.firstChild?.name !== "Identifier")
        ok = false;
      return undefined;
    },
  });
  return ok;
}

const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BACKTICK = 96;
const BACKSLASH = 92;
const NEWLINE = 10;
const HASH = 35;

/**
 * Read the literals as promql.grammar's tokens do: `"…"` and `'…'` (no
 * backslash or line break inside, else no shape: an escape may hide the
 * quote), `` `…` `` (anything but a backtick), and `#` comments to the end
 * of the line, whose quotes are no literals. An unterminated literal has no
 * shape (lezer reads it to the end of the query, and parsePromQL reports it).
 */
function shapeOf(query: string): Shape | undefined {
  let key = "";
  let copied = 0;
  let empty = "";
  const ends: number[] = [];
  const n = query.length;
  for (let i = 0; i < n; i++) {
    const c = query.charCodeAt(i);
    if (c === HASH) {
      const eol = query.indexOf("\n", i);
      if (eol < 0) break;
      i = eol;
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === BACKTICK) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = query.charCodeAt(j);
        if (d === c) break;
        if (c !== BACKTICK && (d === BACKSLASH || d === NEWLINE)) return undefined;
      }
      if (j >= n) return undefined;
      key += query.slice(copied, i + 1);
      copied = j;
      ends.push(j + 1);
      empty += j === i + 1 ? "1" : "0";
      i = j;
    }
  }
  return ends.length === 0 ? undefined : { key: key + query.slice(copied), ends, empty };
}

function patternOf(parsed: ParsedPromQL, shape: Shape): Pattern | undefined {
  const { tree, errors } = parsed;
  if (errors.length > 0 || tree.propValues.length > 0 || tree.children.length !== 1)
    return undefined;
  const buffer = tree.children[0];
  if (!(buffer instanceof TreeBuffer)) return undefined;
  const start = tree.positions[0]!;
  // The StringLiteral nodes must be the literals read by shapeOf, end for end.
  const data = buffer.buffer;
  let literal = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (buffer.set.types[data[i]!]!.name !== "StringLiteral") continue;
    if (start + data[i + 2]! !== shape.ends[literal]) return undefined;
    literal++;
  }
  if (literal !== shape.ends.length) return undefined;
  return { tree, buffer, start, ends: shape.ends };
}

/** The pattern's tree with every position after a literal's end moved by the change in literal lengths so far. */
function moved(pattern: Pattern, ends: readonly number[], length: number): Tree {
  const from = pattern.ends;
  const at = (position: number) => {
    // Literals are few: a linear search of the last literal ending at or before `position`.
    let k = -1;
    while (k + 1 < from.length && from[k + 1]! <= position) k++;
    return k < 0 ? position : position + ends[k]! - from[k]!;
  };
  const data = pattern.buffer.buffer;
  const out = new Uint16Array(data.length);
  const base = pattern.start;
  const start = at(base);
  for (let i = 0; i < data.length; i += 4) {
    out[i] = data[i]!;
    out[i + 1] = at(base + data[i + 1]!) - start;
    out[i + 2] = at(base + data[i + 2]!) - start;
    out[i + 3] = data[i + 3]!;
  }
  const buffer = new TreeBuffer(out, at(base + pattern.buffer.length) - start, pattern.buffer.set);
  return new Tree(pattern.tree.type, [buffer], [start], length);
}
