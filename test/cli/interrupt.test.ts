import { spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SAMPLE_SERVICE_TS } from "../../src/init/sample-service.ts";
import { BIN } from "../helpers/paths.ts";
import { snapshotTree, tempTree } from "../helpers/temp.ts";

// A definition module that interrupts its own process and then waits: the
// signal is handled while the loader has `process.exit` replaced, whatever
// the machine's speed (the wait only keeps the load in progress).
const INTERRUPTING = `import { defineService } from "obsforge";
process.kill(process.pid, "SIGINT");
await new Promise((resolve) => setTimeout(resolve, 60_000));
export default defineService({ name: "interrupting", team: "example-team" });
`;

function run(cwd: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.on("close", (code) => done({ code, stderr })));
}

describe("SIGINT while definitions load", () => {
  for (const args of [["build", "--no-cache"], ["check"], ["lint"]]) {
    test(`obsforge ${args.join(" ")}: exit 130, one line, out/ untouched`, async () => {
      const dir = await tempTree({ "definitions/example-api.ts": SAMPLE_SERVICE_TS });
      expect(spawnSync(process.execPath, [BIN, "build"], { cwd: dir }).status).toBe(0);
      const before = await snapshotTree(dir);
      await writeFile(join(dir, "definitions/interrupting.ts"), INTERRUPTING);
      const { code, stderr } = await run(dir, args);
      expect(stderr).toBe("obsforge: interrupted by SIGINT\n");
      expect(code).toBe(130);
      const after = await snapshotTree(dir);
      delete after["definitions/interrupting.ts"];
      expect(after).toEqual(before);
    });
  }
});
