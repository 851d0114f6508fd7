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

  /** A title with a blank line and terminal sequences, as a dashboard JSON or a TS string may hold. */
  const CONTROLS: EstateDiff = {
    base: "base",
    artifacts: [
      {
        kind: "dashboard",
        status: "added",
        id: "api\u001b[2J",
        title: "API\n\n![t](https://evil.example/t.png) \u001b]0;pwned\u0007",
        changes: [
          {
            status: "changed",
            kind: "panel",
            name: '"a\u001b[31m"',
            within: 'row "r\r"',
            fields: [
              { field: "title", before: "x\u009b2J", after: "y", lines: ["- x\u001b[1A", "+ y"] },
              { field: "unit", before: "a\u202e", after: "b" },
            ],
          },
        ],
      },
    ],
    notes: [],
  };

  test("markdown: a blank line or a control character in a title cannot end the summary's HTML block", () => {
    const md = diffMarkdown(CONTROLS);
    expect(md).toContain(
      "<details><summary>Dashboard <code>api\\x1b[2J</code> API\\x0a\\x0a![t](https://evil.example/t.png) \\x1b]0;pwned\\x07 (added): 1 changed</summary>",
    );
    expect(md).toContain('- **changed** panel `"a\\x1b[31m"` in `row "r\\x0d"`');
    expect(md).toContain("    - x\\x1b[1A");
    expect(md).toContain("  - `unit`: `a\\u202e` → `b`");
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  test("text: terminal control sequences in names and values are printed as escapes, never sent", () => {
    expect(diffText(CONTROLS)).toBe(
      [
        "obsforge diff against base: dashboards: 1 added",
        '+ Dashboard api\\x1b[2J "API\\x0a\\x0a![t](https://evil.example/t.png) \\x1b]0;pwned\\x07" (added): 1 changed',
        '  ~ panel "a\\x1b[31m" (row "r\\x0d")',
        "      title:",
        "        - x\\x1b[1A",
        "        + y",
        "      unit: a\\u202e → b",
        "",
      ].join("\n"),
    );
  });
});
