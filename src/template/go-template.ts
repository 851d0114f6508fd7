/**
 * Go's text/template parser (Go 1.19, the one promtool 2.42 is built with:
 * src/text/template/parse/lex.go and parse.go), ported statement by
 * statement but only to decide whether a template parses, and where the
 * first error is. Prometheus parses every alert label and annotation this
 * way when it loads a rule file (rulefmt → template.ParseTest), so a
 * template this module accepts is one Prometheus accepts, and the other
 * way round (test/lint/go-template.test.ts compares the two on thousands
 * of generated templates).
 */

export interface GoTemplateError {
  /** 0-based offset into the template text. */
  offset: number;
  message: string;
}

export interface GoTemplateOptions {
  /** Variables declared before the text (Prometheus declares $labels, $value, …). */
  variables: readonly string[];
  /** Functions the template may call. */
  functions: ReadonlySet<string>;
}

type ItemType =
  | "error"
  | "bool"
  | "char"
  | "charConstant"
  | "complex"
  | "assign"
  | "declare"
  | "eof"
  | "field"
  | "identifier"
  | "leftDelim"
  | "leftParen"
  | "number"
  | "pipe"
  | "rawString"
  | "rightDelim"
  | "rightParen"
  | "space"
  | "string"
  | "text"
  | "variable"
  | "block"
  | "break"
  | "continue"
  | "dot"
  | "define"
  | "else"
  | "end"
  | "if"
  | "nil"
  | "range"
  | "template"
  | "with";

interface Item {
  typ: ItemType;
  val: string;
  pos: number;
}

const KEYWORDS: Record<string, ItemType> = {
  block: "block",
  break: "break",
  continue: "continue",
  define: "define",
  else: "else",
  end: "end",
  if: "if",
  range: "range",
  nil: "nil",
  template: "template",
  with: "with",
};

const EOF = "";
const isSpace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlphaNumeric = (c: string) => c === "_" || /^[\p{L}\p{Nd}]$/u.test(c);

function hasLeftTrimMarker(s: string): boolean {
  return s.length >= 2 && s[0] === "-" && isSpace(s[1]!);
}

function hasRightTrimMarker(s: string): boolean {
  return s.length >= 2 && isSpace(s[0]!) && s[1] === "-";
}

function rightTrimLength(s: string): number {
  let n = 0;
  while (n < s.length && isSpace(s[s.length - 1 - n]!)) n++;
  return n;
}

function leftTrimLength(s: string): number {
  let n = 0;
  while (n < s.length && isSpace(s[n]!)) n++;
  return n;
}

/** Go's %#U for a rune: U+0041 'A'. */
function formatRune(r: string): string {
  const hex = (r.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(r) ? `U+${hex} '${r}'` : `U+${hex}`;
}

type State = (() => State) | null;

/** lex.go: the whole token stream, ending with `eof` or with the first `error`. */
function lex(input: string): Item[] {
  const items: Item[] = [];
  let start = 0;
  let pos = 0;
  let width = 0;
  let parenDepth = 0;
  const emit = (typ: ItemType) => {
    items.push({ typ, val: input.slice(start, pos), pos: start });
    start = pos;
  };
  const ignore = () => {
    start = pos;
  };
  const next = (): string => {
    if (pos >= input.length) {
      width = 0;
      return EOF;
    }
    const ch = String.fromCodePoint(input.codePointAt(pos)!);
    width = ch.length;
    pos += width;
    return ch;
  };
  const backup = () => {
    pos -= width;
  };
  const peek = () => {
    const c = next();
    backup();
    return c;
  };
  const accept = (valid: string) => {
    const c = next();
    if (c !== EOF && valid.includes(c)) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string) => {
    for (;;) {
      const c = next();
      if (c === EOF || !valid.includes(c)) break;
    }
    backup();
  };
  const errorf = (message: string): State => {
    items.push({ typ: "error", val: message, pos: start });
    return null;
  };
  const atRightDelim = (): [boolean, boolean] => {
    if (hasRightTrimMarker(input.slice(pos)) && input.startsWith("}}", pos + 2))
      return [true, true];
    if (input.startsWith("}}", pos)) return [true, false];
    return [false, false];
  };
  const atTerminator = () => {
    const r = peek();
    if (isSpace(r)) return true;
    if ([EOF, ".", ",", "|", ":", ")", "("].includes(r)) return true;
    return r === "}";
  };

  const lexText = (): State => {
    width = 0;
    const x = input.indexOf("{{", pos);
    if (x >= 0) {
      pos = x;
      let trim = 0;
      if (hasLeftTrimMarker(input.slice(pos + 2))) trim = rightTrimLength(input.slice(start, pos));
      pos -= trim;
      if (pos > start) emit("text");
      pos += trim;
      ignore();
      return lexLeftDelim;
    }
    pos = input.length;
    if (pos > start) emit("text");
    emit("eof");
    return null;
  };
  const lexLeftDelim = (): State => {
    pos += 2;
    const afterMarker = hasLeftTrimMarker(input.slice(pos)) ? 2 : 0;
    if (input.startsWith("/*", pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return lexComment;
    }
    emit("leftDelim");
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return lexInsideAction;
  };
  const lexComment = (): State => {
    pos += 2;
    const x = input.indexOf("*/", pos);
    if (x < 0) return errorf("unclosed comment");
    pos = x + 2;
    const [delim, trimSpace] = atRightDelim();
    if (!delim) return errorf("comment ends before closing delimiter");
    if (trimSpace) pos += 2;
    pos += 2;
    if (trimSpace) pos += leftTrimLength(input.slice(pos));
    ignore();
    return lexText;
  };
  const lexRightDelim = (): State => {
    const trimSpace = hasRightTrimMarker(input.slice(pos));
    if (trimSpace) {
      pos += 2;
      ignore();
    }
    pos += 2;
    emit("rightDelim");
    if (trimSpace) {
      pos += leftTrimLength(input.slice(pos));
      ignore();
    }
    return lexText;
  };
  const lexInsideAction = (): State => {
    const [delim] = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      return errorf("unclosed left paren");
    }
    const r = next();
    if (r === EOF) return errorf("unclosed action");
    if (isSpace(r)) {
      backup();
      return lexSpace;
    }
    if (r === "=") emit("assign");
    else if (r === ":") {
      if (next() !== "=") return errorf("expected :=");
      emit("declare");
    } else if (r === "|") emit("pipe");
    else if (r === '"') return lexQuote;
    else if (r === "`") return lexRawQuote;
    else if (r === "$") return lexVariable;
    else if (r === "'") return lexChar;
    else if (r === "." && pos < input.length && !/[0-9]/.test(input[pos]!)) return lexField;
    else if (r === "." || r === "+" || r === "-" || /[0-9]/.test(r)) {
      backup();
      return lexNumber;
    } else if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    } else if (r === "(") {
      emit("leftParen");
      parenDepth++;
    } else if (r === ")") {
      emit("rightParen");
      parenDepth--;
      if (parenDepth < 0) return errorf(`unexpected right paren ${formatRune(r)}`);
    } else if (r.charCodeAt(0) >= 0x20 && r.charCodeAt(0) < 0x7f) emit("char");
    else return errorf(`unrecognized character in action: ${formatRune(r)}`);
    return lexInsideAction;
  };
  const lexSpace = (): State => {
    let spaces = 0;
    while (isSpace(peek())) {
      next();
      spaces++;
    }
    // A trim-marked closing delimiter has a minus after a space.
    if (hasRightTrimMarker(input.slice(pos - 1)) && input.startsWith("}}", pos - 1 + 2)) {
      backup();
      if (spaces === 1) return lexInsideAction;
    }
    emit("space");
    return lexInsideAction;
  };
  const lexIdentifier = (): State => {
    for (;;) {
      const r = next();
      if (isAlphaNumeric(r)) continue;
      backup();
      const word = input.slice(start, pos);
      if (!atTerminator()) return errorf(`bad character ${formatRune(r)}`);
      const keyword = KEYWORDS[word];
      if (keyword !== undefined) emit(keyword);
      else if (word === "true" || word === "false") emit("bool");
      else emit("identifier");
      return lexInsideAction;
    }
  };
  const lexFieldOrVariable = (typ: "field" | "variable"): State => {
    if (atTerminator()) {
      emit(typ === "variable" ? "variable" : "dot");
      return lexInsideAction;
    }
    let r: string;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) return errorf(`bad character ${formatRune(r)}`);
    emit(typ);
    return lexInsideAction;
  };
  const lexField = (): State => lexFieldOrVariable("field");
  const lexVariable = (): State => {
    if (atTerminator()) {
      emit("variable");
      return lexInsideAction;
    }
    return lexFieldOrVariable("variable");
  };
  const lexQuoted = (quote: string, typ: ItemType, unterminated: string): State => {
    for (;;) {
      const c = next();
      if (c === "\\") {
        const r = next();
        if (r !== EOF && r !== "\n") continue;
        return errorf(unterminated);
      }
      if (c === EOF || c === "\n") return errorf(unterminated);
      if (c === quote) break;
    }
    emit(typ);
    return lexInsideAction;
  };
  const lexChar = () => lexQuoted("'", "charConstant", "unterminated character constant");
  const lexQuote = () => lexQuoted('"', "string", "unterminated quoted string");
  const lexRawQuote = (): State => {
    for (;;) {
      const c = next();
      if (c === EOF) return errorf("unterminated raw quoted string");
      if (c === "`") break;
    }
    emit("rawString");
    return lexInsideAction;
  };
  const scanNumber = (): boolean => {
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };
  const lexNumber = (): State => {
    if (!scanNumber())
      return errorf(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
    const sign = peek();
    if (sign === "+" || sign === "-") {
      if (!scanNumber() || input[pos - 1] !== "i")
        return errorf(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`);
      emit("complex");
    } else emit("number");
    return lexInsideAction;
  };

  let state: State = lexText;
  while (state !== null) state = state();
  return items;
}

/** strconv.UnquoteChar: one (possibly escaped) character of a quoted literal, or undefined. */
function unquoteChar(s: string, quote: string): { tail: string } | undefined {
  if (s.length === 0) return undefined;
  const c = s[0]!;
  if (c === quote && (quote === "'" || quote === '"')) return undefined;
  if (c !== "\\") return { tail: s.slice(String.fromCodePoint(s.codePointAt(0)!).length) };
  if (s.length <= 1) return undefined;
  const e = s[1]!;
  let rest = s.slice(2);
  if ("abfnrtv\\".includes(e)) return { tail: rest };
  if (e === "x" || e === "u" || e === "U") {
    const n = e === "x" ? 2 : e === "u" ? 4 : 8;
    const hex = rest.slice(0, n);
    if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
    const v = Number.parseInt(hex, 16);
    // \u and \U must name a valid rune (not a surrogate, at most U+10FFFF).
    if (e !== "x" && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
    return { tail: rest.slice(n) };
  }
  if (e >= "0" && e <= "7") {
    const more = rest.slice(0, 2);
    if (!/^[0-7]{2}$/.test(more)) return undefined;
    if (Number.parseInt(e + more, 8) > 255) return undefined;
    rest = rest.slice(2);
    return { tail: rest };
  }
  if (e === "'" || e === '"') return e === quote ? { tail: rest } : undefined;
  return undefined;
}

/** strconv.Unquote on a lexed "…" or `…` literal (the lexer already found its end). */
function unquoteOk(literal: string): boolean {
  if (literal[0] === "`") return true;
  let body = literal.slice(1, -1);
  while (body.length > 0) {
    if (body[0] === "\n") return false;
    const r = unquoteChar(body, '"');
    if (r === undefined) return false;
    body = r.tail;
  }
  return true;
}

/** strconv.underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOk(text: string): boolean {
  let s = text;
  let saw = "^";
  let i = 0;
  if (s[0] === "+" || s[0] === "-") s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** strconv.ParseUint(s, 0, 64) / ParseInt(s, 0, 64): whether either succeeds. */
function parsesAsInteger(text: string): boolean {
  let s = text;
  let negative = false;
  let signed = false;
  if (s[0] === "+" || s[0] === "-") {
    signed = true;
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "") return false;
  let base = 10;
  let digits = s;
  if (s[0] === "0") {
    const p = s[1]?.toLowerCase();
    if (s.length >= 3 && p === "b") [base, digits] = [2, s.slice(2)];
    else if (s.length >= 3 && p === "o") [base, digits] = [8, s.slice(2)];
    else if (s.length >= 3 && p === "x") [base, digits] = [16, s.slice(2)];
    else [base, digits] = [8, s.slice(1)];
  }
  let value = 0n;
  let underscores = false;
  for (const c of digits) {
    if (c === "_") {
      underscores = true;
      continue;
    }
    const d = Number.parseInt(c, 36);
    if (Number.isNaN(d) || d >= base) return false;
    value = value * BigInt(base) + BigInt(d);
  }
  if (underscores && !underscoreOk(text)) return false;
  if (!signed) return value <= 0xffffffffffffffffn;
  return negative ? value <= 0x8000000000000000n : value <= 0x7fffffffffffffffn;
}

/** strconv.ParseFloat(s, 64): syntax (decimal or hex with a p exponent) and range. */
function parsesAsFloat(text: string): boolean {
  let s = text;
  if (s[0] === "+" || s[0] === "-") s = s.slice(1);
  if (s.includes("_") && !underscoreOk(text)) return false;
  const plain = s.replaceAll("_", "");
  if (/^0[xX]/.test(plain)) {
    const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(plain);
    if (m === null || `${m[1]}${m[2] ?? ""}` === "") return false;
    const mantissa = Number.parseInt(`${m[1]}${m[2] ?? ""}` || "0", 16);
    const value = mantissa * 2 ** (Number(m[3]) - 4 * (m[2] ?? "").length);
    return Number.isFinite(value);
  }
  if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(plain)) return false;
  return Number.isFinite(Number(plain));
}

/** parse/node.go newNumber: the error for a number token, or undefined. */
function numberProblem(text: string, typ: ItemType): string | undefined {
  if (typ === "charConstant") {
    const r = unquoteChar(text.slice(1), "'");
    if (r === undefined) return "invalid syntax";
    return r.tail === "'" ? undefined : `malformed character constant: ${text}`;
  }
  if (typ === "complex") {
    // fmt.Sscan reads real+imag; both halves are Go floats.
    const m = /^(.+?)([+-][^+-]*)i$/.exec(text);
    return m !== null && parsesAsFloat(m[1]!) && parsesAsFloat(m[2]!)
      ? undefined
      : `illegal number syntax: ${JSON.stringify(text)}`;
  }
  if (text.endsWith("i") && parsesAsFloat(text.slice(0, -1))) return undefined;
  if (parsesAsInteger(text)) return undefined;
  if (parsesAsFloat(text)) {
    return /[.eEpP]/.test(text) ? undefined : `integer overflow: ${text}`;
  }
  return `illegal number syntax: ${JSON.stringify(text)}`;
}

/** An item as Go's parser names it in messages. */
function describe(item: Item): string {
  if (item.typ === "eof") return "EOF";
  if (item.typ === "error") return item.val;
  if (KEYWORDS[item.val] === item.typ) return `<${item.val}>`;
  return JSON.stringify(item.val.length > 10 ? `${item.val.slice(0, 10)}...` : item.val);
}

type NodeKind =
  | "text"
  | "action"
  | "control"
  | "end"
  | "else"
  | "bool"
  | "dot"
  | "nil"
  | "number"
  | "string"
  | "field"
  | "variable"
  | "identifier"
  | "chain"
  | "pipe";

interface ListNode {
  kind: NodeKind;
  pos: number;
  /** Text that is not only white space, or anything but text: the tree is not "empty". */
  nonEmpty: boolean;
}

/** Thrown inside the parser to stop at the first error, as parse.go panics and recovers. */
class TemplateParseError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parse `text` as text/template does; the first error, or undefined when it parses. */
export function parseGoTemplate(
  text: string,
  options: GoTemplateOptions,
): GoTemplateError | undefined {
  const items = lex(text);
  let idx = 0;
  let vars = ["$", ...options.variables];
  let rangeDepth = 0;
  const definitions = new Set<string>();
  const open: Item[] = [];

  const fail = (offset: number, message: string): never => {
    throw new TemplateParseError(offset, message);
  };
  const next = (): Item => items[Math.min(idx++, items.length - 1)]!;
  const backup = () => {
    idx--;
  };
  const peek = (): Item => items[Math.min(idx, items.length - 1)]!;
  const nextNonSpace = (): Item => {
    let t = next();
    while (t.typ === "space") t = next();
    return t;
  };
  const peekNonSpace = (): Item => {
    const t = nextNonSpace();
    backup();
    return t;
  };
  const unexpected = (token: Item, context: string): never =>
    token.typ === "error"
      ? fail(token.pos, token.val)
      : fail(token.pos, `unexpected ${describe(token)} in ${context}`);
  const expect = (typ: ItemType, context: string): Item => {
    const token = nextNonSpace();
    if (token.typ !== typ) unexpected(token, context);
    return token;
  };

  const itemList = (): { nodes: ListNode[]; end: ListNode } => {
    const nodes: ListNode[] = [];
    while (peekNonSpace().typ !== "eof") {
      const n = textOrAction();
      if (n.kind === "end" || n.kind === "else") return { nodes, end: n };
      nodes.push(n);
    }
    const opened = open.at(-1);
    return opened === undefined
      ? fail(text.length, "unexpected EOF")
      : fail(opened.pos, `unexpected EOF: {{${opened.val}}} has no {{end}}`);
  };
  const textOrAction = (): ListNode => {
    const token = nextNonSpace();
    if (token.typ === "text")
      return { kind: "text", pos: token.pos, nonEmpty: token.val.trim() !== "" };
    if (token.typ === "leftDelim") return action();
    return unexpected(token, "input");
  };
  /** A new tree (define, block): its own variables and range depth, as startParse gives. */
  const subTree = (name: string, keyword: Item, context: string) => {
    const [savedVars, savedDepth] = [vars, rangeDepth];
    vars = ["$"];
    rangeDepth = 0;
    open.push(keyword);
    const { nodes, end } = itemList();
    if (end.kind !== "end") fail(end.pos, `unexpected {{else}} in ${context}`);
    open.pop();
    [vars, rangeDepth] = [savedVars, savedDepth];
    if (nodes.some((n) => n.nonEmpty)) {
      if (definitions.has(name))
        fail(keyword.pos, `template: multiple definition of template ${JSON.stringify(name)}`);
      definitions.add(name);
    }
  };
  const templateName = (token: Item, context: string): string => {
    if (token.typ !== "string" && token.typ !== "rawString") return unexpected(token, context);
    if (!unquoteOk(token.val)) fail(token.pos, "invalid syntax");
    // The literal identifies the name well enough to find a second definition of it.
    return token.val.slice(1, -1);
  };
  const parseDefinition = (keyword: Item) => {
    const context = "define clause";
    const nameToken = nextNonSpace();
    if (nameToken.typ !== "string" && nameToken.typ !== "rawString") unexpected(nameToken, context);
    const name = templateName(nameToken, context);
    expect("rightDelim", context);
    subTree(name, keyword, context);
  };
  const action = (): ListNode => {
    const token = nextNonSpace();
    const node = (kind: NodeKind): ListNode => ({ kind, pos: token.pos, nonEmpty: true });
    switch (token.typ) {
      case "block": {
        const context = "block clause";
        const name = templateName(nextNonSpace(), context);
        pipeline(context, "rightDelim");
        subTree(name, token, context);
        return node("control");
      }
      case "break":
      case "continue": {
        const after = nextNonSpace();
        if (after.typ !== "rightDelim") unexpected(after, `{{${token.val}}}`);
        if (rangeDepth === 0) fail(token.pos, `{{${token.val}}} outside {{range}}`);
        return node("control");
      }
      case "else":
        // "{{else if …": the `if` is left for the enclosing if to read.
        if (peekNonSpace().typ !== "if") expect("rightDelim", "else");
        return node("else");
      case "end":
        expect("rightDelim", "end");
        return node("end");
      case "if":
        ifControl(token);
        return node("control");
      case "range":
      case "with":
        parseControl(false, token);
        return node("control");
      case "template": {
        const context = "template clause";
        templateName(nextNonSpace(), context);
        if (nextNonSpace().typ !== "rightDelim") {
          backup();
          pipeline(context, "rightDelim");
        }
        return node("action");
      }
    }
    backup();
    pipeline("command", "rightDelim");
    return node("action");
  };
  const ifControl = (keyword: Item) => parseControl(true, keyword);
  const parseControl = (allowElseIf: boolean, keyword: Item) => {
    const context = keyword.val;
    const savedVars = vars.length;
    pipeline(context, "rightDelim");
    if (context === "range") rangeDepth++;
    open.push(keyword);
    let { end } = itemList();
    if (context === "range") rangeDepth--;
    if (end.kind === "else") {
      if (allowElseIf && peek().typ === "if") {
        const elseIf = next();
        ifControl(elseIf);
      } else {
        ({ end } = itemList());
        if (end.kind !== "end") fail(end.pos, "expected end; found {{else}}");
      }
    }
    open.pop();
    vars.length = savedVars;
  };
  const pipeline = (context: string, end: ItemType) => {
    let decls = 0;
    for (;;) {
      const v = peekNonSpace();
      if (v.typ !== "variable") break;
      const mark = idx;
      next();
      const after = peekNonSpace();
      if (after.typ === "assign" || after.typ === "declare") {
        nextNonSpace();
        vars.push(v.val);
        decls++;
      } else if (after.typ === "char" && after.val === ",") {
        nextNonSpace();
        vars.push(v.val);
        decls++;
        if (context === "range" && decls < 2) {
          const t = peekNonSpace().typ;
          if (t === "variable" || t === "rightDelim" || t === "rightParen") continue;
          fail(after.pos, "range can only initialize variables");
        }
        fail(after.pos, `too many declarations in ${context}`);
      } else idx = mark;
      break;
    }
    const cmds: NodeKind[][] = [];
    for (;;) {
      const token = nextNonSpace();
      if (token.typ === end) {
        if (cmds.length === 0) fail(token.pos, `missing value for ${context}`);
        cmds.slice(1).forEach((args, i) => {
          if (["bool", "dot", "nil", "number", "string"].includes(args[0]!))
            fail(token.pos, `non executable command in pipeline stage ${i + 2}`);
        });
        return;
      }
      if (OPERAND_START.has(token.typ)) {
        backup();
        cmds.push(command());
        continue;
      }
      unexpected(token, context);
    }
  };
  const command = (): NodeKind[] => {
    const args: NodeKind[] = [];
    const first = peekNonSpace();
    for (;;) {
      peekNonSpace();
      const arg = operand();
      if (arg !== undefined) args.push(arg);
      const token = next();
      if (token.typ === "space") continue;
      if (token.typ === "rightDelim" || token.typ === "rightParen") backup();
      else if (token.typ !== "pipe") unexpected(token, "operand");
      break;
    }
    if (args.length === 0) fail(first.pos, "empty command");
    return args;
  };
  const operand = (): NodeKind | undefined => {
    const start = peek();
    let node = term();
    if (node === undefined) return undefined;
    if (peek().typ === "field") {
      while (peek().typ === "field") next();
      if (["bool", "string", "number", "nil", "dot"].includes(node))
        fail(start.pos, `unexpected . after term ${JSON.stringify(start.val)}`);
      if (node !== "field" && node !== "variable") node = "chain";
    }
    return node;
  };
  const term = (): NodeKind | undefined => {
    const token = nextNonSpace();
    switch (token.typ) {
      case "identifier":
        if (!options.functions.has(token.val))
          fail(token.pos, `function ${JSON.stringify(token.val)} not defined`);
        return "identifier";
      case "dot":
        return "dot";
      case "nil":
        return "nil";
      case "variable":
        if (!vars.includes(token.val))
          fail(token.pos, `undefined variable ${JSON.stringify(token.val)}`);
        return "variable";
      case "field":
        return "field";
      case "bool":
        return "bool";
      case "charConstant":
      case "complex":
      case "number": {
        const problem = numberProblem(token.val, token.typ);
        if (problem !== undefined) fail(token.pos, problem);
        return "number";
      }
      case "leftParen":
        pipeline("parenthesized pipeline", "rightParen");
        return "pipe";
      case "string":
      case "rawString":
        if (!unquoteOk(token.val)) fail(token.pos, `invalid syntax in string ${describe(token)}`);
        return "string";
    }
    backup();
    return undefined;
  };

  try {
    while (peek().typ !== "eof") {
      if (peek().typ === "leftDelim") {
        const mark = idx;
        next();
        const keyword = nextNonSpace();
        if (keyword.typ === "define") {
          parseDefinition(keyword);
          continue;
        }
        idx = mark;
      }
      const n = textOrAction();
      if (n.kind === "end" || n.kind === "else") fail(n.pos, `unexpected {{${n.kind}}}`);
    }
    return undefined;
  } catch (error) {
    if (error instanceof TemplateParseError)
      return { offset: error.offset, message: error.message };
    throw error;
  }
}

const OPERAND_START = new Set<ItemType>([
  "bool",
  "charConstant",
  "complex",
  "dot",
  "field",
  "identifier",
  "number",
  "nil",
  "rawString",
  "string",
  "variable",
  "leftParen",
]);
