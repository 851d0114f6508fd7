import fc from "fast-check";
import { trickyString, trickyValue } from "./values.ts";

type Json = unknown;
type Path = (string | number)[];

/** One edit of a JSON document, addressed by an index into its node list. */
export type Mutation =
  | { kind: "replace"; at: number; value: Json }
  | { kind: "delete"; at: number }
  | { kind: "duplicate"; at: number }
  | { kind: "rename"; at: number; key: string };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      at: fc.nat(),
      value: trickyValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("rename" as const), at: fc.nat(), key: trickyString }),
  },
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 });

/** Every node's path, parents before children, in a stable order. */
function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...at, i], out);
  } else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

/** A deep copy of `doc` with the edits applied in turn (the root is never deleted). */
export function applyMutations(doc: Json, edits: readonly Mutation[]): Json {
  let current = structuredClone(doc);
  for (const edit of edits) {
    const all = paths(current);
    const path = all[edit.at % all.length]!;
    if (path.length === 0) {
      if (edit.kind === "replace") current = edit.value;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], current) as
      | Json[]
      | Record<string, Json>;
    const key = path.at(-1)!;
    if (Array.isArray(parent)) {
      const i = key as number;
      if (edit.kind === "replace") parent[i] = edit.value;
      else if (edit.kind === "delete") parent.splice(i, 1);
      else if (edit.kind === "duplicate") parent.splice(i, 0, structuredClone(parent[i]));
      else parent[i] = { [edit.key]: parent[i] };
    } else {
      const k = key as string;
      if (edit.kind === "replace") parent[k] = edit.value;
      else if (edit.kind === "delete") delete parent[k];
      else if (edit.kind === "duplicate") parent[`${k}_copy`] = structuredClone(parent[k]);
      else {
        const v = parent[k];
        delete parent[k];
        parent[edit.key] = v;
      }
    }
  }
  return current;
}

/** Text edits: cut, insert or repeat a slice; for grammars (PromQL, LogQL, exposition, YAML). */
export type TextEdit =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "repeat"; at: number; length: number }
  | { kind: "truncate"; at: number };

export const textEdits = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: trickyString }),
    fc.record({
      kind: fc.constant("delete" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 12 }),
    }),
    fc.record({
      kind: fc.constant("repeat" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 40 }),
    }),
    fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 4 },
);

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let current = text;
  for (const edit of edits) {
    const at = current.length === 0 ? 0 : edit.at % (current.length + 1);
    if (edit.kind === "insert") current = current.slice(0, at) + edit.text + current.slice(at);
    else if (edit.kind === "delete")
      current = current.slice(0, at) + current.slice(at + edit.length);
    else if (edit.kind === "repeat") {
      const slice = current.slice(at, at + edit.length);
      current = current.slice(0, at) + slice + slice + current.slice(at);
    } else current = current.slice(0, at);
  }
  return current;
}
