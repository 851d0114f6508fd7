// `npm run docs`: write docs/rules from the rule modules; a test fails when the files are stale.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRuleDocs } from "../src/lint/docs.ts";
import { LINT_RULES } from "../src/lint/rules/index.ts";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "rules");
const pages = await renderRuleDocs(LINT_RULES);
await rm(dir, { recursive: true, force: true });
for (const [path, content] of pages) {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), content, "utf8");
}
const written = (await readdir(dir, { recursive: true })).map((p) =>
  relative(dir, join(dir, p)).split(sep).join("/"),
);
process.stdout.write(
  `Wrote ${pages.size} page(s) into docs/rules (${written.filter((p) => p.endsWith(".md")).length} files)\n`,
);
