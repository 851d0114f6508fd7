import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";

/**
 * Functions whose body is longer than a limit, found with the TypeScript
 * parser (so strings, comments and nested functions are what they are, not
 * text to count). A body counts from the line of its `{` to the line of its
 * `}`; an arrow function without braces counts its expression. A function
 * nested in another counts towards the outer one too: a factory of closures
 * is as long as its closures.
 */
export interface LongFunction {
  /** Relative to `root`, with `/`. */
  file: string;
  /** 1-based line where the function starts. */
  line: number;
  /** The function's name, or what it is assigned to, or `(anonymous)`. */
  name: string;
  /** Lines of its body. */
  lines: number;
}

export interface FunctionLengthOptions {
  /** Longest body allowed, in lines. */
  maxLines: number;
  /** What `file` is relative to. */
  root: string;
}

/** Every function in the `.ts` files at `paths` (files, or folders searched recursively) longer than `maxLines`. */
export function longFunctions(
  paths: readonly string[],
  options: FunctionLengthOptions,
): LongFunction[] {
  const found: LongFunction[] = [];
  for (const file of paths.flatMap(typescriptFiles).sort()) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, "utf8"),
      ts.ScriptTarget.Latest,
      true,
    );
    const name = relative(options.root, file).split(sep).join("/");
    visit(source, source, (fn) => {
      const lines = bodyLines(source, fn);
      if (lines > options.maxLines)
        found.push({
          file: name,
          line: lineOf(source, fn.getStart(source)),
          name: functionName(fn),
          lines,
        });
    });
  }
  return found;
}

/** One line per function, `file:line: name is N lines long (at most M)`, for a test failure. */
export function formatLongFunctions(found: readonly LongFunction[], maxLines: number): string {
  return found
    .map((f) => `${f.file}:${f.line}: ${f.name} is ${f.lines} lines long (at most ${maxLines})`)
    .join("\n");
}

function typescriptFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return path.endsWith(".ts") ? [path] : [];
  return readdirSync(path).flatMap((entry) => typescriptFiles(join(path, entry)));
}

type FunctionNode = ts.FunctionLikeDeclaration & { body: ts.ConciseBody };

function visit(node: ts.Node, source: ts.SourceFile, onFunction: (fn: FunctionNode) => void): void {
  if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined)
    onFunction(node as FunctionNode);
  ts.forEachChild(node, (child) => visit(child, source, onFunction));
}

function lineOf(source: ts.SourceFile, position: number): number {
  return source.getLineAndCharacterOfPosition(position).line + 1;
}

function bodyLines(source: ts.SourceFile, fn: FunctionNode): number {
  return lineOf(source, fn.body.getEnd()) - lineOf(source, fn.body.getStart(source)) + 1;
}

function functionName(fn: FunctionNode): string {
  if (fn.name !== undefined) return fn.name.getText();
  if (ts.isConstructorDeclaration(fn)) return "constructor";
  const parent = fn.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    parent.name !== undefined
  )
    return parent.name.getText();
  return "(anonymous)";
}
