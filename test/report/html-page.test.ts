import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { escapeHtml, jsonForScript } from "../../src/report/html/escape.ts";
import { htmlPage } from "../../src/report/html/page.ts";
import { chartAssets } from "../../src/report/html/uplot-assets.ts";

const HOSTILE = `</script><script>alert(1)</script><!-- "quoted" & 'single' \u2028`;

describe("text and data in obsforge pages", () => {
  test("escapeHtml leaves no markup character", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
    );
  });

  test("jsonForScript writes no `<` (so no </script or <!--) and parses back to the same data", () => {
    const data = { title: HOSTILE, values: [1, null, 0.5] };
    const json = jsonForScript(data);
    expect(json).not.toContain("<");
    expect(json).not.toContain("\u2028");
    expect(json).toContain("\\u003c/script>");
    expect(JSON.parse(json)).toEqual(data);
  });

  test("a page holds exactly its own scripts, allowed by hash, whatever the data and title say", () => {
    const page = htmlPage({
      title: HOSTILE,
      body: `<p>${escapeHtml(HOSTILE)}</p>`,
      data: { title: HOSTILE },
      script: "document.title = 'ok';",
    });
    // The JSON block and the page's script: nothing the hostile text could have opened.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(page).not.toContain("<!--");
    const hash = createHash("sha256").update("document.title = 'ok';").digest("base64");
    expect(page).toContain(`script-src 'sha256-${hash}'`);
    expect(page).toContain("default-src 'none'");
  });

  test("uPlot is inlined from the pinned package, and the same parts give the same bytes", () => {
    const assets = chartAssets();
    expect(assets.credit).toBe("uPlot 1.6.32");
    expect(assets.script).toContain("uPlot");
    const parts = { title: "t", body: "<p>b</p>", data: { a: 1 }, script: "1;", assets };
    const page = htmlPage(parts);
    expect(page).toContain(assets.style);
    expect(page.match(/<script/g)).toHaveLength(3);
    expect(htmlPage(parts)).toBe(page);
  });
});
