// Preloaded with `node --import` by test/helpers/loaded-modules.ts: records
// every module the process loads into the file named by OBSFORGE_MODULE_LOG,
// ES modules through a load hook (hooks.mjs) and CommonJS ones from
// require.cache at exit (the CommonJS loader's own requires pass no ES hook).
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const log = process.env.OBSFORGE_MODULE_LOG;
if (log !== undefined) {
  register("./hooks.mjs", import.meta.url, { data: { log } });
  const require = createRequire(import.meta.url);
  process.on("exit", () => {
    const files = Object.keys(require.cache).map((f) => pathToFileURL(f).href);
    appendFileSync(log, files.map((f) => `${f}\n`).join(""));
  });
}
