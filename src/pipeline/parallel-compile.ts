import { availableParallelism, loadavg } from "node:os";
import {
  type MessagePort,
  MessageChannel,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import { compareStrings } from "../core/order.ts";
import { type Artifact, artifactOf } from "../emit/artifact.ts";
import { sha256 } from "../emit/manifest.ts";
import type { Estate, Sourced } from "../model/estate.ts";
import type { KubernetesSettings } from "../model/estate-settings.ts";
import type { Service } from "../model/service.ts";
import type { CompiledFile } from "../targets/compiled-file.ts";
import {
  dashboardFile,
  planDashboards,
  planServiceDashboards,
} from "../targets/grafana/compile.ts";
import type { GrafanaSettings } from "../targets/grafana/settings.ts";
import { ARTIFACT_PATHS } from "../targets/shared/artifact-paths.ts";
import { serviceFiles } from "./compile.ts";

/**
 * Compiling on the second core. A cold build spends most of its CPU
 * compiling and serialising each service's rule files, tests and
 * dashboards, a function of the validated service and the settings alone
 * (ADR 0008, "Workers for the second core"). Worker threads compile them
 * ahead of the build, which consumes them in its own order, so the bytes
 * and the order are the serial build's. Everything else (loading,
 * validation, what spans the estate, the cache, the writes) stays on the
 * main thread.
 *
 * The build's stream is synchronous (the writer pulls artifacts one by
 * one), so the main thread takes a result with `receiveMessageOnPort`,
 * sleeping in `Atomics.wait` until the worker says one is there. Whatever a
 * worker cannot give (a service that is not plain data, a compile that
 * threw, a worker that did not start) is compiled on the main thread as in
 * a serial build, so an error is the serial build's error, word for word.
 */

/** Below this many services to compile, starting threads costs more than it saves. */
export const MIN_PARALLEL_COMPILES = 64;

/** Jobs posted ahead of the one the build takes, per worker: enough to keep it busy, few bytes held. */
const AHEAD_PER_WORKER = 8;

/**
 * How many workers a build compiling `compiles` services uses: the
 * `workers` option, else `OBSFORGE_WORKERS` when it is a whole number (0
 * turns them off; any other number forces that many, whatever the size),
 * else one per core besides the build's own (which compiles too), when there
 * are at least two, the build is large enough and a core is free: on a
 * machine busy with other work a second thread gets no core of its own and
 * only adds CPU (ADR 0008). Free means idle while the build loaded (`idle`,
 * src/pipeline/free-cores.ts), rounded so that three quarters of a core
 * counts; without a long enough reading, a 1-minute load average ≤ cores - 1.
 */
export function workerCount(
  compiles: number,
  options: {
    workers?: number | undefined;
    env?: NodeJS.ProcessEnv;
    /** Cores idle while the build loaded (src/pipeline/free-cores.ts), when it could tell. */
    idle?: number | undefined;
    /** Only for tests: the machine's cores and 1-minute load average. */
    cores?: number;
    load?: number;
  } = {},
): number {
  if (options.workers !== undefined) return Math.max(0, Math.min(Math.trunc(options.workers), 64));
  const forced = (options.env ?? process.env).OBSFORGE_WORKERS?.trim();
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 64);
  const cores = options.cores ?? availableParallelism();
  if (cores < 2 || compiles < MIN_PARALLEL_COMPILES) return 0;
  if (options.idle !== undefined)
    return Math.max(0, Math.min(cores - 1, 7, Math.floor(options.idle + 0.25)));
  const load = options.load ?? loadavg()[0]!;
  if (load > cores - 1) return 0;
  return Math.min(cores - 1, 7);
}

/** What a worker is asked: one service's rule files and tests, or its dashboards. */
export interface CompileJob {
  kind: "files" | "dashboards";
  service: Sourced<Service>;
  grafana: GrafanaSettings;
  kubernetes: KubernetesSettings | undefined;
}

/** A compiled artifact as it crosses threads: its bytes moved, not copied. */
interface WireArtifact {
  path: string;
  sources: string[];
  sha256: string;
  bytes: ArrayBuffer;
}

/** What the build sends a worker: first the shared claim words, then the jobs, each with its place. */
export type WorkerMessage = { claims: Int32Array } | (CompileJob & { at: number });

export type CompileReply = { at: number } & (
  | { ok: true; artifacts: WireArtifact[] }
  | { ok: false }
);

/**
 * A job's claim word: whoever turns it from FREE compiles it. The worker
 * claims a job when it reaches it; the build claims one it is about to wait
 * for that the worker has not started (it compiles it itself rather than
 * wait), and the ones it will not ask for (their artifacts came from the
 * cache), which the worker then skips.
 */
export const CLAIM = { FREE: 0, WORKER: 1, BUILD: 2 } as const;

/** The shared words of a thread: [replies posted, 1 when it cannot run, 1 once it takes jobs]. */
export const WORD = { POSTED: 0, DEAD: 1, READY: 2 } as const;

/** The worker's side: a job's artifacts, hashed, as serialised by the serial build. */
export function runCompileJob(job: CompileJob & { at: number }): {
  reply: CompileReply;
  transfer: ArrayBuffer[];
} {
  const files: CompiledFile[] =
    job.kind === "files"
      ? serviceFiles(job.service, job.grafana, { kubernetes: job.kubernetes })
      : dashboardsOf(job.service, job.grafana);
  const artifacts = files.map((file): WireArtifact => {
    const artifact = artifactOf(file);
    const bytes = Buffer.from(artifact.content, "utf8");
    return {
      path: artifact.path,
      sources: artifact.sources,
      sha256: sha256(bytes),
      bytes: ownBuffer(bytes),
    };
  });
  return { reply: { at: job.at, ok: true, artifacts }, transfer: artifacts.map((a) => a.bytes) };
}

/** One service's dashboards in path order, as the incremental build builds them. */
function dashboardsOf(service: Sourced<Service>, grafana: GrafanaSettings): CompiledFile[] {
  return planServiceDashboards(service)
    .map((p) => ({ p, path: ARTIFACT_PATHS.dashboard(p.folder, p.uid) }))
    .sort((a, b) => compareStrings(a.path, b.path))
    .map(({ p, path }) => dashboardFile(p, path, grafana));
}

/** An ArrayBuffer holding exactly these bytes (small Buffers share Node's pool, which must not move). */
function ownBuffer(bytes: Buffer): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
    return bytes.buffer as ArrayBuffer;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

/** The main thread's side of one build's workers. */
export interface CompilePool {
  /**
   * Hand the workers this estate's jobs: the rule files of the services
   * being compiled (not served by the cache), in estate order, then their
   * dashboards in the order the build emits them.
   */
  start: (
    estate: Estate,
    settings: { grafana: GrafanaSettings; kubernetes: KubernetesSettings | undefined },
  ) => void;
  /** A service's rule files and tests from a worker, or undefined: compile them here. */
  files: (source: string) => Artifact[] | undefined;
  /** A service's dashboards (`paths`, in that order) from a worker, or undefined. */
  dashboards: (source: string, paths: readonly string[]) => Artifact[] | undefined;
  /** Stop the workers (after the build, whatever its outcome). */
  close: () => void;
  /** What the workers did. */
  stats: () => WorkerStats;
}

export interface WorkerStats {
  /** Threads started. */
  workers: number;
  /** Jobs whose artifacts the build took from a worker. */
  served: number;
  /** Jobs the build compiled itself because no worker had started them yet. */
  compiledHere: number;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  words: Int32Array;
}

/**
 * Start `count` workers for a build that will compile the services in
 * `compile` (sources). Undefined when there is no worker entry beside this
 * module (obsforge run from its TypeScript sources, as the unit tests do).
 */
export function openCompilePool(
  count: number,
  compile: ReadonlySet<string>,
): CompilePool | undefined {
  if (count <= 0 || compile.size === 0) return undefined;
  if (!import.meta.url.endsWith(".js")) return undefined;
  const entry = new URL("./compile-worker.js", import.meta.url);
  const threads: Thread[] = [];
  for (let i = 0; i < count; i++) {
    const words = new Int32Array(new SharedArrayBuffer(4 * 3));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(entry, { workerData: { port: port2, words }, transferList: [port2] });
    // Never keeps the process alive: a build that exits (SIGINT) does not wait for it.
    worker.unref();
    port1.unref();
    // A worker that fails marks itself dead (src/pipeline/compile-worker.ts); its jobs are compiled here.
    worker.on("error", () => undefined);
    threads.push({ worker, port: port1, words });
  }

  const jobs: (CompileJob & { at: number })[] = [];
  const index = new Map<string, number>();
  let claims: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** Jobs posted so far (job m goes to thread m % count). */
  let posted = 0;
  /** The first job the build has not asked for yet. */
  let cursor = 0;
  const stats: WorkerStats = { workers: count, served: 0, compiledHere: 0 };

  const post = () => {
    const limit = Math.min(jobs.length, cursor + AHEAD_PER_WORKER * count);
    for (; posted < limit; posted++) threads[posted % count]!.port.postMessage(jobs[posted]);
  };

  /** Jobs the build compiled itself while it waited for an earlier one, until it asks for them. */
  const ahead = new Map<number, CompileReply>();
  const compileHere = (at: number): CompileReply => {
    stats.compiledHere++;
    try {
      return runCompileJob(jobs[at]!).reply;
    } catch {
      // Compiled again by the caller, which reports the error where a serial build does.
      return { at, ok: false };
    }
  };
  /**
   * A later job within the window that no one has started, claimed for the
   * build. The first job of each worker is its own (waited for, never taken
   * over), so every worker that runs compiles at least one.
   */
  const claimAhead = (after: number): number | undefined => {
    const limit = Math.min(jobs.length, cursor + AHEAD_PER_WORKER * count);
    for (let m = Math.max(after + 1, count); m < limit; m++)
      if (Atomics.compareExchange(claims, m, CLAIM.FREE, CLAIM.BUILD) === CLAIM.FREE) return m;
    return undefined;
  };

  /**
   * The reply to job `at` from its thread (replies to jobs the build did not
   * wait for are dropped). While it is not there, the build compiles the
   * next jobs no worker has started instead of sleeping.
   */
  const receive = (thread: Thread, at: number): CompileReply => {
    for (;;) {
      const seen = Atomics.load(thread.words, WORD.POSTED);
      for (let got = receiveMessageOnPort(thread.port); got !== undefined; ) {
        const reply = got.message as CompileReply;
        if (reply.at === at) return reply;
        got = receiveMessageOnPort(thread.port);
      }
      if (Atomics.load(thread.words, WORD.DEAD) === 1) return { at, ok: false };
      const later = claimAhead(at);
      if (later !== undefined) ahead.set(later, compileHere(later));
      else Atomics.wait(thread.words, WORD.POSTED, seen);
    }
  };

  const take = (key: string): Artifact[] | undefined => {
    const at = index.get(key);
    if (at === undefined || at < cursor) return undefined;
    // Jobs the build did not ask for (their artifacts came from the cache): the worker skips them.
    for (let m = cursor; m < at; m++) {
      Atomics.compareExchange(claims, m, CLAIM.FREE, CLAIM.BUILD);
      ahead.delete(m);
    }
    cursor = at + 1;
    post();
    const thread = threads[at % count]!;
    let reply = ahead.get(at);
    ahead.delete(at);
    // Not started by a worker that is up: compiled here rather than waited for.
    if (
      reply === undefined &&
      at >= count &&
      Atomics.load(thread.words, WORD.READY) === 1 &&
      Atomics.compareExchange(claims, at, CLAIM.FREE, CLAIM.BUILD) === CLAIM.FREE
    )
      reply = compileHere(at);
    if (reply === undefined) {
      reply = receive(thread, at);
      if (reply.ok) stats.served++;
    }
    return reply.ok ? reply.artifacts.map(artifactFromWire) : undefined;
  };

  return {
    start(estate, { grafana, kubernetes }) {
      const add = (kind: CompileJob["kind"], service: Sourced<Service>) => {
        index.set(`${kind}\0${service.source}`, jobs.length);
        jobs.push({ at: jobs.length, kind, service, grafana, kubernetes });
      };
      const chosen = estate.services.filter((s) => compile.has(s.source));
      for (const s of chosen) {
        const rules = withoutDashboards(s);
        if (isPlainData(rules)) add("files", rules);
      }
      const bySource = new Map(chosen.filter((s) => isPlainData(s)).map((s) => [s.source, s]));
      const order = planDashboards(estate)
        .map((p) => ({ source: p.source, path: ARTIFACT_PATHS.dashboard(p.folder, p.uid) }))
        .sort((a, b) => compareStrings(a.path, b.path));
      for (const { source } of order) {
        const s = bySource.get(source);
        if (s === undefined || index.has(`dashboards\0${source}`)) continue;
        add("dashboards", s);
      }
      claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(jobs.length, 1)));
      for (const thread of threads) thread.port.postMessage({ claims } satisfies WorkerMessage);
      post();
    },
    files: (source) => take(`files\0${source}`),
    dashboards(source, paths) {
      const artifacts = take(`dashboards\0${source}`);
      if (artifacts === undefined) return undefined;
      const same =
        artifacts.length === paths.length && artifacts.every((a, i) => a.path === paths[i]);
      return same ? artifacts : undefined;
    },
    close() {
      for (const thread of threads) {
        thread.port.close();
        void thread.worker.terminate();
      }
    },
    stats: () => ({ ...stats }),
  };
}

/** An artifact over bytes moved from a worker; its text is decoded only if something reads it. */
function artifactFromWire(wire: WireArtifact): Artifact {
  const bytes = Buffer.from(wire.bytes);
  let content: string | undefined;
  return {
    path: wire.path,
    sources: wire.sources,
    sha256: wire.sha256,
    bytes,
    get content(): string {
      content ??= bytes.toString("utf8");
      return content;
    },
  };
}

/**
 * A service as its rule files and tests need it: its custom and SDK
 * dashboards hold builders (class instances), which cannot cross threads,
 * and no rule target reads them (they read `dashboards.generate`, for the
 * log-correlation link), so a service with a custom dashboard still has its
 * rule files compiled by a worker. The test estate has both (test/pipeline/parallel-compile.test.ts).
 */
function withoutDashboards(sourced: Sourced<Service>): Sourced<Service> {
  const { dashboards } = sourced.value;
  if (dashboards.custom.length === 0 && dashboards.grafana.length === 0) return sourced;
  return {
    ...sourced,
    value: { ...sourced.value, dashboards: { ...dashboards, custom: [], grafana: [] } },
  };
}

/**
 * Whether a value crosses threads as itself: primitives (no symbols or
 * functions), arrays and objects with the plain prototype. A service with a
 * foundation-SDK builder in it (a class instance) is compiled on the main
 * thread.
 */
export function isPlainData(value: unknown, seen = new Set<object>()): boolean {
  if (value === null) return true;
  const type = typeof value;
  if (type === "function" || type === "symbol") return false;
  if (type !== "object") return true;
  const object = value as object;
  if (seen.has(object)) return true;
  seen.add(object);
  if (Array.isArray(object)) return object.every((v) => isPlainData(v, seen));
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(object).every((v) => isPlainData(v, seen));
}
