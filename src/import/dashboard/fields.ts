import type { FieldPath, Problem } from "../../core/problem.ts";
import { describeValue } from "../../core/problem.ts";
import { BuilderCode, EnumCode, type Json, type SdkModule } from "./code.ts";

/**
 * Field tables: how each field of a Grafana JSON object becomes a call on
 * its foundation-SDK builder. A field no table names is reported (file and
 * JSON path) and left out, never dropped silently; so is a value of the
 * wrong type or outside an SDK enum.
 */

export type JsonObject = { readonly [k: string]: Json };

/** Where the converter reports what it cannot represent. */
export interface Reporter {
  readonly file: string;
  readonly notes: Problem[];
  /** Legacy forms rewritten as Grafana's own schema migrations rewrite them, said once per file. */
  readonly migrated: Set<string>;
}

export function report(r: Reporter, path: FieldPath, message: string): void {
  r.notes.push({ code: "import/unsupported", severity: "warning", file: r.file, path, message });
}

/** What to do with one field: add calls to the builder (or report), given its value and path. */
export type FieldRule = (builder: BuilderCode, value: Json, path: FieldPath, r: Reporter) => void;

/** A value that says nothing: Grafana reads null, [] and {} as an absent field. */
export function isEmpty(value: Json): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Apply `rules` to every field of `object`; fields in `handled` are the
 * caller's (the constructor's argument, nested panels). `what` names the
 * SDK type in messages.
 */
export function applyFields(
  builder: BuilderCode,
  object: JsonObject,
  rules: Readonly<Record<string, FieldRule>>,
  options: {
    path: FieldPath;
    what: string;
    handled?: readonly string[];
    /** What the builder writes without being told (the SDK's `default…()`): such a value needs no call. */
    defaults?: Readonly<Record<string, unknown>>;
    r: Reporter;
  },
): void {
  for (const [key, value] of Object.entries(object)) {
    if (options.handled?.includes(key)) continue;
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    // null, [] and {} are "not set" to Grafana: nothing to carry over.
    if (isEmpty(value)) continue;
    const path = [...options.path, key];
    if (rule === undefined) {
      const byDefault =
        options.defaults !== undefined &&
        Object.hasOwn(options.defaults, key) &&
        sameJson(options.defaults[key], value);
      if (!isEmpty(value) && !byDefault) unrepresented(options.r, path, options.what, value);
      continue;
    }
    rule(builder, value, path, options.r);
  }
}

export function unrepresented(r: Reporter, path: FieldPath, what: string, value: Json): void {
  report(
    r,
    path,
    `expected a field the foundation SDK's ${what} has, got one it has not (${describeValue(value)}); left out of the import`,
  );
}

type Kind = "string" | "number" | "boolean" | "array" | "object";

function kindOf(value: Json): Kind | "null" {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as Kind;
}

/** `.method(value)` when the value is of `kind`, else a report. */
export function setter(method: string, kind: Kind): FieldRule {
  return (builder, value, path, r) => {
    if (kindOf(value) !== kind) {
      report(
        r,
        path,
        `expected ${article(kind)}, got ${describeValue(value)}; left out of the import`,
      );
      return;
    }
    builder.call(method, value);
  };
}

/** `.method()` for true, `.otherwise()` for false (`editable()` / `readonly()`). */
export function flag(method: string, otherwise?: string): FieldRule {
  return (builder, value, path, r) => {
    if (typeof value !== "boolean") {
      report(r, path, `expected a boolean, got ${describeValue(value)}; left out of the import`);
      return;
    }
    if (value) builder.call(method);
    else if (otherwise !== undefined) builder.call(otherwise);
  };
}

/** An SDK enum's member for a JSON value, or undefined when the enum has none. */
export function enumMember(
  module: SdkModule,
  enumName: string,
  values: Readonly<Record<string, string | number>>,
  value: Json,
): EnumCode | undefined {
  for (const [member, v] of Object.entries(values)) {
    // Numeric TS enums map both ways; only the name → value entries count.
    if (/^\d+$/.test(member)) continue;
    if (v === value) return new EnumCode(module, enumName, member);
  }
  return undefined;
}

/** `.method(module.Enum.Member)` for a value the enum has, else a report naming the values it has. */
export function enumSetter(
  method: string,
  module: SdkModule,
  enumName: string,
  values: Readonly<Record<string, string | number>>,
): FieldRule {
  return (builder, value, path, r) => {
    const member = enumMember(module, enumName, values, value);
    if (member === undefined) {
      const known = Object.entries(values)
        .filter(([k]) => !/^\d+$/.test(k))
        .map(([, v]) => JSON.stringify(v));
      report(
        r,
        path,
        `expected one of ${known.join(", ")} (${module}.${enumName}), got ${describeValue(value)}; left out of the import`,
      );
      return;
    }
    builder.call(method, member);
  };
}

/**
 * `.method(new dashboard.<className>()…)`: an object field the SDK sets
 * through a builder of its own (time picker, thresholds, colour), its fields
 * applied by `rules`.
 */
export function subBuilder(
  method: string,
  className: string,
  what: string,
  rules: Readonly<Record<string, FieldRule>>,
  defaults?: Readonly<Record<string, unknown>>,
): FieldRule {
  return (builder, value, path, r) => {
    if (!isObject(value)) {
      unrepresented(r, path, what, value);
      return;
    }
    const sub = new BuilderCode("dashboard", className);
    applyFields(sub, value, rules, { path, what, ...(defaults !== undefined && { defaults }), r });
    builder.call(method, sub);
  };
}

/** A rule that reports the field with a reason of its own (a legacy field Grafana migrates away). */
export function unsupported(reason: string): FieldRule {
  return (_builder, value, path, r) => {
    if (!isEmpty(value))
      report(r, path, `${reason} (${describeValue(value)}); left out of the import`);
  };
}

function article(kind: Kind): string {
  return kind === "array" || kind === "object" ? `an ${kind}` : `a ${kind}`;
}

/** Deep equality of JSON values (key order aside). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
