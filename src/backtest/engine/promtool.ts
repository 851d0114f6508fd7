import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { InputError } from "../inputs.ts";

const run = promisify(execFile);

export function promtoolBinary(): string {
  return process.env.OBSFORGE_PROMTOOL ?? "promtool";
}

/**
 * `promtool tsdb create-blocks-from openmetrics`: turn an OpenMetrics file
 * with timestamps into TSDB blocks in `dataDir`. Blocks up to 31 days long
 * keep a month of history in a handful of blocks instead of hundreds of 2h ones.
 */
export async function createBlocks(
  openMetricsFile: string,
  dataDir: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await run(
      promtoolBinary(),
      [
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        "--quiet",
        "--max-block-duration=744h",
        openMetricsFile,
        dataDir,
      ],
      { maxBuffer: 16 * 1024 * 1024, ...(signal !== undefined && { signal }) },
    );
  } catch (error) {
    // Stopped (SIGINT/SIGTERM): execFile killed promtool; say so rather than blame the input.
    signal?.throwIfAborted();
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    const line = stderr.trim().split("\n").pop() ?? "";
    throw new InputError(`promtool could not read the history: ${line}`);
  }
}
