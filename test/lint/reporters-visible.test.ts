import type { Problem } from "../../src/core/problem.ts";
import { describe, expect, test } from "vitest";
import { formatGithub } from "../../src/report/github.ts";
import { formatText } from "../../src/report/text.ts";

/**
 * Findings carry text from the linted files (alert names, annotations,
 * label values, file names). A terminal or the Actions log viewer would act
 * on control characters in it: ESC starts colour, cursor and title sequences,
 * CR rewrites the line, U+009B is a one-byte CSI, U+202E reverses the text.
 */
const HOSTILE: Problem = {
  code: "promql/rate-window",
  severity: "error",
  message: 'expected a longer window in alert "\x1b[2J\x1b]0;owned\x07Hi\u202eevil"',
  file: "definitions/\x1b[31mapi.ts",
  path: [],
  span: { line: 3, column: 12, endColumn: 14, excerpt: '  expr: "\x1b[8m" + rate(x[1m])' },
  subject: "Alert\rFake",
};

describe("human reporters print control characters as escapes", () => {
  test("text: file, message, subject and excerpt are escaped; the caret stays under the span", () => {
    expect(formatText([HOSTILE])).toBe(
      [
        'definitions/\\x1b[31mapi.ts:3:12: error promql/rate-window: expected a longer window in alert "\\x1b[2J\\x1b]0;owned\\x07Hi\\u202eevil" [Alert\\x0dFake]',
        '    3 |   expr: "\\x1b[8m" + rate(x[1m])',
        "      |               ^^",
        "1 problem(s): 1 error(s), 0 warning(s)",
        "",
      ].join("\n"),
    );
  });

  test("github: the workflow command carries no control character, and %-escapes still apply", () => {
    const out = formatGithub([{ ...HOSTILE, message: `${HOSTILE.message} 100%\n` }]);
    expect(out).toBe(
      '::error file=definitions/\\x1b[31mapi.ts,line=3,col=12,endColumn=14,title=promql/rate-window::expected a longer window in alert "\\x1b[2J\\x1b]0;owned\\x07Hi\\u202eevil" 100%25\\x0a [Alert\\x0dFake]\n',
    );
    expect(out.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  test("tabs are kept, so carets still line up under tab-indented text", () => {
    const out = formatText([
      { ...HOSTILE, span: { line: 3, excerpt: "\t\x1b[1mrate(x[1m])", column: 6, endColumn: 8 } },
    ]);
    expect(out.split("\n").slice(1, 3)).toEqual([
      "    3 | \t\\x1b[1mrate(x[1m])",
      "      | \t       ^^",
    ]);
  });
});
