/**
 * Static checks of a definition module, run as a Babel plugin inside jiti's
 * own transform so they see the real AST with real positions (no second
 * parser, no text search). They catch, with the line and column of the
 * offending import or export, what would otherwise surface at run time as
 * transpiler internals (`(0 , _obsforge.notAThing) is not a function`) or
 * as a silently undefined value.
 *
 * The plugin runs after TypeScript's import elision, so type-only imports
 * (`import type { ServiceInput }`, or a name used only in types) are gone
 * before it looks: only names used as values must exist at run time.
 */

import { editDistance } from "../core/edit-distance.ts";
import { compareStrings } from "../core/order.ts";

/** A problem found by the checks, positioned in the source (1-based line and column). */
export interface ModuleProblem {
  line: number;
  column: number;
  message: string;
}

interface Position {
  line: number;
  column: number;
}
interface Node {
  type: string;
  loc?: { start: Position } | null;
  [key: string]: unknown;
}
interface NodePath {
  node: Node;
  get: (key: string) => NodePath[];
}

/** Thrown by the plugin to stop the transform; carries the problem to the loader. */
export class ModuleCheckError extends Error {
  readonly problem: ModuleProblem;
  constructor(problem: ModuleProblem) {
    super(problem.message);
    this.problem = problem;
  }
}

export interface ModuleCheckOptions {
  /** Value exports of the running obsforge. */
  exports: ReadonlySet<string>;
  /** A definition module (as opposed to a shared file under lib/): it must export a default. */
  isDefinition: boolean;
}

/** A Babel plugin (the shape jiti's `transformOptions.babel.plugins` takes). */
export function moduleCheckPlugin(options: ModuleCheckOptions): () => object {
  return () => ({
    name: "obsforge-module-check",
    visitor: {
      Program: {
        enter(path: NodePath) {
          const problem = checkProgram(path.get("body"), options);
          if (problem !== undefined) throw new ModuleCheckError(problem);
        },
      },
    },
  });
}

function checkProgram(
  body: readonly NodePath[],
  options: ModuleCheckOptions,
): ModuleProblem | undefined {
  let hasDefault = false;
  let firstNamed: Node | undefined;
  for (const statement of body) {
    const node = statement.node;
    if (node.type === "ImportDeclaration" && sourceOf(node) === "obsforge") {
      for (const spec of node.specifiers as Node[]) {
        if (spec.type === "ImportDefaultSpecifier") {
          return at(
            spec,
            'expected named imports such as { defineService } from "obsforge", got a default import (obsforge has no default export)',
          );
        }
        if (spec.type === "ImportSpecifier") {
          const unknown = unknownName(nameOf(spec.imported as Node), options.exports);
          if (unknown !== undefined) return at(spec, unknown);
        }
      }
    }
    if (node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") {
      if (node.exportKind === "type") continue;
      if (node.type === "ExportNamedDeclaration" && sourceOf(node) === "obsforge") {
        for (const spec of node.specifiers as Node[]) {
          if (spec.type !== "ExportSpecifier" || spec.exportKind === "type") continue;
          const unknown = unknownName(nameOf(spec.local as Node), options.exports);
          if (unknown !== undefined) return at(spec, unknown);
        }
      }
      const specifiers = (node.specifiers as Node[] | undefined) ?? [];
      if (
        specifiers.some(
          (s) => s.type === "ExportSpecifier" && nameOf(s.exported as Node) === "default",
        )
      )
        hasDefault = true;
      else firstNamed ??= node;
    }
    if (node.type === "ExportDefaultDeclaration") hasDefault = true;
  }
  if (options.isDefinition && !hasDefault && firstNamed !== undefined) {
    return at(
      firstNamed,
      "expected a default export (export default defineService({ ... })), got only named exports",
    );
  }
  return undefined;
}

function unknownName(name: string, exports: ReadonlySet<string>): string | undefined {
  if (exports.has(name)) return undefined;
  const near = closest(name, exports);
  return `expected a helper exported by obsforge, got ${JSON.stringify(name)}${near === undefined ? "" : `: did you mean ${near}?`}`;
}

function sourceOf(node: Node): string | undefined {
  const source = node.source as Node | null | undefined;
  return source?.type === "StringLiteral" ? (source.value as string) : undefined;
}

function nameOf(node: Node): string {
  return node.type === "Identifier" ? (node.name as string) : String(node.value);
}

function at(node: Node, message: string): ModuleProblem {
  const start = node.loc?.start ?? { line: 1, column: 0 };
  // Babel columns are 0-based; editors and compilers print 1-based ones.
  return { line: start.line, column: start.column + 1, message };
}

/** The export nearest to a misspelt name (edit distance at most 2, or equal ignoring case). */
function closest(name: string, candidates: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of [...candidates].sort(compareStrings)) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate, 2);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
