import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PROJECT_ROOT } from "./paths.ts";

/**
 * Typecheck modules in `dir` (`include` globs, relative to it) against
 * obsforge's published types (dist/index.d.ts, the package's "types"), as a
 * user's editor reads them; checking them against src/ would typecheck all
 * of obsforge again, which `npm run typecheck` does. `paths` adds module
 * mappings (the foundation SDK's types, say). Writes package.json and
 * tsconfig.json into `dir`.
 */
export async function typecheckModules(
  dir: string,
  include: readonly string[],
  paths: Record<string, string[]> = {},
): Promise<{ status: number | null; output: string }> {
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: resolve(PROJECT_ROOT, "tsconfig.json"),
      compilerOptions: {
        paths: { obsforge: [resolve(PROJECT_ROOT, "dist/index.d.ts")], ...paths },
        noEmit: true,
        rootDir: "/",
        typeRoots: [resolve(PROJECT_ROOT, "node_modules/@types")],
      },
      include,
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [resolve(PROJECT_ROOT, "node_modules/typescript/bin/tsc"), "-p", "."],
    { cwd: dir, encoding: "utf8" },
  );
  return { status: tsc.status, output: tsc.stdout + tsc.stderr };
}
