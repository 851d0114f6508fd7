import { stringLiteral } from "../print-ts.ts";

/**
 * The few kinds of code an imported dashboard module holds, and their
 * printer. Everything read from the Grafana JSON is data (`Json`), printed
 * as JSON-style literals (strings through `stringLiteral`, keys quoted when
 * they are not identifiers); the only code is what the converter builds as
 * instances of the classes below, which JSON.parse can never produce.
 */

export type Json =
  | null
  | boolean
  | number
  | string
  | readonly Json[]
  | { readonly [k: string]: Json };

/** The SDK modules a module may import, as `import * as <name> from "@grafana/grafana-foundation-sdk/<name>"`. */
export const SDK_MODULES = ["dashboard", "prometheus", "loki"] as const;
export type SdkModule = (typeof SDK_MODULES)[number];

/** `new dashboard.PanelBuilder(args…).method(args…)…`. */
export class BuilderCode {
  readonly calls: { method: string; args: Code[] }[] = [];
  constructor(
    readonly module: SdkModule,
    readonly className: string,
    readonly args: readonly Code[] = [],
  ) {}

  call(method: string, ...args: Code[]): this {
    this.calls.push({ method, args });
    return this;
  }
}

/** `dashboard.VariableRefresh.OnDashboardLoad`: a member of an SDK enum. */
export class EnumCode {
  constructor(
    readonly module: SdkModule,
    readonly enumName: string,
    readonly member: string,
  ) {}
}

/** An object literal some of whose values are code (an enum member in a value mapping). */
export class ObjectCode {
  constructor(readonly entries: readonly (readonly [string, Code])[]) {}
}

/** An array literal of code (builders). */
export class ArrayCode {
  constructor(readonly items: readonly Code[]) {}
}

export type Code = Json | BuilderCode | EnumCode | ObjectCode | ArrayCode;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const WIDTH = 100;

/** The SDK modules `code` refers to, for the import lines. */
export function modulesUsed(code: Code, into: Set<SdkModule> = new Set()): Set<SdkModule> {
  if (code instanceof BuilderCode) {
    into.add(code.module);
    for (const a of code.args) modulesUsed(a, into);
    for (const c of code.calls) for (const a of c.args) modulesUsed(a, into);
  } else if (code instanceof EnumCode) into.add(code.module);
  else if (code instanceof ObjectCode) for (const [, v] of code.entries) modulesUsed(v, into);
  else if (code instanceof ArrayCode) for (const v of code.items) modulesUsed(v, into);
  return into;
}

/** TypeScript text for `code`, indented `indent` levels (two spaces each). */
export function printCode(code: Code, indent = 0): string {
  if (code instanceof BuilderCode) return printBuilder(code, indent);
  if (code instanceof EnumCode) return `${code.module}.${code.enumName}.${code.member}`;
  if (code instanceof ObjectCode) return printEntries(code.entries, indent);
  if (code instanceof ArrayCode) return printItems(code.items, indent);
  return printJson(code, indent);
}

function printBuilder(code: BuilderCode, indent: number): string {
  const head = `new ${code.module}.${code.className}(${code.args.map((a) => printCode(a, indent)).join(", ")})`;
  if (code.calls.length === 0) return head;
  const pad = "  ".repeat(indent + 1);
  const calls = code.calls.map(
    (c) => `${pad}.${c.method}(${c.args.map((a) => printCode(a, indent + 1)).join(", ")})`,
  );
  const inline = `${head}${calls.map((c) => c.trimStart()).join("")}`;
  if (code.calls.length <= 2 && inline.length + indent * 2 <= WIDTH && !inline.includes("\n"))
    return inline;
  return `${head}\n${calls.join("\n")}`;
}

function printJson(value: Json, indent: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return printItems(value as readonly Json[], indent);
  return printEntries(Object.entries(value as Record<string, Json>), indent);
}

function printItems(items: readonly Code[], indent: number): string {
  const printed = items.map((v) => printCode(v, indent + 1));
  const inline = `[${printed.join(", ")}]`;
  if (inline.length + indent * 2 <= WIDTH && !inline.includes("\n")) return inline;
  const pad = "  ".repeat(indent + 1);
  return `[\n${printed.map((i) => `${pad}${i},`).join("\n")}\n${"  ".repeat(indent)}]`;
}

function printEntries(entries: readonly (readonly [string, Code])[], indent: number): string {
  if (entries.length === 0) return "{}";
  const printed = entries.map(([k, v]) => `${keyText(k)}: ${printCode(v, indent + 1)}`);
  const inline = `{ ${printed.join(", ")} }`;
  if (inline.length + indent * 2 <= WIDTH && !inline.includes("\n")) return inline;
  const pad = "  ".repeat(indent + 1);
  return `{\n${printed.map((e) => `${pad}${e},`).join("\n")}\n${"  ".repeat(indent)}}`;
}

function keyText(key: string): string {
  // A bare or quoted `__proto__:` sets the prototype; a computed key is an own property.
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

function numberText(value: number): string {
  // JSON has no NaN or Infinity; -0 reads back as 0 from JSON, so it prints as 0.
  return Object.is(value, -0) ? "0" : String(value);
}
