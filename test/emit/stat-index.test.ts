import { stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  FINE_RACY_MS,
  openStatIndex,
  RACY_MS,
  racyMarginMs,
  type StatIndexStore,
} from "../../src/emit/stat-index.ts";
import { tempDir } from "../helpers/temp.ts";

/** An index store in memory: what a run saves, the next one reads. */
function memoryStore(): StatIndexStore & { data?: string } {
  const store: StatIndexStore & { data?: string } = {
    get: () => store.data,
    set: (data) => {
      store.data = data;
    },
  };
  return store;
}

const SHA = "a".repeat(64);
const WHOLE_SECOND = Math.floor(Date.now() / 1000) - 60;

/** One file, confirmed by a run whose clock is `started` ms from now. */
async function recorded(started: number) {
  const dir = await tempDir();
  await writeFile(join(dir, "x.yml"), "groups: []\n");
  // A whole second, so that the test can put the very same mtime back.
  await utimes(join(dir, "x.yml"), WHOLE_SECOND, WHOLE_SECOND);
  const store = memoryStore();
  const first = openStatIndex(dir, store, () => Date.now() + started);
  const look = first.look("x.yml");
  expect(look).toEqual({ stat: expect.any(String), seenMs: expect.any(Number) });
  first.confirm("x.yml", look!, SHA);
  first.save();
  return { dir, store, path: join(dir, "x.yml") };
}

describe("the stat index of out/", () => {
  test("vouches for a file whose stat is the recorded one and older than its stat, by RACY_MS", async () => {
    const { dir, store } = await recorded(RACY_MS + 5000);
    const next = openStatIndex(dir, store);
    expect(next.look("x.yml")?.sha256).toBe(SHA);
    expect(next.read).toEqual([]);
  });

  test("a file as recent as the run that recorded it is read again (racy timestamps)", async () => {
    // Recorded by a run that started no later than the file was written.
    const { dir, store } = await recorded(-RACY_MS);
    const next = openStatIndex(dir, store);
    expect(next.look("x.yml")?.sha256).toBeUndefined();
    expect(next.read).toEqual(["x.yml"]);
  });

  test("an edit of the same size whose mtime is put back is caught (ctime)", async () => {
    const { dir, store, path } = await recorded(RACY_MS + 5000);
    const before = await stat(path, { bigint: true });
    await writeFile(path, "groups: {}\n");
    await utimes(path, WHOLE_SECOND, WHOLE_SECOND);
    const after = await stat(path, { bigint: true });
    expect([after.size, after.mtimeNs]).toEqual([before.size, before.mtimeNs]);
    expect(openStatIndex(dir, store).look("x.yml")?.sha256).toBeUndefined();
  });

  test("a trusted entry is carried into the next save; a file that is gone is not", async () => {
    const { dir, store } = await recorded(RACY_MS + 5000);
    // Runs' clocks only move forward: the later runs start later still.
    const second = openStatIndex(dir, store, () => Date.now() + RACY_MS + 6000);
    expect(second.look("x.yml")?.sha256).toBe(SHA);
    expect(second.look("gone.yml")).toBeUndefined();
    second.save();
    const third = openStatIndex(dir, store, () => Date.now() + RACY_MS + 7000);
    expect(third.look("x.yml")?.sha256).toBe(SHA);
  });

  test("a file stat'ed more than a tick after its last change is trusted by the very next run", async () => {
    // A sub-second file system (tmpfs, ext4): the margin is FINE_RACY_MS, so a
    // build started seconds after the one that read the file does not read it
    // again. The clock is moved rather than waited for.
    const dir = await tempDir();
    await writeFile(join(dir, "x.yml"), "groups: []\n");
    const { ctimeNs } = await stat(join(dir, "x.yml"), { bigint: true });
    expect(racyMarginMs(ctimeNs)).toBe(ctimeNs % 1_000_000_000n === 0n ? RACY_MS : FINE_RACY_MS);
    const margin = racyMarginMs(ctimeNs);
    for (const [after, trusted] of [
      [margin + 400, true],
      [margin / 2, false],
    ] as const) {
      const store = memoryStore();
      const first = openStatIndex(dir, store, () => Number(ctimeNs / 1_000_000n) + after);
      first.confirm("x.yml", first.look("x.yml")!, SHA);
      first.save();
      expect(openStatIndex(dir, store).look("x.yml")?.sha256).toBe(trusted ? SHA : undefined);
    }
  });

  test("the margin is two seconds unless the ctime has a sub-second part", () => {
    expect(racyMarginMs(1_700_000_000_000_000_000n)).toBe(RACY_MS);
    expect(racyMarginMs(1_700_000_000_123_456_789n)).toBe(FINE_RACY_MS);
    expect(racyMarginMs(1_700_000_000_001_000_000n)).toBe(FINE_RACY_MS);
  });

  test("an index that is not JSON, or of another format, vouches for nothing", async () => {
    const { dir, store } = await recorded(RACY_MS + 5000);
    const formatOne = JSON.parse(store.data!) as { entries: Record<string, unknown[]> };
    const entries = Object.fromEntries(
      Object.entries(formatOne.entries).map(([k, v]) => [k, v.slice(0, 3)]),
    );
    for (const bad of [
      "{",
      JSON.stringify({ format: 0, startedMs: 0, entries: {} }),
      JSON.stringify({ format: 1, startedMs: Date.now() + 60_000, entries }),
    ]) {
      store.data = bad;
      expect(openStatIndex(dir, store).look("x.yml")).toEqual({
        stat: expect.any(String),
        seenMs: expect.any(Number),
      });
    }
  });
});
