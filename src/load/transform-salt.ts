import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { transformId } from "./transform.ts";

/** Bumped when the module checks or the transform's output change, so cached transforms made without them are not reused. */
export const CHECK_VERSION = "2";

/**
 * The transform's salt without the authoring exports, for caches of what
 * modules compute (src/pipeline/incremental.ts): those also key on the
 * hash of obsforge's code, which covers the exports (and loading
 * src/authoring.ts for them would cost a build that runs no module). Its own
 * module, so that a build served from the cache does not load jiti.
 */
export function transformSalt(): string {
  return [`jiti@${jitiVersion()}`, transformId(), CHECK_VERSION].join("|");
}

function jitiVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve("jiti/package.json"), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
