import { describeValue, type Problem, type ValueSpan } from "../core/problem.ts";
import type { z } from "zod";
import { knownKeysAt, unknownKeyMessage } from "./schema-keys.ts";

type Issue = z.core.$ZodIssue;

/**
 * Where a check reports a problem: a zod refinement's context, or the
 * collector below. Checks written against it run inside a schema or after
 * parsing alike, and their issues read the same either way.
 */
export type IssueSink = Pick<z.RefinementCtx, "addIssue">;

/**
 * A sink for the checks the estate step runs on a parsed value. Issues are
 * completed as a zod refinement completes them (code `custom`, path `[]`,
 * the checked value as the input unless the check says otherwise), so
 * issuesToDiagnostics words them exactly as it did when the checks were
 * refinements of the schema.
 */
export function issueCollector(value: unknown): { sink: IssueSink; issues: Issue[] } {
  const issues: Issue[] = [];
  const sink: IssueSink = {
    addIssue(issue) {
      const raw: Record<string, unknown> = typeof issue === "string" ? { message: issue } : issue;
      const done: Record<string, unknown> = {};
      for (const key of Object.keys(raw)) {
        if (key !== "inst" && key !== "continue" && key !== "input" && key !== "fatal")
          done[key] = raw[key];
      }
      done.code ??= "custom";
      done.path ??= [];
      done.message ??= "Invalid input";
      done.input = "input" in raw ? raw.input : value;
      issues.push(done as unknown as Issue);
    },
  };
  return { sink, issues };
}

/**
 * Turn zod issues into one-line diagnostics phrased `expected X, got Y`.
 * Detection stays in the schemas; only the wording lives here.
 */
export function issuesToDiagnostics(
  issues: readonly Issue[],
  file: string,
  options: {
    /** The schema that gave the issues: unknown fields then name the known ones (and a near one). */
    schema?: z.ZodType;
  } = {},
): Problem[] {
  return issues.flatMap((issue) => issueToDiagnostics(issue, file, options.schema));
}

function issueToDiagnostics(issue: Issue, file: string, schema: z.ZodType | undefined): Problem[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const base = { severity: "error" as const, file, path };
  if (issue.code === "unrecognized_keys") {
    const known = schema === undefined ? undefined : knownKeysAt(schema, path);
    return issue.keys.map((key) => ({
      ...base,
      code: "model/unknown-field",
      path: [...path, key],
      message:
        known === undefined
          ? "expected no such field (unknown field; check the spelling)"
          : unknownKeyMessage(key, known),
    }));
  }
  const code =
    (issue.code === "custom" && (issue.params?.obsforgeCode as string | undefined)) ||
    `model/${issue.code.replaceAll("_", "-")}`;
  // Query errors say where in the value they are; the loader places that in the file.
  const valueSpan =
    issue.code === "custom" ? (issue.params?.valueSpan as ValueSpan | undefined) : undefined;
  return [
    { ...base, code, message: messageFor(issue), ...(valueSpan !== undefined && { valueSpan }) },
  ];
}

function messageFor(issue: Issue): string {
  const got = `got ${describeValue(issue.input)}`;
  // Schemas in src/model phrase their own messages as "expected …"; zod's
  // generic wording is replaced below.
  if (issue.message.startsWith("expected ")) {
    return issue.message.includes(", got ") ||
      (issue.input === undefined && issue.code !== "too_small")
      ? issue.message
      : `${issue.message}, ${got}`;
  }
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}, ${got}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, ${got}`;
    case "too_small":
      return `expected ${issue.origin === "array" ? `at least ${issue.minimum} item(s)` : issue.origin === "string" ? `at least ${issue.minimum} character(s)` : `a number ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`}, ${got}`;
    case "too_big":
      return `expected ${issue.origin === "array" ? `at most ${issue.maximum} item(s)` : issue.origin === "string" ? `at most ${issue.maximum} character(s)` : `a number ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`}, ${got}`;
    case "invalid_union":
      if (issue.discriminator !== undefined) {
        const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
        const helpers = issue.path.includes("logGroups")
          ? "logAlert()/logRecord()"
          : "alert()/record()";
        return `expected a known ${issue.discriminator} (use the ${helpers} helpers), got ${describeValue(value)}`;
      }
      return `expected one of the allowed shapes, ${got}`;
    case "invalid_key":
      return `${issue.issues[0]?.message ?? "expected a valid key"}, ${got}`;
    default:
      // invalid_format and custom:
      // the schemas phrase these themselves ("expected a duration such as …").
      return issue.message.includes(", got ") || issue.input === undefined
        ? issue.message
        : `${issue.message}, ${got}`;
  }
}
