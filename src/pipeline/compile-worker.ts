import { type MessagePort, workerData } from "node:worker_threads";
import type { CompileReply, WorkerMessage } from "./parallel-compile.ts";

/**
 * Entry of a compile worker (src/pipeline/parallel-compile.ts). It takes
 * the jobs on its port in order, claims each before compiling it (the build
 * may have claimed it first: compiled there, or not needed) and answers on
 * the port, counting its replies in a shared word the build sleeps on. A job
 * that throws is answered "not compiled": the build compiles it itself and
 * reports the error as a serial build does. A worker that cannot load its
 * modules, or fails outside a job, marks itself dead.
 */
const { port, words } = workerData as { port: MessagePort; words: Int32Array };
// The same numbers as parallel-compile.ts's WORD and CLAIM, which this entry loads only below.
const POSTED = 0;
const DEAD = 1;
const READY = 2;
const FREE = 0;
const WORKER = 1;

function wake(): void {
  Atomics.add(words, POSTED, 1);
  Atomics.notify(words, POSTED);
}

function die(): void {
  Atomics.store(words, DEAD, 1);
  wake();
}

process.on("uncaughtException", die);
process.on("exit", die);

try {
  const { runCompileJob } = await import("./parallel-compile.ts");
  let claims: Int32Array | undefined;
  port.on("message", (message: WorkerMessage) => {
    if ("claims" in message) {
      claims = message.claims;
      return;
    }
    if (claims === undefined || Atomics.compareExchange(claims, message.at, FREE, WORKER) !== FREE)
      return;
    let answer: { reply: CompileReply; transfer: ArrayBuffer[] };
    try {
      answer = runCompileJob(message);
    } catch {
      answer = { reply: { at: message.at, ok: false }, transfer: [] };
    }
    port.postMessage(answer.reply, answer.transfer);
    wake();
  });
  Atomics.store(words, READY, 1);
} catch {
  die();
}
