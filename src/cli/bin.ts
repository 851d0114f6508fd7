#!/usr/bin/env node
import { processIO } from "./io.ts";
import { run } from "./main.ts";

run(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Only bugs reach here: user mistakes are diagnostics.
    process.stderr.write(
      `obsforge: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
