import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, test } from "vitest";
import { renderRuleDocs } from "../../src/lint/docs.ts";
import { LINT_RULES } from "../../src/lint/rules/index.ts";
import { PROJECT_ROOT } from "./helpers.ts";

const DOCS = join(PROJECT_ROOT, "docs/rules");

test("docs/rules is what `npm run docs` generates from the rules (run it after changing a rule)", async () => {
  const pages = await renderRuleDocs(LINT_RULES);
  const onDisk = readdirSync(DOCS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(DOCS, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  expect(onDisk).toEqual([...pages.keys()].sort());
  for (const [path, content] of pages)
    expect(readFileSync(join(DOCS, path), "utf8"), path).toBe(content);
});

test("every rule has a page and the index links it", async () => {
  const pages = await renderRuleDocs(LINT_RULES);
  const index = pages.get("README.md") ?? "";
  for (const rule of LINT_RULES) {
    expect(pages.has(`${rule.id}.md`)).toBe(true);
    expect(index).toContain(`[${rule.id}](${rule.id}.md)`);
  }
});
