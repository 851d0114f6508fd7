import { describe, expect, test } from "vitest";
import { diffJson } from "../../src/diff/format-json.ts";
import { diffMarkdown } from "../../src/diff/format-markdown.ts";
import { diffText } from "../../src/diff/format-text.ts";
import type { EstateDiff } from "../../src/diff/model.ts";

/** Names and values as a definition may hold them: backticks, HTML, a fence inside an annotation. */
const DIFF: EstateDiff = {
  base: "origin/main",
  artifacts: [
    {
      kind: "dashboard",
      status: "changed",
      id: "api-red",
      title: "API </summary></details><img src=x>",
      changes: [
        {
          status: "changed",
          kind: "panel",
          name: '"Errors `5xx`"',
          fields: [
            { field: "description", before: "a", after: "```\nb", lines: ["- a", "+ ```", "+ b"] },
            { field: "unit", before: "reqps", after: "`ops`" },
          ],
        },
      ],
    },
  ],
  notes: [],
};

describe("diff formatters", () => {
  test("markdown keeps user text in code: spans and fences outlast its backticks, the summary escapes HTML", () => {
    expect(diffMarkdown(DIFF)).toBe(
      [
        "### obsforge diff against `origin/main`",
        "",
        "**dashboards: 1 changed**",
        "",
        "<details><summary>Dashboard <code>api-red</code> API &lt;/summary&gt;&lt;/details&gt;&lt;img src=x&gt;: 1 changed</summary>",
        "",
        '- **changed** panel ``"Errors `5xx`"``',
        "  - `description`:",
        "",
        "    ````diff",
        "    - a",
        "    + ```",
        "    + b",
        "    ````",
        "",
        "  - `unit`: `reqps` → `` `ops` ``",
        "",
        "</details>",
        "",
      ].join("\n"),
    );
  });

  test("text and JSON render the same change list", () => {
    expect(diffText(DIFF)).toBe(
      [
        "obsforge diff against origin/main: dashboards: 1 changed",
        '~ Dashboard api-red "API </summary></details><img src=x>": 1 changed',
        '  ~ panel "Errors `5xx`"',
        "      description:",
        "        - a",
        "        + ```",
        "        + b",
        "      unit: reqps → `ops`",
        "",
      ].join("\n"),
    );
    const json = JSON.parse(diffJson(DIFF));
    expect(json.summary).toBe("dashboards: 1 changed");
    expect(json.counts).toEqual({ dashboard: { added: 0, removed: 0, changed: 1 } });
    expect(json.artifacts).toEqual(DIFF.artifacts);
  });
});
