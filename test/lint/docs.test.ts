import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, test } from "vitest";
import { CHECKS } from "../../src/lint/checks/index.ts";
import { renderCheckDocs, renderLegacyIndex } from "../../src/lint/docs.ts";
import { PROJECT_ROOT } from "./helpers.ts";

const DOCS = join(PROJECT_ROOT, "docs/checks");
const LEGACY = join(PROJECT_ROOT, "docs/rules");

test("docs/checks is what `npm run docs` generates from the checks (run it after changing a check)", async () => {
  const pages = await renderCheckDocs(CHECKS);
  const onDisk = readdirSync(DOCS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(DOCS, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  expect(onDisk).toEqual([...pages.keys()].sort());
  for (const [path, content] of pages)
    expect(readFileSync(join(DOCS, path), "utf8"), path).toBe(content);
});

test("docs/rules holds only the generated index into docs/checks (old links keep working)", () => {
  expect(readdirSync(LEGACY, { recursive: true })).toEqual(["README.md"]);
  expect(readFileSync(join(LEGACY, "README.md"), "utf8")).toBe(renderLegacyIndex(CHECKS));
  for (const check of CHECKS)
    expect(renderLegacyIndex(CHECKS)).toContain(`[${check.id}](../checks/${check.id}.md)`);
});

test("every check has a page and the index links it", async () => {
  const pages = await renderCheckDocs(CHECKS);
  const index = pages.get("README.md") ?? "";
  for (const check of CHECKS) {
    expect(pages.has(`${check.id}.md`)).toBe(true);
    expect(index).toContain(`[${check.id}](${check.id}.md)`);
  }
});
