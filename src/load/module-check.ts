/**
 * Static checks of a definition module, run on the module's syntax tree
 * (@babel/parser, the parser the positions of build errors come from) when
 * it is transformed, so they report real positions (no text search). They
 * catch, with the line and column of the offending import or export, what
 * would otherwise surface at run time as transpiler internals
 * (`(0 , __vite_ssr_import_0__.notAThing) is not a function`) or as a
 * silently undefined value.
 *
 * Only names used as values must exist at run time: a name imported without
 * `type` but used only in types (`import { ServiceInput }`) is dropped by
 * the transform, and the caller says which names it kept (`keptImport`).
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
/** A node of the syntax tree, as @babel/parser returns it. */
export interface Node {
  type: string;
  loc?: { start: Position } | null;
  [key: string]: unknown;
}

export interface ModuleCheckOptions {
  /** Value exports of the running obsforge. */
  exports: ReadonlySet<string>;
  /** A definition module (as opposed to a shared file under lib/): it must export a default. */
  isDefinition: boolean;
  /**
   * Whether the transformed module still imports `local` from "obsforge"
   * (false when it was used only in types). Asked only for names that
   * would be an error, so a clean module is never looked at twice.
   */
  keptImport: (local: string) => boolean;
}

/** The first problem of a module's top-level statements, or undefined. */
export function checkModule(
  body: readonly Node[],
  options: ModuleCheckOptions,
): ModuleProblem | undefined {
  let hasDefault = false;
  let firstNamed: Node | undefined;
  for (const node of body) {
    if (
      node.type === "ImportDeclaration" &&
      node.importKind !== "type" &&
      sourceOf(node) === "obsforge"
    ) {
      const problem = checkImport(node.specifiers as Node[], options);
      if (problem !== undefined) return problem;
    }
    if (node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") {
      if (node.exportKind === "type" || isDeclareOnly(node)) continue;
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

function checkImport(
  specifiers: readonly Node[],
  options: ModuleCheckOptions,
): ModuleProblem | undefined {
  for (const spec of specifiers) {
    if (spec.importKind === "type") continue;
    const local = nameOf(spec.local as Node);
    if (spec.type === "ImportDefaultSpecifier" && options.keptImport(local)) {
      return at(
        spec,
        'expected named imports such as { defineService } from "obsforge", got a default import (obsforge has no default export)',
      );
    }
    if (spec.type === "ImportSpecifier") {
      const unknown = unknownName(nameOf(spec.imported as Node), options.exports);
      if (unknown !== undefined && options.keptImport(local)) return at(spec, unknown);
    }
  }
  return undefined;
}

/** The top-level statements `checkModule` looks at. */
const OUTLINED = new Set([
  "ImportDeclaration",
  "ExportNamedDeclaration",
  "ExportAllDeclaration",
  "ExportDefaultDeclaration",
]);

/**
 * What `checkModule` reads of a module's top-level statements, and no more:
 * its imports and exports, each without the code it declares (an exported
 * declaration keeps only whether it is `declare`). `checkModule` gives the
 * same answer on it as on the whole tree, and it is a small fraction of the
 * tree's size, so the incremental cache's parse of a module can be kept for
 * the transform's checks (src/load/module-cache.ts) without holding every
 * module's tree until it loads.
 */
export function moduleOutline(body: readonly Node[]): Node[] {
  const outline: Node[] = [];
  for (const node of body) {
    if (!OUTLINED.has(node.type)) continue;
    const declaration = node.declaration as Node | null | undefined;
    outline.push({
      type: node.type,
      loc: node.loc,
      importKind: node.importKind,
      exportKind: node.exportKind,
      source: node.source,
      specifiers: node.specifiers,
      declaration: declaration && { type: declaration.type, declare: declaration.declare },
    });
  }
  return outline;
}

/** `export declare const x: T`: types only, nothing at run time. */
function isDeclareOnly(node: Node): boolean {
  const declaration = node.declaration as Node | null | undefined;
  return declaration?.declare === true;
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
