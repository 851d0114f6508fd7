import type { ServiceInput } from "../model/service.ts";
import { WINDOW } from "../core/window.ts";

/**
 * Print an imported service as an idiomatic definition module: the typed
 * helpers instead of `kind` tags, SLI queries as template literals with
 * `${WINDOW}`, short objects on one line, two-space indentation.
 *
 * Everything that came from the input file is data: strings and keys are
 * printed as escaped literals, whatever they contain or are called. The only
 * code in the module is what this file creates itself, as instances of the
 * private classes below, which parsed YAML or JSON can never produce (an
 * object with `call` or `raw` keys is printed as an object, nothing more).
 */
export function printServiceModule(service: ServiceInput, options: { source: string }): string {
  const helpers = new Set<Helper>(["defineService"]);
  const value = toPrintable(service, helpers);
  const imports = [...helpers].sort();
  return [
    `// Imported by obsforge from ${commentText(options.source)}.`,
    `import { ${imports.join(", ")} } from "obsforge";`,
    "",
    `export default ${print(value, 0)};`,
    "",
  ].join("\n");
}

/** The helpers a printed module may call; nothing outside this list is ever printed as a name. */
const HELPERS = [
  "defineService",
  "slo",
  "eventRatioSli",
  "latencySli",
  "rawSli",
  "availabilitySli",
  "WINDOW",
] as const;
type Helper = (typeof HELPERS)[number];

/** A helper call in the printed module: `helper(arg)`. Created only by this file. */
class HelperCall {
  readonly helper: Helper;
  readonly arg: Printable;
  constructor(helper: Helper, arg: Printable) {
    this.helper = helper;
    this.arg = arg;
  }
}

/** A query with the window placeholder, printed as `` `…${WINDOW}…` ``. Created only by this file. */
class WindowTemplate {
  /** The text around each placeholder, unescaped. */
  readonly pieces: readonly string[];
  constructor(pieces: readonly string[]) {
    this.pieces = pieces;
  }
}

type Printable =
  | string
  | number
  | boolean
  | null
  | undefined
  | HelperCall
  | WindowTemplate
  | readonly Printable[]
  | { readonly [key: string]: Printable };

const SLI_HELPERS: Record<string, Helper> = {
  events: "eventRatioSli",
  latency: "latencySli",
  raw: "rawSli",
  availability: "availabilitySli",
};

function toPrintable(service: ServiceInput, helpers: Set<Helper>): Printable {
  const { kind: _kind, slos, ...rest } = service;
  const body: Record<string, Printable> = copyEntries(rest as Record<string, unknown>);
  if (slos !== undefined && slos.length > 0) {
    helpers.add("slo");
    const printed = slos.map((slo) => {
      const { sli, ...sloRest } = slo;
      const { kind, ...sliFields } = sli as { kind: string } & Record<string, unknown>;
      const helper = SLI_HELPERS[kind];
      // The model only knows these kinds; anything else is a bug upstream of the printer.
      if (helper === undefined)
        throw new Error(`print-ts: unknown SLI kind ${JSON.stringify(kind)}`);
      helpers.add(helper);
      const sliArg: Record<string, Printable> = {};
      for (const [key, value] of Object.entries(sliFields)) {
        setEntry(
          sliArg,
          key,
          typeof value === "string" && value.includes(WINDOW)
            ? windowTemplate(value, helpers)
            : (value as Printable),
        );
      }
      // The SLI reads best right after what it is measured against.
      const fields = sloRest as Record<string, unknown>;
      const arg: Record<string, Printable> = {};
      for (const key of ["name", "description", "objective", "period"]) {
        if (Object.hasOwn(fields, key)) setEntry(arg, key, fields[key] as Printable);
      }
      setEntry(arg, "sli", new HelperCall(helper, sliArg));
      for (const [key, value] of Object.entries(fields)) {
        if (!Object.hasOwn(arg, key)) setEntry(arg, key, value as Printable);
      }
      return new HelperCall("slo", arg);
    });
    setEntry(body, "slos", printed);
  }
  return new HelperCall("defineService", body);
}

/** Own entries of `value` into a fresh object, keeping a `__proto__` key an ordinary key. */
function copyEntries(value: Record<string, unknown>): Record<string, Printable> {
  const out: Record<string, Printable> = {};
  for (const [key, v] of Object.entries(value)) setEntry(out, key, v as Printable);
  return out;
}

function setEntry(target: Record<string, Printable>, key: string, value: Printable): void {
  // Plain assignment of "__proto__" would set the prototype instead of a key.
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** `sum(rate(x[{{.window}}]))` → `` `sum(rate(x[${WINDOW}]))` `` */
function windowTemplate(query: string, helpers: Set<Helper>): WindowTemplate {
  helpers.add("WINDOW");
  return new WindowTemplate(query.split(WINDOW));
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WIDTH = 100;

/**
 * Code points a reader or a parser could take for something else: line and
 * paragraph separators (line terminators in JS, even inside a comment), C0/C1
 * controls, format characters such as bidi overrides (Trojan Source),
 * unpaired surrogates, private-use and unassigned code points, and every
 * space but U+0020. They are printed as `\u` escapes.
 */
const UNSAFE = /[\p{C}\p{Z}]/gu;

function unicodeEscape(char: string): string {
  const cp = char.codePointAt(0)!;
  return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\u{${cp.toString(16)}}`;
}

/** A JS string literal for any string: JSON's escapes plus the unsafe code points above. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => (c === " " ? c : unicodeEscape(c)));
}

/** Text of a template literal, evaluating to exactly `value`. */
function templateText(value: string): string {
  return value.replace(/[\\`]|\$\{|\r|[\p{C}\p{Z}]/gu, (c) => {
    if (c === "\\" || c === "`") return `\\${c}`;
    if (c === "${") return "\\${";
    // A raw CR (or CRLF) in a template literal reads back as LF.
    if (c === "\r") return "\\r";
    if (c === "\n" || c === " ") return c;
    return unicodeEscape(c);
  });
}

function keyText(key: string): string {
  // A bare `__proto__:` (quoted or not) sets the prototype; a computed key is an own property.
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  // An identifier key names the same property as its quoted form, and reads better.
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

/** Source file names go in a line comment: print them so no character can end it. */
function commentText(source: string): string {
  const literal = stringLiteral(source);
  return literal === `"${source}"` ? source : literal;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "Number.NaN";
  if (value === Number.POSITIVE_INFINITY) return "Number.POSITIVE_INFINITY";
  if (value === Number.NEGATIVE_INFINITY) return "Number.NEGATIVE_INFINITY";
  if (Object.is(value, -0)) return "-0";
  return String(value);
}

function print(value: Printable, indent: number): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  if (value instanceof HelperCall) {
    if (!HELPERS.includes(value.helper))
      throw new Error(`print-ts: unknown helper ${value.helper}`);
    return `${value.helper}(${print(value.arg, indent)})`;
  }
  if (value instanceof WindowTemplate) {
    // The interpolation is text to print, not one to evaluate here.
    return `\`${value.pieces.map(templateText).join(`$${"{WINDOW}"}`)}\``;
  }
  const pad = "  ".repeat(indent + 1);
  const close = "  ".repeat(indent);
  if (Array.isArray(value)) {
    const items = (value as readonly Printable[]).map((v) => print(v, indent + 1));
    const inline = `[${items.join(", ")}]`;
    if (inline.length + indent * 2 <= WIDTH && !inline.includes("\n")) return inline;
    return `[\n${items.map((i) => `${pad}${i},`).join("\n")}\n${close}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (typeof value !== "object" || (proto !== Object.prototype && proto !== null)) {
    // Parsed YAML holds only plain data; anything else is a bug, never printed as code.
    throw new Error(`print-ts: cannot print a ${typeof value}`);
  }
  const entries = Object.entries(value as Record<string, Printable>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${keyText(k)}: ${print(v, indent + 1)}`);
  if (entries.length === 0) return "{}";
  const inline = `{ ${entries.join(", ")} }`;
  if (inline.length + indent * 2 <= WIDTH && !inline.includes("\n")) return inline;
  return `{\n${entries.map((e) => `${pad}${e},`).join("\n")}\n${close}}`;
}
