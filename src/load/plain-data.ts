/**
 * A definition module exports objects built by user code, which may hold
 * getters that throw, Proxies whose traps throw, cycles, or values that
 * change each time they are read. Everything after loading (validation,
 * compilation, lint) reads the exported value many times, so it is copied
 * here once, inside a guard, into plain data: own enumerable string keys of
 * objects and arrays, each value read exactly once. A fault while reading is
 * reported with the path that was being read and the error it threw.
 *
 * Primitives, including bigints and symbols, are kept as they are, as are
 * functions (nothing reads or calls them); the schema then names them in its
 * field error (`expected number, got a bigint (10n)`). Builders (class
 * instances with a `build()` method, such as foundation-sdk panels) are kept
 * too: the dashboard compiler calls them, guarded, and needs the instance.
 */
export type PlainDataResult =
  | { ok: true; value: unknown }
  | { ok: false; path: FieldPath; reason: string; error?: unknown };

/** Deeper than any real definition; far below the depth at which the stack would overflow. */
const MAX_DEPTH = 200;

export function toPlainData(value: unknown): PlainDataResult {
  const copies = new Map<object, unknown>();
  const onPath = new Set<object>();
  const path: (string | number)[] = [];

  class Fault {
    readonly reason: string;
    readonly error: unknown;
    readonly hasError: boolean;
    constructor(reason: string, options: { error?: unknown; hasError: boolean }) {
      this.reason = reason;
      this.error = options.error;
      this.hasError = options.hasError;
    }
  }

  function guard<T>(what: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw new Fault(what, { error, hasError: true });
    }
  }

  function copy(v: unknown, depth: number): unknown {
    if ((typeof v !== "object" && typeof v !== "function") || v === null) return v;
    if (typeof v === "function") return v;
    const done = copies.get(v);
    if (done !== undefined) return done;
    if (onPath.has(v))
      throw new Fault("expected plain data, got an object that contains itself", {
        hasError: false,
      });
    if (depth > MAX_DEPTH)
      throw new Fault(`expected data nested at most ${MAX_DEPTH} levels deep, got deeper`, {
        hasError: false,
      });
    if (isBuilder(v)) return v;
    onPath.add(v);
    let out: unknown;
    if (guard("expected a value that can be read, got an error", () => Array.isArray(v))) {
      const length = guard(
        "expected an array whose length can be read, got an error",
        () => (v as unknown[]).length,
      );
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) {
        path.push(i);
        items.push(
          copy(
            guard("expected an item that can be read, got an error", () => (v as unknown[])[i]),
            depth + 1,
          ),
        );
        path.pop();
      }
      out = items;
    } else {
      const keys = guard("expected an object whose keys can be listed, got an error", () =>
        Object.keys(v),
      );
      const fields: Record<string, unknown> = {};
      for (const key of keys) {
        path.push(key);
        const field = copy(
          guard(
            "expected a value that can be read, got an error",
            () => (v as Record<string, unknown>)[key],
          ),
          depth + 1,
        );
        // defineProperty, so a "__proto__" key stays a key and does not set the prototype.
        Object.defineProperty(fields, key, {
          value: field,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        path.pop();
      }
      out = fields;
    }
    onPath.delete(v);
    copies.set(v, out);
    return out;
  }

  function isBuilder(v: object): boolean {
    const proto = guard("expected a value that can be read, got an error", () =>
      Object.getPrototypeOf(v),
    );
    if (proto === Object.prototype || proto === null || Array.isArray(v)) return false;
    return guard(
      "expected a value that can be read, got an error",
      () => typeof (v as { build?: unknown }).build === "function",
    );
  }

  try {
    return { ok: true, value: copy(value, 0) };
  } catch (fault) {
    if (!(fault instanceof Fault)) throw fault;
    return {
      ok: false,
      path: [...path],
      reason: fault.reason,
      ...(fault.hasError && { error: fault.error }),
    };
  }
}
import type { FieldPath } from "../core/problem.ts";
