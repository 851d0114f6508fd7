import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openModuleCache } from "../../src/load/module-cache.ts";
import {
  type BuildRecord,
  emptyRecord,
  encodeArtifacts,
  encodeRecord,
  headsOf,
  readArtifacts,
  readRecord,
} from "../../src/pipeline/build-record.ts";
import type { Artifact } from "../../src/emit/artifact.ts";
import type { Service } from "../../src/model/service.ts";
import { tempDir } from "../helpers/temp.ts";

async function cache() {
  const dir = await tempDir();
  const opened = openModuleCache({ definitionsDir: dir, salt: "test", dir: join(dir, "cache") });
  if (opened === undefined) throw new Error("no private cache folder");
  return opened;
}

/** A record of two modules, each with its artifacts' heads. */
function record(): BuildRecord {
  const next = emptyRecord();
  for (const [name, n] of [
    ["a.ts", 1],
    ["b.ts", 2],
  ] as const) {
    next.modules[name] = {
      key: `key-${n}`,
      service: { name: name.slice(0, 1), note: "line\nbreak" } as unknown as Service,
      dashboardInput: `input-${n}`,
      files: {
        key: `files-${n}`,
        heads: [{ path: `prometheus/${n}.rules.yml`, sources: [name], sha256: "ab", length: 3 }],
      },
    };
  }
  next.shared.schema = { key: "schema", heads: [] };
  next.analyses.ab = { imports: ["./lib.ts"] } as BuildRecord["analyses"][string];
  return next;
}

describe("the build record", () => {
  test("reads back what was stored, one line per module", async () => {
    const store = await cache();
    const encoded = encodeRecord(record(), { record: emptyRecord(), lines: new Map() });
    // The header, then a.ts and b.ts: a line break inside a value is escaped.
    expect(encoded.split("\n")).toHaveLength(3);
    store.set("0".repeat(64), encoded);
    const read = readRecord(store, "0".repeat(64));
    expect(read.record).toEqual(record());
    expect([...read.lines.keys()]).toEqual(["a.ts", "b.ts"]);
  });

  test("heads count UTF-16 units, from the bytes without decoding them when they are ASCII", async () => {
    const compiled = (text: string): Artifact => {
      const bytes = Buffer.from(text, "utf8");
      return {
        path: "x.yml",
        sources: [],
        sha256: "ab",
        bytes,
        // What a worker's artifact does: the text is decoded only when asked for.
        get content(): string {
          if (bytes.every((b) => b < 0x80)) throw new Error("decoded ASCII bytes");
          return bytes.toString("utf8");
        },
      };
    };
    expect(headsOf([compiled("groups: []\n")])[0]!.length).toBe(11);
    // é is 2 bytes and one unit, 😀 4 bytes and two units.
    expect(headsOf([compiled("summary: é😀\n")])[0]!.length).toBe("summary: é😀\n".length);
    // And an entry of such artifacts reads back to the same texts.
    const store = await cache();
    const texts = ["a: é😀\n", "b: plain\n", "c: ü\n"];
    store.set("3".repeat(64), encodeArtifacts(texts.map(compiled)));
    expect(readArtifacts(store, "3".repeat(64))?.map((a) => a.content)).toEqual(texts);
  });

  test("a module named __proto__ is read back as a module, not as the record's prototype", async () => {
    const store = await cache();
    const stored = record();
    Object.defineProperty(stored.modules, "__proto__", {
      value: { ...stored.modules["a.ts"]!, key: "key-proto" },
      enumerable: true,
    });
    store.set("2".repeat(64), encodeRecord(stored, { record: emptyRecord(), lines: new Map() }));
    const { record: read } = readRecord(store, "2".repeat(64));
    expect(Object.keys(read.modules)).toEqual(["a.ts", "b.ts", "__proto__"]);
    expect(Object.hasOwn(read.modules, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(read.modules, "__proto__")?.value.key).toBe("key-proto");
    // Nothing inherited: a name the record does not hold is not found.
    expect(read.modules["key"]).toBeUndefined();
  });

  test("a module whose record is the one read keeps its stored line; a changed one is written anew", async () => {
    const store = await cache();
    const key = "1".repeat(64);
    store.set(key, encodeRecord(record(), { record: emptyRecord(), lines: new Map() }));
    const read = readRecord(store, key);
    // Mark the stored lines, so a reused line can be told from a re-serialised one.
    const marked = {
      record: read.record,
      lines: new Map([...read.lines].map(([name, line]) => [name, `${line} `])),
    };
    const next = emptyRecord();
    next.modules["a.ts"] = { ...read.record.modules["a.ts"]! };
    next.modules["b.ts"] = { ...read.record.modules["b.ts"]!, key: "key-3" };
    const lines = encodeRecord(next, marked).split("\n");
    expect(lines[1]).toBe(marked.lines.get("a.ts"));
    expect(lines[2]).toBe(JSON.stringify(["b.ts", next.modules["b.ts"]]));
    // The same heads by value but not the ones read: written anew (only identity vouches).
    next.modules["a.ts"] = structuredClone(read.record.modules["a.ts"]!);
    expect(encodeRecord(next, marked).split("\n")[1]).toBe(
      JSON.stringify(["a.ts", next.modules["a.ts"]]),
    );
  });

  test.for([
    ["another format", '{"format":1,"modules":{},"analyses":{}}'],
    ["a module line that is not a pair", '{"format":2,"shared":{},"analyses":{}}\n{"a":1}'],
    ["a line cut short", '{"format":2,"shared":{},"analyses":{}}\n["a.ts",{"key":"k"'],
  ])("%s reads as no record", async ([, data]) => {
    const store = await cache();
    store.set("2".repeat(64), data!);
    expect(readRecord(store, "2".repeat(64)).record).toEqual(emptyRecord());
  });
});
