/**
 * The folder graph of src/ and the layer rules it must keep
 * (docs/adr/0007-architecture-layers.md). Nodes are the top-level folders of
 * src/ (each src/targets/<x> on its own) and the files at its root; an edge
 * is one import specifier, as TypeScript reads it (static, type-only,
 * re-export and dynamic `import()` alike).
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** One import of one file: `file` imports `specifier`, which crosses from folder `from` to `to`. */
export interface ImportEdge {
  from: string;
  to: string;
  /** The importing file, relative to the project (`src/model/service.ts`). */
  file: string;
  /** 1-based line of the import. */
  line: number;
  specifier: string;
  /** The imported file, relative to the project. */
  target: string;
}

/** An import the rules forbid but that is known, with the issue that removes it. */
export interface KnownImport {
  file: string;
  specifier: string;
}

export interface LayerRules {
  /** Import nothing of the project. */
  leaves: readonly string[];
  /** May import only the leaves listed with them. */
  importOnly: Readonly<Record<string, readonly string[]>>;
  /** May be imported only by the folders listed with them. */
  importedOnlyBy: Readonly<Record<string, readonly string[]>>;
  /** `[from, to]`: wrong-way imports; `targets/*` stands for every target. */
  forbidden: readonly (readonly [string, string])[];
  /** Violations that are known and scheduled for removal (each must still exist). */
  known: readonly KnownImport[];
}

/**
 * The folder a file of src/ belongs to: `src/model/slo.ts` → `model`,
 * `src/targets/loki/compile.ts` → `targets/loki`, `src/index.ts` →
 * `index.ts`. src/diagnostics.ts counts as core until it moves there.
 */
export function folderOf(pathInSrc: string): string {
  const parts = pathInSrc.split("/");
  if (parts.length === 1) return parts[0] === "diagnostics.ts" ? "core" : parts[0]!;
  if (parts[0] === "targets" && parts.length > 2) return `targets/${parts[1]}`;
  return parts[0]!;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
      files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

/** Every import between two folders of `<root>/src`, from the real import specifiers. */
export async function readFolderGraph(root: string): Promise<{
  files: number;
  edges: ImportEdge[];
}> {
  const src = join(root, "src");
  const files = await sourceFiles(src);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    const info = ts.preProcessFile(text, true, true);
    const from = folderOf(toPosix(relative(src, file)));
    for (const imported of info.importedFiles) {
      if (!imported.fileName.startsWith(".")) continue; // a package, not the project
      const target = resolve(dirname(file), imported.fileName);
      const inSrc = toPosix(relative(src, target));
      if (inSrc.startsWith("../")) continue;
      const to = folderOf(inSrc);
      if (to === from) continue;
      edges.push({
        from,
        to,
        file: toPosix(relative(root, file)),
        line: text.slice(0, imported.pos).split("\n").length,
        specifier: imported.fileName,
        target: toPosix(relative(root, target)),
      });
    }
  }
  return { files: files.length, edges };
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

function describeEdge(e: ImportEdge): string {
  return `${e.file}:${e.line} imports ${JSON.stringify(e.specifier)} (${e.from} -> ${e.to})`;
}

function matches(pattern: string, folder: string): boolean {
  return pattern.endsWith("/*") ? folder.startsWith(pattern.slice(0, -1)) : pattern === folder;
}

/**
 * Every rule the edges break, one readable message each (empty when the
 * graph keeps the layers). Known imports are let through, and reported
 * when they are gone, so the list only shrinks.
 */
export function checkLayers(edges: readonly ImportEdge[], rules: LayerRules): string[] {
  const problems: string[] = [];
  const isKnown = (e: ImportEdge) =>
    rules.known.some((k) => k.file === e.file && k.specifier === e.specifier);
  for (const k of rules.known) {
    if (!edges.some((e) => e.file === k.file && e.specifier === k.specifier))
      problems.push(
        `known import ${k.file} -> ${JSON.stringify(k.specifier)} is gone: delete it from the allow-list`,
      );
  }
  for (const e of edges) {
    if (isKnown(e)) continue;
    if (rules.leaves.includes(e.from)) {
      problems.push(`${e.from}/ is a leaf and imports nothing of the project: ${describeEdge(e)}`);
    }
    const only = rules.importOnly[e.from];
    if (only !== undefined && !only.includes(e.to)) {
      problems.push(`${e.from}/ may import only ${only.join(", ")}: ${describeEdge(e)}`);
    }
    const importers = rules.importedOnlyBy[e.to];
    if (importers !== undefined && !importers.includes(e.from)) {
      problems.push(`${e.to} may be imported only by ${importers.join(", ")}: ${describeEdge(e)}`);
    }
    for (const [from, to] of rules.forbidden) {
      if (matches(from, e.from) && matches(to, e.to))
        problems.push(`wrong-way import ${from} -> ${to}: ${describeEdge(e)}`);
    }
  }
  for (const cycle of folderCycles(edges.filter((e) => !isKnown(e)))) problems.push(cycle);
  return problems;
}

/** One message per strongly connected set of folders, with every import that closes it. */
function folderCycles(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, new Set());
    next.get(e.from)!.add(e.to);
  }
  // Tarjan's strongly connected components, over folders sorted for stable messages.
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of [...(next.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return components.map((component) => {
    const inside = edges
      .filter((e) => component.includes(e.from) && component.includes(e.to))
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    return `folder cycle between ${component.join(", ")}:\n${inside.map((e) => `  ${describeEdge(e)}`).join("\n")}`;
  });
}
