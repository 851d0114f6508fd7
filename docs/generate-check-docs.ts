// `npm run docs`: write docs/checks (and the docs/rules index that points there) from the check
// modules; a test fails when the files are stale.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { renderCheckDocs, renderLegacyIndex } from "../src/lint/docs.ts";
import { CHECKS } from "../src/lint/checks/index.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(here, "checks");
const pages = await renderCheckDocs(CHECKS);
await rm(dir, { recursive: true, force: true });
for (const [path, content] of pages) {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content, "utf8");
}
const legacy = resolve(here, "rules");
await rm(legacy, { recursive: true, force: true });
await mkdir(legacy, { recursive: true });
await writeFile(join(legacy, "README.md"), renderLegacyIndex(CHECKS), "utf8");
const written = (await readdir(dir, { recursive: true })).map((p) =>
  relative(dir, join(dir, p)).split(sep).join("/"),
);
process.stdout.write(
  `Wrote ${pages.size} page(s) into docs/checks (${written.filter((p) => p.endsWith(".md")).length} files) and docs/rules/README.md\n`,
);
