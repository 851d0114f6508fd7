import { describe, expect, test } from "vitest";
import { commandOutput } from "../../src/cli/output.ts";
import {
  formatElapsed,
  isLongStep,
  LONG_STEP,
  progressLine,
  progressText,
  stepDone,
} from "../../src/cli/progress.ts";
import { detectTerminal, wantsColour } from "../../src/cli/terminal.ts";
import { counted, type Progress } from "../../src/core/progress.ts";
import { COLOURS, PLAIN } from "../../src/report/paint.ts";
import { formatText } from "../../src/report/text.ts";
import type { Problem } from "../../src/core/problem.ts";

const tty = { isTTY: true, columns: 100 };
const pipe = {};

describe("colour: NO_COLOR, FORCE_COLOR, else only on a terminal", () => {
  test.for([
    // [stream, env, colour]
    ["terminal", {}, true],
    ["pipe", {}, false],
    ["terminal", { NO_COLOR: "1" }, false],
    ["terminal", { NO_COLOR: "" }, true],
    ["pipe", { FORCE_COLOR: "1" }, true],
    ["pipe", { FORCE_COLOR: "" }, true],
    ["pipe", { FORCE_COLOR: "0" }, false],
    ["terminal", { FORCE_COLOR: "false" }, false],
    // NO_COLOR wins over FORCE_COLOR.
    ["pipe", { NO_COLOR: "yes", FORCE_COLOR: "1" }, false],
    ["terminal", { TERM: "dumb" }, false],
    ["pipe", { TERM: "dumb", FORCE_COLOR: "1" }, true],
  ] as const)("%s with %o: colour %s", ([stream, env, colour]) => {
    expect(wantsColour(stream === "terminal" ? tty : pipe, env)).toBe(colour);
  });

  test("a terminal's width, 80 when the stream gives none", () => {
    expect(detectTerminal(tty, {})).toEqual({ tty: true, colour: true, columns: 100 });
    expect(detectTerminal(pipe, { FORCE_COLOR: "1" })).toEqual({
      tty: false,
      colour: true,
      columns: 80,
    });
  });
});

describe("the text reporter's colours", () => {
  const problems: Problem[] = [
    {
      code: "promql/rate-window",
      severity: "warning",
      message: "expected a wider window",
      file: "definitions/api.ts",
      path: [],
      span: { line: 3, column: 5, endColumn: 7, excerpt: "    x[1m]" },
    },
  ];

  test("plain paint gives the bytes the reporter always gave", () => {
    expect(formatText(problems, PLAIN)).toBe(formatText(problems));
    expect(formatText(problems)).toBe(
      "definitions/api.ts:3:5: warning promql/rate-window: expected a wider window\n" +
        "    3 |     x[1m]\n" +
        "      |     ^^\n" +
        "1 problem(s): 0 error(s), 1 warning(s)\n",
    );
  });

  test("colours mark the place, the severity, the id, the carets and the count", () => {
    const text = formatText(problems, COLOURS);
    expect(text).toBe(
      "\x1b[1mdefinitions/api.ts:3:5\x1b[22m: \x1b[33mwarning\x1b[39m \x1b[2mpromql/rate-window\x1b[22m: expected a wider window\n" +
        "    3 |     x[1m]\n" +
        "      |     \x1b[33m^^\x1b[39m\n" +
        "\x1b[33m1 problem(s): 0 error(s), 1 warning(s)\x1b[39m\n",
    );
    // Without the escapes it is the plain text.
    expect(text.replace(/\x1b\[\d+m/g, "")).toBe(formatText(problems));
  });

  test("no problems is green; summary: false leaves the count out", () => {
    expect(formatText([], COLOURS)).toBe("\x1b[32mNo problems found.\x1b[39m\n");
    expect(formatText(problems, PLAIN, { summary: false })).not.toContain("problem(s)");
  });
});

function fakeStream(columns = 60) {
  let time = 0;
  const writes: string[] = [];
  return {
    writes,
    tick: (ms: number) => {
      time += ms;
    },
    out: { write: (t: string) => writes.push(t), columns: () => columns, now: () => time },
  };
}

const step = (done: number, total?: number): Progress => ({
  doing: "loading",
  items: "definitions",
  done,
  ...(total !== undefined && { total }),
});

describe("the progress line", () => {
  test("text: count, bar and share; a stream's count only; cut to the width", () => {
    expect(progressText(step(50, 200), 100)).toBe(
      "loading definitions  50/200 [#####---------------]  25%",
    );
    expect(progressText(step(1234), 100)).toBe("loading definitions  1234");
    expect(progressText(step(200, 200), 100)).toBe(
      "loading definitions  200/200 [####################] 100%",
    );
    expect(progressText(step(50, 200), 20)).toBe("loading definitions");
  });

  test("a step is long from LONG_STEP items on (a stream's once it has that many)", () => {
    expect(LONG_STEP).toBe(200);
    expect(isLongStep(step(1, 199))).toBe(false);
    expect(isLongStep(step(1, 200))).toBe(true);
    expect(isLongStep(step(199))).toBe(false);
    expect(isLongStep(step(200))).toBe(true);
  });

  test("short steps draw nothing and leave nothing to clear", () => {
    const s = fakeStream();
    const line = progressLine(s.out);
    for (let i = 1; i <= 150; i++) line.onProgress(step(i, 150));
    line.clear();
    expect(s.writes).toEqual([]);
    expect(line.long()).toBe(false);
    expect(line.steps()).toEqual([step(150, 150)]);
  });

  test("a long step redraws in place, skips redraws that come too soon, always draws the last, and clears", () => {
    const s = fakeStream();
    const line = progressLine(s.out);
    line.onProgress(step(1, 300));
    line.onProgress(step(2, 300)); // same instant: skipped
    s.tick(100);
    line.onProgress(step(150, 300));
    line.onProgress(step(300, 300)); // the last: drawn at once
    line.clear();
    expect(s.writes).toEqual([
      "\rloading definitions  1/300 [--------------------]   0%\x1b[K",
      "\rloading definitions  150/300 [##########----------]  50%\x1b[K",
      "\rloading definitions  300/300 [####################] 100%\x1b[K",
      "\r\x1b[K",
    ]);
    expect(line.long()).toBe(true);
  });

  test("summary words and elapsed times", () => {
    expect(stepDone(step(300, 300))).toBe("300 definitions loaded");
    expect(stepDone({ doing: "writing", items: "artifacts", done: 1204 })).toBe(
      "1204 artifacts written",
    );
    expect(formatElapsed(420)).toBe("0.4 s");
    expect(formatElapsed(12_340)).toBe("12.3 s");
    expect(formatElapsed(125_000)).toBe("2 min 5 s");
  });

  test("counted reports each item once it is taken, and is the iterable itself with no listener", () => {
    const items = [1, 2, 3];
    expect(counted(items, { doing: "writing", items: "artifacts" }, undefined)).toBe(items);
    const seen: number[] = [];
    const taken: number[] = [];
    for (const n of counted(items, { doing: "writing", items: "artifacts" }, (p) =>
      seen.push(p.done),
    ))
      taken.push(n);
    expect(taken).toEqual(items);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe("a command's output on a terminal, a pipe and with --quiet", () => {
  function io(stderr: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = {}) {
    let err = "";
    let time = 0;
    return {
      text: () => err,
      tick: (ms: number) => {
        time += ms;
      },
      io: {
        stdout: () => {},
        stderr: (t: string) => {
          err += t;
        },
        cwd: "/",
        now: () => time,
        terminal: { stdout: pipe, stderr, env },
      },
    };
  }

  test("on a terminal, a long run draws progress and ends with its summary line", () => {
    const t = io({ isTTY: true, columns: 80 }, { NO_COLOR: "1" });
    const output = commandOutput("build", t.io);
    expect(output.onProgress).toBeDefined();
    for (let i = 1; i <= 300; i++) output.onProgress?.(step(i, 300));
    output.onProgress?.({ doing: "writing", items: "artifacts", done: 1204 });
    t.tick(3_400);
    output.endProgress();
    output.summary({ ok: true });
    // The clock stood still while loading: the first and the last state only.
    expect(t.text()).toBe(
      "\rloading definitions  1/300 [--------------------]   0%\x1b[K" +
        "\rloading definitions  300/300 [####################] 100%\x1b[K" +
        "\rwriting artifacts  1204\x1b[K" +
        "\r\x1b[K" +
        "obsforge build: 300 definitions loaded, 1204 artifacts written in 3.4 s\n",
    );
  });

  test("a short run on a terminal prints no summary", () => {
    const t = io({ isTTY: true });
    const output = commandOutput("build", t.io);
    output.onProgress?.(step(3, 3));
    output.summary({ ok: true });
    expect(t.text()).toBe("");
  });

  test("on a pipe, or with --quiet, there is no progress listener and no summary", () => {
    for (const t of [io(pipe), io({ isTTY: true })]) {
      const output = commandOutput("lint", t.io, { quiet: t.io.terminal.stderr !== pipe });
      expect(output.onProgress).toBeUndefined();
      output.summary({ ok: true });
      expect(t.text()).toBe("");
    }
  });

  test("without stream facts (library and in-process callers), everything is plain", () => {
    const output = commandOutput("build", { stdout: () => {}, stderr: () => {}, cwd: "/" });
    expect([output.stdout.colour, output.stderr.colour, output.onProgress]).toEqual([
      false,
      false,
      undefined,
    ]);
    expect(output.stdout.paint).toBe(PLAIN);
  });
});
