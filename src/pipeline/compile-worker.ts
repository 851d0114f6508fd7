import { type MessagePort, workerData } from "node:worker_threads";
import type { CompileJob, CompileReply } from "./parallel-compile.ts";

/**
 * Entry of a compile worker (src/pipeline/parallel-compile.ts): answers
 * each job on its port, in order, and counts the replies in a shared word
 * the build sleeps on. A job that throws is answered "not compiled" (the
 * build compiles it itself and reports the error as a serial build does);
 * a worker whose modules cannot be loaded marks itself dead.
 */
const { port, words } = workerData as { port: MessagePort; words: Int32Array };

function signal(): void {
  Atomics.add(words, 0, 1);
  Atomics.notify(words, 0);
}

try {
  const { runCompileJob } = await import("./parallel-compile.ts");
  port.on("message", (job: CompileJob) => {
    let answer: { reply: CompileReply; transfer: ArrayBuffer[] };
    try {
      answer = runCompileJob(job);
    } catch {
      answer = { reply: { ok: false }, transfer: [] };
    }
    port.postMessage(answer.reply, answer.transfer);
    signal();
  });
} catch {
  Atomics.store(words, 1, 1);
  signal();
}
