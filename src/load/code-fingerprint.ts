import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareStrings } from "../core/order.ts";

/**
 * What "the obsforge that runs" means for the module cache: its version,
 * the bytes of its own code (dist/ when installed, src/ under the tests), the
 * exact versions of its runtime dependencies (a new zod or js-yaml may
 * validate or write differently) and Node's own version with its ICU. A
 * cached model or artifact made by anything else is never reused. The code
 * is hashed rather than trusted to the version string, because a working
 * copy keeps one version across many changes.
 */
export interface CodeFingerprint {
  /** The `version` of obsforge's package.json. */
  version: string;
  /** sha256 over everything above, the version included. */
  hash: string;
}

let computed: CodeFingerprint | undefined;

/** The running obsforge's fingerprint (computed once per process: about 10 ms on dist/). */
export function codeFingerprint(): CodeFingerprint {
  computed ??= fingerprintOf(dirname(dirname(fileURLToPath(import.meta.url))));
  return computed;
}

/** The fingerprint of the obsforge whose code folder (src/ or dist/) is `codeDir`. */
export function fingerprintOf(codeDir: string): CodeFingerprint {
  const root = dirname(codeDir);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    version?: string;
    dependencies?: Record<string, string>;
  };
  const version = pkg.version ?? "unknown";
  const hash = createHash("sha256");
  const part = (text: string | Buffer) => {
    hash.update(`${Buffer.byteLength(text)}:`);
    hash.update(text);
  };
  part(`obsforge ${version}`);
  part(`node ${process.version} icu ${process.versions.icu ?? "none"}`);
  for (const name of Object.keys(pkg.dependencies ?? {}).sort(compareStrings))
    part(`${name}@${installedVersion(root, name)}`);
  const files = readdirSync(codeDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(m?[jt]s|json)$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name))
    .sort(compareStrings);
  for (const file of files) {
    part(file.slice(codeDir.length));
    part(readFileSync(file));
  }
  return { version, hash: hash.digest("hex") };
}

/** The version of a dependency as Node would resolve it from obsforge's folder. */
function installedVersion(root: string, name: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    const manifest = join(dir, "node_modules", name, "package.json");
    if (existsSync(manifest)) {
      const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: string };
      return version ?? "unknown";
    }
    if (dirname(dir) === dir) return "missing";
  }
}
